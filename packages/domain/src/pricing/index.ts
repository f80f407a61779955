/**
 * The money engine shared by the server (which recomputes and stores every total) and the web
 * register (which shows the same totals offline). Pure, synchronous, no dependencies.
 *
 * - Amounts are integer minor units in safe-integer `number`s; anything else is refused.
 * - Rates are integer parts per million (88_750 = 8.875 %).
 * - Every product or quotient is computed exactly in BigInt and rounded once, by divideRounded.
 * - Totals are always sums of the lines, never computed separately.
 */
export { allocateProportionally } from './allocate.ts';
export type { CashRounding } from './cash-rounding.ts';
export { roundCash } from './cash-rounding.ts';
export type { Currency, CurrencyCode, CurrencyOverrides } from './currency.ts';
export { CURRENCY_CODES, defineCurrency, getCurrency, resolveCurrency } from './currency.ts';
export type { Discount } from './discount.ts';
export { discountAmount } from './discount.ts';
export type { PricingErrorCode } from './errors.ts';
export { isPricingError, PricingError } from './errors.ts';
export { formatMinor, parseMinor } from './format.ts';
export type { Minor } from './money.ts';
export { addMinor, assertMinor, assertNonNegativeMinor, sumMinor } from './money.ts';
export type { Quantity } from './quantity.ts';
export { MILLI_PER_UNIT } from './quantity.ts';
export type { RatePpm } from './rate.ts';
export { applyRate, PPM_PER_WHOLE, percentToPpm, ppmToPercent } from './rate.ts';
export type {
  PricedRefund,
  RefundInput,
  RefundLine,
  RefundQuantity,
} from './refund.ts';
export { priceRefund } from './refund.ts';
export type {
  OriginalTender,
  RefundAllocation,
  RefundDestination,
  RefundPayment,
  RefundTendersInput,
} from './refund-tenders.ts';
export { allocateRefundToTenders } from './refund-tenders.ts';
export type { DivisionRounding, RoundingMode } from './rounding.ts';
export { divideRounded, ROUNDING_MODES, roundToIncrement } from './rounding.ts';
export { priceSale } from './sale.ts';
export type {
  LineAmounts,
  LineTax,
  PricedLine,
  PricedSale,
  RateTotal,
  SaleInput,
  SaleLineInput,
  SaleTotals,
} from './sale-types.ts';
export type { TaxMode, TaxRate, TaxRounding } from './tax.ts';
export type {
  AppliedTender,
  ApplyTendersInput,
  TenderInput,
  TenderKind,
  TenderSettlement,
} from './tender.ts';
export { applyTenders, TENDER_KINDS } from './tender.ts';
