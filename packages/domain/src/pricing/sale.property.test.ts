import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PricingError } from './errors.ts';
import { PPM } from './rate.ts';
import { divideRounded } from './rounding.ts';
import { priceSale } from './sale.ts';
import type { PricedSale, SaleInput } from './sale-types.ts';
import {
  expectLineIdentities,
  expectTotalsAreSums,
  expectWholeMoney,
  saleInputs,
  sum,
} from './test-support.ts';

describe('priceSale properties', () => {
  it('totals are exactly the sums of the lines, and every line keeps its identities', () => {
    fc.assert(
      fc.property(saleInputs, (input) => {
        const priced = priceSale(input);
        expectTotalsAreSums(priced);
        for (const line of priced.lines) expectLineIdentities(line, priced.taxMode);
      }),
      { numRuns: 400 },
    );
  });

  it('never produces a negative, fractional or unsafe minor amount', () => {
    fc.assert(
      fc.property(saleInputs, (input) => {
        expectWholeMoney(priceSale(input));
      }),
      { numRuns: 400 },
    );
  });

  it('inclusive pricing: the total is the shelf prices minus discounts', () => {
    fc.assert(
      fc.property(saleInputs, (draft) => {
        const input: SaleInput = { ...draft, taxMode: 'inclusive', taxExempt: false };
        const { totals } = priceSale(input);
        expect(totals.totalMinor).toBe(totals.grossMinor - totals.discountMinor);
      }),
    );
  });

  it('order discount shares sum to the discount and never exceed a line', () => {
    fc.assert(
      fc.property(saleInputs, (input) => {
        const priced = priceSale(input);
        const shares = priced.lines.map((l) => l.orderDiscountMinor);
        expect(sum(shares)).toBe(priced.totals.orderDiscountMinor);
        for (const l of priced.lines) {
          expect(l.orderDiscountMinor).toBeLessThanOrEqual(l.grossMinor - l.lineDiscountMinor);
        }
      }),
    );
  });

  it('a fixed order discount is exactly what the sale gives', () => {
    fc.assert(
      fc.property(saleInputs, (input) => {
        fc.pre(input.orderDiscount?.kind === 'fixed');
        const priced = priceSale(input);
        const discount = input.orderDiscount;
        if (discount?.kind === 'fixed') {
          expect(priced.totals.orderDiscountMinor).toBe(discount.amountMinor);
        }
      }),
    );
  });

  it('document rounding: each simple exclusive rate total is the rounded exact tax', () => {
    fc.assert(
      fc.property(saleInputs, (draft) => {
        const input: SaleInput = {
          ...draft,
          taxMode: 'exclusive',
          taxRounding: 'document',
          taxExempt: false,
        };
        const priced = priceSale(input);
        for (const rate of priced.totals.taxes) {
          if (rate.compound) continue;
          const exact = BigInt(rate.taxableMinor) * BigInt(rate.ratePpm);
          expect(rate.taxMinor).toBe(Number(divideRounded(exact, PPM, priced.roundingMode)));
        }
      }),
    );
  });

  it('line rounding: each simple exclusive line tax is its own net × rate rounded', () => {
    fc.assert(
      fc.property(saleInputs, (draft) => {
        const priced = priceSale({
          ...draft,
          taxMode: 'exclusive',
          taxRounding: 'line',
          taxExempt: false,
        });
        for (const line of priced.lines) {
          const rates = draft.lines.find((l) => l.id === line.id)?.taxRates ?? [];
          line.taxes.forEach((tax, index) => {
            if (rates[index]?.compound === true) return;
            const exact = BigInt(line.netMinor) * BigInt(tax.ratePpm);
            expect(tax.taxMinor).toBe(Number(divideRounded(exact, PPM, priced.roundingMode)));
          });
        }
      }),
    );
  });

  it('exemption: no tax at all, and inclusive prices lose exactly the tax they contained', () => {
    fc.assert(
      fc.property(saleInputs, (draft) => {
        const charged = priceSale({ ...draft, taxExempt: false });
        const exempt = priceSale({ ...draft, taxExempt: true });
        expect(exempt.totals.taxMinor).toBe(0);
        expect(exempt.totals.subtotalMinor).toBe(charged.totals.subtotalMinor);
        if (draft.taxMode === 'inclusive') {
          expect(exempt.totals.exemptTaxRemovedMinor).toBe(charged.totals.taxMinor);
        }
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(saleInputs, (input) => {
        expect(priceSale(input)).toEqual(priceSale(structuredClone(input)));
      }),
      { numRuns: 50 },
    );
  });

  it('stays whole with extreme rates on tiny inclusive amounts under document rounding', () => {
    const rate = fc.integer({ min: 0, max: 1_000_000 });
    fc.assert(
      fc.property(
        fc.tuple(rate, rate, rate),
        fc.array(
          fc.record({
            price: fc.integer({ min: 0, max: 20 }),
            use: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
            compound: fc.boolean(),
          }),
          { minLength: 1, maxLength: 10 },
        ),
        fc.constantFrom('half_up' as const, 'half_even' as const),
        fc.constantFrom('line' as const, 'document' as const),
        (ppms, lines, roundingMode, taxRounding) => {
          const pool = ppms.map((ratePpm, index) => ({
            id: `r${index}`,
            ratePpm,
            ...(index === 2 ? { compound: true } : {}),
          }));
          const input: SaleInput = {
            currency: 'USD',
            taxMode: 'inclusive',
            taxRounding,
            roundingMode,
            lines: lines.map((l, index) => ({
              id: `l${index}`,
              quantity: 1,
              unitPriceMinor: l.price,
              taxRates: pool.filter((_, r) => l.use[r]),
            })),
          };
          let priced: PricedSale;
          try {
            priced = priceSale(input);
          } catch (error) {
            // Lines whose rates add up to more than 100 % are refused up front; nothing else is.
            if (error instanceof PricingError && error.code === 'pricing.invalid_rate') return;
            throw error;
          }
          expectWholeMoney(priced);
          expectTotalsAreSums(priced);
          expect(priced.totals.totalMinor).toBe(priced.totals.grossMinor);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
