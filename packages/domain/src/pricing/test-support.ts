// Test-only helpers shared by the *.test.ts files beside it; not exported from the barrel.
import fc from 'fast-check';
import { expect } from 'vitest';
import { CURRENCY_CODES } from './currency.ts';
import type { Discount } from './discount.ts';
import type { Quantity } from './quantity.ts';
import type { RoundingMode } from './rounding.ts';
import { priceSale } from './sale.ts';
import type { LineAmounts, PricedSale, SaleInput, SaleLineInput } from './sale-types.ts';
import type { TaxRate } from './tax.ts';

/** A fixed pool so one id always means one rate, as priceSale requires. */
export const RATE_POOL: readonly TaxRate[] = [
  { id: 'state', ratePpm: 40_000 },
  { id: 'city', ratePpm: 45_000 },
  { id: 'mctd', ratePpm: 3_750 },
  { id: 'vat', ratePpm: 200_000 },
  { id: 'gst', ratePpm: 50_000 },
  { id: 'qst', ratePpm: 99_750, compound: true },
  { id: 'odd', ratePpm: 88_751 },
];

const modes: fc.Arbitrary<RoundingMode> = fc.constantFrom('half_up', 'half_even');

const quantity: fc.Arbitrary<Quantity> = fc.oneof(
  fc.integer({ min: 1, max: 50 }).map((n) => ({ quantity: n })),
  fc.integer({ min: 1, max: 25_000 }).map((n) => ({ quantityMilli: n })),
);

// Small prices hit rounding edges; large ones exercise the BigInt paths.
const unitPrice = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 2_000 }) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 500_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 1_000_000_000 }) },
);

const rates: fc.Arbitrary<TaxRate[]> = fc.shuffledSubarray([...RATE_POOL], { maxLength: 3 });

/** A discount that is valid against `base`; fixed ones are a fraction of it. */
export function discountFor(base: number, fraction: number, percentPpm: number): Discount {
  return fraction < 0
    ? { kind: 'percent', ratePpm: percentPpm }
    : { kind: 'fixed', amountMinor: Math.floor(base * fraction) };
}

const lineDraft = fc.record({
  quantity,
  unitPriceMinor: unitPrice,
  override: fc.option(unitPrice, { nil: undefined }),
  taxRates: rates,
  discount: fc.option(
    fc.record({
      fraction: fc.oneof(fc.constant(-1), fc.double({ min: 0, max: 1, noNaN: true })),
      percentPpm: fc.integer({ min: 0, max: 1_000_000 }),
    }),
    { nil: undefined },
  ),
});

export const saleInputs: fc.Arbitrary<SaleInput> = fc
  .record({
    currency: fc.constantFrom(...CURRENCY_CODES),
    taxMode: fc.constantFrom('exclusive' as const, 'inclusive' as const),
    taxRounding: fc.constantFrom('line' as const, 'document' as const),
    roundingMode: modes,
    taxExempt: fc.boolean(),
    lines: fc.array(lineDraft, { minLength: 1, maxLength: 8 }),
    order: fc.option(
      fc.record({
        fraction: fc.oneof(fc.constant(-1), fc.double({ min: 0, max: 1, noNaN: true })),
        percentPpm: fc.integer({ min: 0, max: 1_000_000 }),
      }),
      { nil: undefined },
    ),
  })
  .map((draft): SaleInput => {
    const lines = draft.lines.map((line, index): SaleLineInput => {
      const price = line.override ?? line.unitPriceMinor;
      const milli =
        line.quantity.quantity === undefined
          ? (line.quantity.quantityMilli ?? 0)
          : line.quantity.quantity * 1000;
      // Floor of the extended price is never above the rounded one, so the discount fits.
      const grossFloor = Math.floor((price * milli) / 1000);
      return {
        id: `line-${index}`,
        ...line.quantity,
        unitPriceMinor: line.unitPriceMinor,
        ...(line.override === undefined ? {} : { priceOverrideMinor: line.override }),
        taxRates: line.taxRates,
        ...(line.discount === undefined
          ? {}
          : {
              discount: discountFor(grossFloor, line.discount.fraction, line.discount.percentPpm),
            }),
      };
    });
    const base: SaleInput = {
      currency: draft.currency,
      taxMode: draft.taxMode,
      taxRounding: draft.taxRounding,
      roundingMode: draft.roundingMode,
      taxExempt: draft.taxExempt,
      lines,
    };
    if (draft.order === undefined) return base;
    const undiscounted = priceSale(base).totals;
    const orderBase = undiscounted.grossMinor - undiscounted.lineDiscountMinor;
    return {
      ...base,
      orderDiscount: discountFor(orderBase, draft.order.fraction, draft.order.percentPpm),
    };
  });

