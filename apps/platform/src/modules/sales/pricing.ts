import { sql, type Tx } from '@tillpoint/db';
import {
  type Discount,
  type PricedSale,
  priceSale,
  type SaleInput,
  type SaleLineInput,
} from '@tillpoint/domain';
import { AppError } from '../../errors.ts';
import type { LineDraft, LineRow } from './sale-queries.ts';
import type { DiscountInput } from './sale-schemas.ts';

// The bridge between stored sales and the money engine: a SaleInput built from the stored line
// inputs and the terms fixed on the sale, and the engine's answer written back field by field.
// Nothing here adds or rounds money; priceSale does.

/** The pricing terms a sale fixed when it opened, plus what changes them since. */
export interface SaleTerms {
  readonly id: string;
  readonly currency: string;
  readonly taxMode: 'exclusive' | 'inclusive';
  readonly taxRounding: 'line' | 'document';
  readonly roundingMode: 'half_up' | 'half_even';
  readonly taxExempt: boolean;
  readonly orderDiscount: DiscountInput | null;
}

/** The API says ppm; the engine says ratePpm. */
export function engineDiscount(discount: DiscountInput): Discount {
  return discount.kind === 'percent'
    ? { kind: 'percent', ratePpm: discount.ppm }
    : { kind: 'fixed', amountMinor: discount.amountMinor };
}

function engineLine(line: LineDraft): SaleLineInput {
  return {
    id: line.id,
    quantityMilli: line.quantityMilli,
    unitPriceMinor: line.listUnitPriceMinor,
    ...(line.priceOverrideMinor === null ? {} : { priceOverrideMinor: line.priceOverrideMinor }),
    taxRates: line.taxRates,
    ...(line.discount === null ? {} : { discount: engineDiscount(line.discount) }),
  };
}

export function saleInputOf(terms: SaleTerms, lines: readonly LineDraft[]): SaleInput {
  return {
    currency: terms.currency,
    taxMode: terms.taxMode,
    taxRounding: terms.taxRounding,
    roundingMode: terms.roundingMode,
    taxExempt: terms.taxExempt,
    lines: lines.map(engineLine),
    ...(terms.orderDiscount ? { orderDiscount: engineDiscount(terms.orderDiscount) } : {}),
  };
}

/**
 * Prices the whole sale. A gift card is sold at its face value (the card is loaded with it), so
 * an order discount, which the engine spreads over every line, cannot share a sale with one.
 */
export function priceLines(
  terms: SaleTerms,
  lines: readonly LineDraft[],
): { priced: PricedSale; rows: LineRow[] } {
  if (terms.orderDiscount && lines.some((line) => line.kind === 'gift_card')) {
    throw new AppError(
      'sale.discount_on_gift_card',
      'Gift cards are sold at face value, so this sale cannot have both a gift card and an order ' +
        'discount: remove the order discount, or sell the gift card on a sale of its own.',
    );
  }
  const priced = priceSale(saleInputOf(terms, lines));
  const rows = lines.map((line, index): LineRow => {
    const result = priced.lines[index];
    if (!result || result.id !== line.id) throw new Error(`priced line ${index} is missing`);
    return {
      ...line,
      unitPriceMinor: result.unitPriceMinor,
      grossMinor: result.grossMinor,
      lineDiscountMinor: result.lineDiscountMinor,
      orderDiscountMinor: result.orderDiscountMinor,
      netMinor: result.netMinor,
      lineTaxes: [...result.taxes],
      taxMinor: result.taxMinor,
      exemptTaxRemovedMinor: result.exemptTaxRemovedMinor,
      totalMinor: result.totalMinor,
    };
  });
  return { priced, rows };
}

/** Stores the engine's totals on the sale (its lines are written by writeLines). */
export async function writeTotals(tx: Tx, saleId: string, priced: PricedSale): Promise<void> {
  const { totals } = priced;
  await tx.execute(sql`update sales set gross_minor = ${totals.grossMinor},
      line_discount_minor = ${totals.lineDiscountMinor},
      order_discount_minor = ${totals.orderDiscountMinor}, subtotal_minor = ${totals.subtotalMinor},
      tax_minor = ${totals.taxMinor}, exempt_tax_removed_minor = ${totals.exemptTaxRemovedMinor},
      total_minor = ${totals.totalMinor}, tax_totals = ${sql.json(totals.taxes)}
    where id = ${saleId}`);
}

const LINE_FIELDS = [
  'unitPriceMinor',
  'grossMinor',
  'lineDiscountMinor',
  'orderDiscountMinor',
  'netMinor',
  'taxMinor',
  'exemptTaxRemovedMinor',
  'totalMinor',
] as const;

const TOTAL_FIELDS = [
  'grossMinor',
  'lineDiscountMinor',
  'orderDiscountMinor',
  'subtotalMinor',
  'taxMinor',
  'exemptTaxRemovedMinor',
  'totalMinor',
] as const;

/**
 * Completion re-prices the stored line inputs and insists the stored figures still hold: what
 * the customer was shown and paid is what gets booked, or nothing is.
 */
export function assertStoredPricing(
  terms: SaleTerms & Record<(typeof TOTAL_FIELDS)[number], number>,
  stored: readonly LineRow[],
): void {
  const { priced, rows } = priceLines(terms, stored);
  const drift: string[] = [];
  rows.forEach((row, index) => {
    const before = stored[index];
    for (const field of LINE_FIELDS)
      if (before?.[field] !== row[field]) drift.push(`line ${row.id} ${field}`);
  });
  for (const field of TOTAL_FIELDS)
    if (terms[field] !== priced.totals[field]) drift.push(`sale ${field}`);
  if (drift.length > 0)
    throw new AppError(
      'sale.totals_stale',
      'The stored totals of this sale no longer match its lines, so it cannot be completed. ' +
        'Void it and ring it up again.',
      { saleId: terms.id, fields: drift },
    );
}
