import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PricedRefund, RefundQuantity } from './refund.ts';
import { priceRefund } from './refund.ts';
import { priceSale } from './sale.ts';
import type { LineAmounts, PricedSale, SaleInput } from './sale-types.ts';
import {
  expectLineIdentities,
  expectTotalsAreSums,
  expectWholeMoney,
  saleInputs,
} from './test-support.ts';

const base: Omit<SaleInput, 'lines'> = {
  currency: 'USD',
  taxMode: 'exclusive',
  taxRounding: 'line',
  roundingMode: 'half_up',
};

describe('priceRefund: examples', () => {
  // 3 × 0.10 at 5 %: tax 1.5 → 2 cents, total 0.32.
  const sale = priceSale({
    ...base,
    lines: [{ id: 'a', quantity: 3, unitPriceMinor: 10, taxRates: [{ id: 's', ratePpm: 50_000 }] }],
  });

  it('refunds unit by unit and gives the last unit the remainder', () => {
    const refunded: RefundQuantity[] = [];
    const totals: number[] = [];
    for (let unit = 0; unit < 3; unit += 1) {
      const refund = priceRefund({
        sale,
        alreadyRefunded: refunded,
        lines: [{ lineId: 'a', quantity: 1 }],
      });
      totals.push(refund.totals.totalMinor);
      refunded.push({ lineId: 'a', quantity: 1 });
    }
    // Cumulative tax shares round(2 × q / 3): 1, 1, 2 → steps 1, 0, 1.
    expect(totals).toEqual([11, 10, 11]);
    expect(totals.reduce((a, b) => a + b, 0)).toBe(sale.totals.totalMinor);
  });

  it('refunds the whole line at once exactly', () => {
    const refund = priceRefund({ sale, lines: [{ lineId: 'a', quantity: 3 }] });
    expect(refund.lines[0]).toMatchObject({ netMinor: 30, taxMinor: 2, totalMinor: 32 });
    expect(refund.totals.taxes).toEqual([
      { rateId: 's', ratePpm: 50_000, compound: false, taxableMinor: 30, taxMinor: 2 },
    ]);
  });

  it('reverses the allocated order discount pro rata', () => {
    const discounted = priceSale({
      ...base,
      lines: [
        { id: 'a', quantity: 2, unitPriceMinor: 1000 },
        { id: 'b', quantity: 1, unitPriceMinor: 1000 },
      ],
      orderDiscount: { kind: 'fixed', amountMinor: 301 },
    });
    // Shares 200.67 → 201 on 'a' and 100.33 → 100 on 'b'.
    expect(discounted.lines.map((l) => l.orderDiscountMinor)).toEqual([201, 100]);
    const first = priceRefund({ sale: discounted, lines: [{ lineId: 'a', quantity: 1 }] });
    // Net 1799 / 2 = 899.5 rounds up and the discount 201 / 2 = 100.5 down, so the gross of
    // one unit stays exactly 10.00; the second unit gets the remainders.
    expect(first.lines[0]).toMatchObject({
      grossMinor: 1000,
      orderDiscountMinor: 100,
      netMinor: 900,
    });
    const second = priceRefund({
      sale: discounted,
      alreadyRefunded: [{ lineId: 'a', quantity: 1 }],
      lines: [{ lineId: 'a', quantity: 1 }],
    });
    expect(second.lines[0]).toMatchObject({
      grossMinor: 1000,
      orderDiscountMinor: 101,
      netMinor: 899,
    });
  });

  it('refunds part of a weighed line', () => {
    const weighed = priceSale({
      ...base,
      lines: [{ id: 'w', quantityMilli: 1235, unitPriceMinor: 399 }],
    });
    const refund = priceRefund({ sale: weighed, lines: [{ lineId: 'w', quantityMilli: 500 }] });
    // 493 × 500 / 1235 = 199.6 → 200.
    expect(refund.lines[0]).toMatchObject({ quantityMilli: 500, totalMinor: 200 });
  });

  it('refuses refunding more than was sold, unknown lines and repeated lines', () => {
    expect(() =>
      priceRefund({
        sale,
        alreadyRefunded: [{ lineId: 'a', quantity: 2 }],
        lines: [{ lineId: 'a', quantity: 2 }],
      }),
    ).toThrowError(expect.objectContaining({ code: 'pricing.over_refund' }));
    expect(() => priceRefund({ sale, lines: [{ lineId: 'zz', quantity: 1 }] })).toThrowError(
      expect.objectContaining({ code: 'pricing.unknown_line' }),
    );
    expect(() =>
      priceRefund({
        sale,
        lines: [
          { lineId: 'a', quantity: 1 },
          { lineId: 'a', quantity: 1 },
        ],
      }),
    ).toThrowError(expect.objectContaining({ code: 'pricing.duplicate_line' }));
    expect(() => priceRefund({ sale, lines: [{ lineId: 'a', quantity: 0 }] })).toThrowError(
      expect.objectContaining({ code: 'pricing.invalid_quantity' }),
    );
  });
});

interface RefundPlan {
  readonly input: SaleInput;
  /** Each refund is a list of (line, quantity) with a line at most once. */
  readonly refunds: readonly (readonly RefundQuantity[])[];
}

