import { sql, type Tx } from '@tillpoint/db';
import type { CashReportMovement } from '@tillpoint/domain';
import { localeOf } from '../../lib/locale.ts';
import { selectIssuer, selectTaxRateNames, selectUserName } from '../receipts/receipt-queries.ts';
import type { SessionRow } from './queries.ts';

// What a printed report shows beyond the figures: where and in which locale and zone it is
// printed, who opened and closed the drawer, and the reason given for each pay-in and pay-out.

export interface PrintContext {
  readonly storeName: string;
  readonly registerName: string;
  readonly locale: string;
  readonly timeZone: string;
  readonly openedBy: string | null;
  readonly closedBy: string | null;
  readonly movements: readonly CashReportMovement[];
  /** Names of the tax rates the report lists, by rate id. */
  readonly taxRateNames: ReadonlyMap<string, string>;
}

export async function loadPrintContext(
  tx: Tx,
  session: SessionRow,
  taxRateIds: readonly string[],
): Promise<PrintContext> {
  const issuer = await selectIssuer(tx, session.storeId, session.registerId);
  const movements = await tx.query<CashReportMovement>(sql`select kind,
      amount_minor as "amountMinor", reason
    from cash_movements
    where cash_session_id = ${session.id} and kind in ('pay_in', 'pay_out')
    order by id`);
  return {
    storeName: issuer.storeName,
    registerName: issuer.registerName,
    locale: localeOf(issuer.country, issuer.tenantSettings.locale),
    timeZone: issuer.timeZone,
    openedBy: await selectUserName(tx, session.openedBy),
    closedBy: await selectUserName(tx, session.closedBy),
    movements,
    taxRateNames: await selectTaxRateNames(tx, taxRateIds),
  };
}
