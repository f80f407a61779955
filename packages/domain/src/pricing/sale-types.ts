import type { Currency } from './currency.ts';
import type { Discount } from './discount.ts';
import type { Minor } from './money.ts';
import type { Quantity } from './quantity.ts';
import type { RatePpm } from './rate.ts';
import type { RoundingMode } from './rounding.ts';
import type { TaxMode, TaxRate, TaxRounding } from './tax.ts';

export type SaleLineInput = Quantity & {
  readonly id: string;
  /** Catalogue price of one unit (or of one whole unit of weight), in the sale's tax mode. */
  readonly unitPriceMinor: Minor;
  /** Replaces the unit price for this line (manager override); discounts then apply to it. */
  readonly priceOverrideMinor?: Minor;
  readonly taxRates?: readonly TaxRate[];
  readonly discount?: Discount;
};

export interface SaleInput {
  readonly currency: string | Currency;
  readonly taxMode: TaxMode;
  readonly taxRounding: TaxRounding;
  readonly roundingMode: RoundingMode;
  /**
   * No tax is charged. With exclusive prices the customer pays the net; with inclusive prices
   * the tax contained in the shelf price is taken out of it (reported as exemptTaxRemovedMinor),
   * so the customer pays the same net an exclusive-priced store would have charged.
   */
  readonly taxExempt?: boolean;
  readonly lines: readonly SaleLineInput[];
  /** Allocated over lines in proportion to their amounts after line discounts. */
  readonly orderDiscount?: Discount;
}

export interface LineTax {
  readonly rateId: string;
  readonly ratePpm: RatePpm;
  readonly taxMinor: Minor;
}

/**
 * The money of one line (or of the part of it being refunded). Identities, exact in minor units:
 *   exclusive: gross − lineDiscount − orderDiscount = net,                          total = net + tax
 *   inclusive: gross − lineDiscount − orderDiscount = net + tax + exemptTaxRemoved, total = net + tax
 */
export interface LineAmounts {
  readonly grossMinor: Minor;
  readonly lineDiscountMinor: Minor;
  readonly orderDiscountMinor: Minor;
  /** Amount after all discounts, excluding tax. */
  readonly netMinor: Minor;
  readonly taxes: readonly LineTax[];
  readonly taxMinor: Minor;
  readonly exemptTaxRemovedMinor: Minor;
  readonly totalMinor: Minor;
}

export interface PricedLine extends LineAmounts {
  readonly id: string;
  readonly quantityMilli: number;
  readonly listUnitPriceMinor: Minor;
  /** The unit price actually charged: the override when there is one. */
  readonly unitPriceMinor: Minor;
}

/** Per-rate figures for receipts and the tax ledger. taxable = net of the lines carrying it. */
export interface RateTotal {
  readonly rateId: string;
  readonly ratePpm: RatePpm;
  readonly compound: boolean;
  readonly taxableMinor: Minor;
  readonly taxMinor: Minor;
}

/** Every field is the exact sum of the same field over the lines. */
export interface SaleTotals {
  readonly grossMinor: Minor;
  readonly lineDiscountMinor: Minor;
  readonly orderDiscountMinor: Minor;
  readonly discountMinor: Minor;
  /** Sum of line nets: after discounts, excluding tax. */
  readonly subtotalMinor: Minor;
  readonly taxes: readonly RateTotal[];
  readonly taxMinor: Minor;
  readonly exemptTaxRemovedMinor: Minor;
  readonly totalMinor: Minor;
}

export interface PricedSale {
  readonly currency: Currency;
  readonly taxMode: TaxMode;
  readonly taxRounding: TaxRounding;
  readonly roundingMode: RoundingMode;
  readonly taxExempt: boolean;
  readonly lines: readonly PricedLine[];
  readonly totals: SaleTotals;
}
