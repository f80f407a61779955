import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineCost, totalCost } from './purchase-cost.ts';

describe('purchase costs', () => {
  it('extends whole units exactly', () => {
    expect(lineCost({ unitCostMinor: 1299, quantityMilli: 12_000 })).toBe(15_588);
    expect(lineCost({ unitCostMinor: 0, quantityMilli: 5_000 })).toBe(0);
  });

  it('rounds a weighed line once, half up', () => {
    // 1.235 kg at 4.99/kg = 6.16265 -> 6.16; 0.5 kg at 0.01/kg = 0.005 -> 0.01
    expect(lineCost({ unitCostMinor: 499, quantityMilli: 1_235 })).toBe(616);
    expect(lineCost({ unitCostMinor: 1, quantityMilli: 500 })).toBe(1);
  });

  it('totals the rounded lines, never the unrounded sum', () => {
    const lines = [
      { unitCostMinor: 1, quantityMilli: 500 },
      { unitCostMinor: 1, quantityMilli: 500 },
    ];
    expect(totalCost(lines)).toBe(2);
    expect(totalCost([])).toBe(0);
  });

  it('refuses fractional or negative costs and totals beyond safe integers', () => {
    expect(() => lineCost({ unitCostMinor: 1.5, quantityMilli: 1_000 })).toThrow(
      expect.objectContaining({ code: 'pricing.invalid_amount' }),
    );
    expect(() => lineCost({ unitCostMinor: -1, quantityMilli: 1_000 })).toThrow(
      expect.objectContaining({ code: 'pricing.negative_amount' }),
    );
    expect(() =>
      lineCost({ unitCostMinor: Number.MAX_SAFE_INTEGER, quantityMilli: 2_000 }),
    ).toThrow(expect.objectContaining({ code: 'pricing.unsafe_integer' }));
  });

  it('equals the sum of its lines for any whole-unit order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            unitCostMinor: fc.integer({ min: 0, max: 1_000_000 }),
            units: fc.integer({ min: 1, max: 10_000 }),
          }),
          { maxLength: 50 },
        ),
        (raw) => {
          const lines = raw.map((l) => ({
            unitCostMinor: l.unitCostMinor,
            quantityMilli: l.units * 1000,
          }));
          const expected = raw.reduce((sum, l) => sum + l.unitCostMinor * l.units, 0);
          expect(totalCost(lines)).toBe(expected);
        },
      ),
    );
  });
});
