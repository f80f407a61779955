/**
 * Cash drawers: denomination counts, the drawer computation behind the X and Z reports, and the
 * blind count's over/short. Pure and synchronous; money is integer minor units, as in pricing.
 */
export type { CountedCash, DenominationCounts } from './counts.ts';
export { countCash } from './counts.ts';
export type { Denomination } from './denominations.ts';
export { DENOMINATION_CURRENCIES, denominationsOf } from './denominations.ts';
export type { DrawerCount, DrawerInput, DrawerSummary } from './drawer.ts';
export { computeDrawer, reconcileDrawer } from './drawer.ts';
export type { CashErrorCode } from './errors.ts';
export { CashError, isCashError } from './errors.ts';
export type {
  ClosingReport,
  MovementTotal,
  RefundsSummary,
  SalesSummary,
  SessionActivity,
  SessionMovement,
  SessionRefund,
  SessionRefundPayment,
  SessionReport,
  SessionSale,
  SessionSalePayment,
  SessionTaxRow,
  SessionTenderKind,
  TaxTotal,
  TenderTotal,
} from './report.ts';
export { closeSession, summarizeSession } from './report.ts';