/** A sale and a random way to refund all of it: random chunks, random order, random batches. */
const refundPlans: fc.Arbitrary<RefundPlan> = saleInputs.chain((input) => {
  const priced = priceSale(input);
  const perLine = priced.lines.map((line, index) => {
    const counted = input.lines[index]?.quantity !== undefined;
    const size = counted ? line.quantityMilli / 1000 : line.quantityMilli;
    return fc
      .uniqueArray(fc.integer({ min: 1, max: Math.max(1, size - 1) }), { maxLength: 4 })
      .map((cuts) => {
        const points = [0, ...cuts.filter((cut) => cut < size).sort((a, b) => a - b), size];
        return points.slice(1).map((point, i): RefundQuantity => {
          const amount = point - (points[i] ?? 0);
          return counted
            ? { lineId: line.id, quantity: amount }
            : { lineId: line.id, quantityMilli: amount };
        });
      });
  });
  return fc
    .tuple(...perLine)
    .chain((chunks) => {
      const events = chunks.flat();
      return fc.tuple(
        fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
        fc.array(fc.boolean(), { minLength: events.length, maxLength: events.length }),
      );
    })
    .map(([events, breaks]) => {
      const refunds: RefundQuantity[][] = [];
      let current: RefundQuantity[] = [];
      events.forEach((event, index) => {
        if (current.some((entry) => entry.lineId === event.lineId) || (breaks[index] ?? false)) {
          if (current.length > 0) refunds.push(current);
          current = [];
        }
        current.push(event);
      });
      if (current.length > 0) refunds.push(current);
      return { input, refunds };
    });
});

function addLine(into: Map<string, LineAmounts>, lineId: string, line: LineAmounts): void {
  const seen = into.get(lineId);
  if (!seen) {
    const { grossMinor, lineDiscountMinor, orderDiscountMinor, netMinor, taxes } = line;
    const { taxMinor, exemptTaxRemovedMinor, totalMinor } = line;
    into.set(lineId, {
      grossMinor,
      lineDiscountMinor,
      orderDiscountMinor,
      netMinor,
      taxes,
      taxMinor,
      exemptTaxRemovedMinor,
      totalMinor,
    });
    return;
  }
  into.set(lineId, {
    grossMinor: seen.grossMinor + line.grossMinor,
    lineDiscountMinor: seen.lineDiscountMinor + line.lineDiscountMinor,
    orderDiscountMinor: seen.orderDiscountMinor + line.orderDiscountMinor,
    netMinor: seen.netMinor + line.netMinor,
    taxes: seen.taxes.map((tax, index) => ({
      ...tax,
      taxMinor: tax.taxMinor + (line.taxes[index]?.taxMinor ?? 0),
    })),
    taxMinor: seen.taxMinor + line.taxMinor,
    exemptTaxRemovedMinor: seen.exemptTaxRemovedMinor + line.exemptTaxRemovedMinor,
    totalMinor: seen.totalMinor + line.totalMinor,
  });
}

function runPlan(plan: RefundPlan): { sale: PricedSale; refunds: PricedRefund[] } {
  const sale = priceSale(plan.input);
  const done: RefundQuantity[] = [];
  const refunds = plan.refunds.map((lines) => {
    const refund = priceRefund({ sale, alreadyRefunded: done, lines });
    done.push(...lines);
    return refund;
  });
  return { sale, refunds };
}

describe('priceRefund: properties', () => {
  it('refunding everything in random partial steps returns the sale exactly', () => {
    fc.assert(
      fc.property(refundPlans, (plan) => {
        const { sale, refunds } = runPlan(plan);
        const summed = new Map<string, LineAmounts>();
        for (const refund of refunds) {
          for (const line of refund.lines) addLine(summed, line.lineId, line);
        }
        for (const line of sale.lines) {
          const { id, quantityMilli, listUnitPriceMinor, unitPriceMinor, ...amounts } = line;
          expect(summed.get(id)).toEqual(amounts);
        }
        const total = refunds.reduce((acc, refund) => acc + refund.totals.totalMinor, 0);
        expect(total).toBe(sale.totals.totalMinor);
        const tax = refunds.reduce((acc, refund) => acc + refund.totals.taxMinor, 0);
        expect(tax).toBe(sale.totals.taxMinor);
      }),
      { numRuns: 300 },
    );
  });

  it('every refund is whole, non-negative and keeps the line identities and sums', () => {
    fc.assert(
      fc.property(refundPlans, (plan) => {
        const { sale, refunds } = runPlan(plan);
        for (const refund of refunds) {
          expectWholeMoney(refund);
          expectTotalsAreSums(refund);
          for (const line of refund.lines) expectLineIdentities(line, sale.taxMode);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a whole-unit refund of a line with at most two parts shows unit price × units', () => {
    fc.assert(
      fc.property(refundPlans, (plan) => {
        const { sale, refunds } = runPlan(plan);
        for (const refund of refunds) {
          for (const line of refund.lines) {
            const sold = sale.lines.find((l) => l.id === line.lineId);
            const counted = plan.input.lines.find((l) => l.id === line.lineId)?.quantity;
            if (!sold || counted === undefined) continue;
            const inGross = [sold.netMinor, sold.lineDiscountMinor, sold.orderDiscountMinor];
            if (sale.taxMode === 'inclusive') {
              inGross.push(sold.exemptTaxRemovedMinor, ...sold.taxes.map((t) => t.taxMinor));
            }
            if (inGross.filter((amount) => amount !== 0).length > 2) continue;
            expect(line.grossMinor).toBe((sold.unitPriceMinor * line.quantityMilli) / 1000);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses anything more once everything is refunded', () => {
    fc.assert(
      fc.property(refundPlans, (plan) => {
        const sale = priceSale(plan.input);
        const all = plan.refunds.flat();
        const line = sale.lines[0];
        if (!line) return;
        expect(() =>
          priceRefund({
            sale,
            alreadyRefunded: all,
            lines: [{ lineId: line.id, quantityMilli: 1 }],
          }),
        ).toThrowError(expect.objectContaining({ code: 'pricing.over_refund' }));
      }),
      { numRuns: 100 },
    );
  });
});
