import type { ClosingReport, SessionReport } from '@tillpoint/domain';
import type { LoadedActivity } from './activity-queries.ts';
import type { SessionRow } from './queries.ts';
import type { CashSessionView, XReportView, ZReportView } from './schemas.ts';

/**
 * A session as the API shows it. `reveal` is false for blind views (the register's current
 * session, a cashier's close): what the drawer should hold is then left out entirely, so a
 * cashier counts what is there rather than what the system expects.
 */
export function toSessionView(row: SessionRow, reveal: boolean): CashSessionView {
  const { expectedMinor, overShortMinor, ...rest } = row;
  return reveal ? { ...rest, expectedMinor, overShortMinor } : rest;
}

function reportFields(
  session: SessionRow,
  report: SessionReport,
  loaded: LoadedActivity,
  asOf: string,
) {
  return {
    cashSessionId: session.id,
    storeId: session.storeId,
    registerId: session.registerId,
    currency: session.currency,
    status: session.status,
    openedAt: session.openedAt,
    openedBy: session.openedBy,
    closedAt: session.closedAt,
    asOf,
    drawer: report.drawer,
    sales: report.sales,
    refunds: report.refunds,
    netSalesMinor: report.netSalesMinor,
    tenders: [...report.tenders],
    taxes: [...report.taxes],
    cashRounding: report.cashRounding,
    payIns: report.payIns,
    payOuts: report.payOuts,
    voidsCount: report.voidsCount,
    noSaleCount: report.noSaleCount,
    openSalesCount: loaded.openSalesCount,
    parkedSalesCount: loaded.parkedSalesCount,
  };
}

export function toXReport(
  session: SessionRow,
  report: SessionReport,
  loaded: LoadedActivity,
  asOf: string,
): XReportView {
  return { kind: 'x', ...reportFields(session, report, loaded, asOf) };
}

/** The Z figures: the count, expected and over/short are the ones fixed at close. */
export function toZReport(
  session: SessionRow & {
    closedAt: string;
    closedBy: string;
    closingCount: Record<string, number>;
    countedMinor: number;
    expectedMinor: number;
    overShortMinor: number;
  },
  report: SessionReport | ClosingReport,
  loaded: LoadedActivity,
): ZReportView {
  return {
    kind: 'z',
    ...reportFields(session, report, loaded, session.closedAt),
    closedBy: session.closedBy,
    closingCount: session.closingCount,
    expectedMinor: session.expectedMinor,
    countedMinor: session.countedMinor,
    overShortMinor: session.overShortMinor,
    closingNote: session.closingNote,
    changedSinceClose: report.drawer.expectedMinor !== session.expectedMinor,
  };
}