/** Keys whose value may legitimately be negative (rounding differences). */
const SIGNED = new Set(['cashRoundingMinor', 'differenceMinor']);

/**
 * Walks any engine output and fails if a money field is fractional, unsafe or (unless it is a
 * rounding difference) negative.
 */
export function expectWholeMoney(value: unknown, path = 'result'): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      expectWholeMoney(item, `${path}[${index}]`);
    });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, field] of Object.entries(value)) {
    const at = `${path}.${key}`;
    if (key.endsWith('Minor') || key.endsWith('Milli')) {
      if (typeof field !== 'number' || !Number.isSafeInteger(field)) {
        throw new Error(`${at} is not a safe integer: ${String(field)}`);
      }
      if (field < 0 && !SIGNED.has(key)) throw new Error(`${at} is negative: ${field}`);
    } else {
      expectWholeMoney(field, at);
    }
  }
}

export const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

export function expectLineIdentities(line: LineAmounts, taxMode: PricedSale['taxMode']): void {
  expect(line.taxMinor).toBe(sum(line.taxes.map((tax) => tax.taxMinor)));
  expect(line.totalMinor).toBe(line.netMinor + line.taxMinor);
  const afterDiscounts = line.grossMinor - line.lineDiscountMinor - line.orderDiscountMinor;
  if (taxMode === 'exclusive') {
    expect(afterDiscounts).toBe(line.netMinor);
    expect(line.exemptTaxRemovedMinor).toBe(0);
  } else {
    expect(afterDiscounts).toBe(line.netMinor + line.taxMinor + line.exemptTaxRemovedMinor);
  }
}

export function expectTotalsAreSums(priced: {
  lines: readonly LineAmounts[];
  totals: PricedSale['totals'];
}): void {
  const { lines, totals } = priced;
  const field = (pick: (line: LineAmounts) => number) => sum(lines.map(pick));
  expect(totals.grossMinor).toBe(field((l) => l.grossMinor));
  expect(totals.lineDiscountMinor).toBe(field((l) => l.lineDiscountMinor));
  expect(totals.orderDiscountMinor).toBe(field((l) => l.orderDiscountMinor));
  expect(totals.discountMinor).toBe(totals.lineDiscountMinor + totals.orderDiscountMinor);
  expect(totals.subtotalMinor).toBe(field((l) => l.netMinor));
  expect(totals.taxMinor).toBe(field((l) => l.taxMinor));
  expect(totals.exemptTaxRemovedMinor).toBe(field((l) => l.exemptTaxRemovedMinor));
  expect(totals.totalMinor).toBe(field((l) => l.totalMinor));
  expect(totals.totalMinor).toBe(totals.subtotalMinor + totals.taxMinor);
  expect(sum(totals.taxes.map((rate) => rate.taxMinor))).toBe(totals.taxMinor);
  for (const rate of totals.taxes) {
    const carrying = lines.filter((l) => l.taxes.some((t) => t.rateId === rate.rateId));
    expect(rate.taxableMinor).toBe(sum(carrying.map((l) => l.netMinor)));
    expect(rate.taxMinor).toBe(
      sum(carrying.map((l) => l.taxes.find((t) => t.rateId === rate.rateId)?.taxMinor ?? 0)),
    );
  }
}
