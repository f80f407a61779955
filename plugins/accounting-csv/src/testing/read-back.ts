import { getCurrency, parseMinor } from '@tillpoint/domain';
import type { AccountingDelivery } from '@tillpoint/plugin-sdk';
import type { ReadBackEntry } from '@tillpoint/plugin-sdk/contracts';
import { parse } from 'csv-parse/sync';
import type { CsvSettings } from '../config.ts';
import { CSV_HEADER } from '../journal-file.ts';

// Reads a delivered file the way an importer would (a real CSV parser, not our writer's inverse),
// undoing only the formula guard, so tests compare what an accountant's software would see.

export interface CsvRow {
  readonly date: string;
  readonly entryId: string;
  readonly store: string;
  readonly account: string;
  readonly description: string;
  readonly debitMinor: number;
  readonly creditMinor: number;
  readonly currency: string;
}

export function parseJournalCsv(bytes: Uint8Array, settings: CsvSettings): CsvRow[] {
  const records: string[][] = parse(Buffer.from(bytes), {
    delimiter: settings.delimiter,
    bom: true,
    record_delimiter: '\r\n',
  });
  if (settings.includeHeader) {
    const [header] = records.splice(0, 1);
    if (header?.join('|') !== CSV_HEADER.join('|')) throw new Error(`Unexpected header ${header}`);
  }
  return records.map((cells) => {
    const [date, entryId, store, account, description, debit, credit, currency] =
      cells.map(unguard);
    if (currency === undefined || cells.length !== CSV_HEADER.length)
      throw new Error(`Row has ${cells.length} cells: ${cells.join('|')}`);
    const amount = (text = '') =>
      parseMinor(text.replace(settings.decimalSeparator, '.'), getCurrency(currency));
    return {
      date: isoDate(date ?? '', settings.dateFormat),
      entryId: entryId ?? '',
      store: store ?? '',
      account: account ?? '',
      description: description ?? '',
      debitMinor: amount(debit),
      creditMinor: amount(credit),
      currency,
    };
  });
}

/** The entries of a file delivery, grouped by entry id in file order. */
export function readBackCsv(delivery: AccountingDelivery, settings: CsvSettings): ReadBackEntry[] {
  if (delivery.kind !== 'file') throw new Error('The CSV plugin delivers files');
  const entries = new Map<
    string,
    { id: string; date: string; currency: string; lines: ReadBackEntry['lines'][number][] }
  >();
  for (const row of parseJournalCsv(delivery.bytes, settings)) {
    let entry = entries.get(row.entryId);
    if (!entry) {
      entry = { id: row.entryId, date: row.date, currency: row.currency, lines: [] };
      entries.set(row.entryId, entry);
    }
    entry.lines.push({
      account: row.account,
      debitMinor: row.debitMinor,
      creditMinor: row.creditMinor,
    });
  }
  return [...entries.values()];
}

function unguard(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

function isoDate(text: string, format: CsvSettings['dateFormat']): string {
  if (format === 'YYYY-MM-DD') return text;
  const [first = '', second = '', year = ''] = text.split('/');
  return format === 'DD/MM/YYYY' ? `${year}-${second}-${first}` : `${year}-${first}-${second}`;
}
