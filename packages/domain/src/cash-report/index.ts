// X and Z reports as printed documents: model, consistency check, layout and plain text. The
// figures come from the cash report computation (../cash); this only presents them.
export type { CashReportProblem } from './check.ts';
export {
  assertValidCashReport,
  checkCashReport,
  InvalidCashReportError,
  isInvalidCashReportError,
} from './check.ts';
export { CASH_REPORT_LABELS } from './labels.ts';
export type { CashReportBlock, CashReportLayoutOptions, CashReportRowRole } from './layout.ts';
export { cashReportLayout } from './layout.ts';
export type * from './model.ts';
export type { CashReportTextOptions } from './text.ts';
export { cashReportBlockAlign, renderCashReportText } from './text.ts';
