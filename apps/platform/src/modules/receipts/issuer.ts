import type { Tx } from '@tillpoint/db';
import type { ReceiptStore } from '@tillpoint/domain';
import { localeOf } from '../../lib/locale.ts';
import { type IssuerRow, selectIssuer } from './receipt-queries.ts';

// Who issued a receipt and how it is printed: the store block, the register, the tenant's locale,
// the store's time zone and its own header and footer text.

export interface Issuer {
  readonly store: ReceiptStore;
  readonly registerName: string;
  readonly locale: string;
  readonly timeZone: string;
  readonly headerLines: readonly string[];
  readonly footerLines: readonly string[];
  /** Today's tax mode, for documents that do not record the one they were priced with. */
  readonly tenantTaxMode: 'exclusive' | 'inclusive';
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim().length > 0 ? value.trim() : null;

/** "1 Main St", "Suite 2", "Springfield, IL 62701": empty parts left out. */
export function addressLines(address: Readonly<Record<string, unknown>>): string[] {
  const regionAndCode = [text(address.region), text(address.postalCode)]
    .filter((part) => part !== null)
    .join(' ');
  const cityLine = [text(address.city), text(regionAndCode)]
    .filter((part) => part !== null)
    .join(', ');
  return [text(address.line1), text(address.line2), text(cityLine)].filter(
    (line): line is string => line !== null,
  );
}

/** Free text typed by the store, one printed line per typed line, outer blank lines dropped. */
export function textLines(value: string): string[] {
  const lines = value.split(/\r?\n/).map((line) => line.trimEnd());
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}

/** The store's own contact details win over the business-wide ones. */
function firstText(row: IssuerRow, keys: readonly string[]): string | null {
  for (const source of [row.address, row.tenantSettings]) {
    for (const key of keys) {
      const value = text(source[key]);
      if (value) return value;
    }
  }
  return null;
}

export async function loadIssuer(tx: Tx, storeId: string, registerId: string): Promise<Issuer> {
  const row = await selectIssuer(tx, storeId, registerId);
  return {
    store: {
      name: row.storeName,
      addressLines: addressLines(row.address),
      phone: firstText(row, ['phone']),
      taxNumber: firstText(row, ['taxNumber', 'taxId', 'vatNumber']),
    },
    registerName: row.registerName,
    locale: localeOf(row.country, row.tenantSettings.locale),
    timeZone: row.timeZone,
    headerLines: textLines(row.receiptHeader),
    footerLines: textLines(row.receiptFooter),
    tenantTaxMode: row.tenantTaxMode,
  };
}
