import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateByWeights, allocateProportionally } from './allocate.ts';
import { sum } from './test-support.ts';

describe('allocateProportionally', () => {
  it.each([
    [100, [1, 1, 1], [34, 33, 33]],
    [2, [1, 1, 1], [1, 1, 0]],
    [1000, [1700, 1000, 300], [567, 333, 100]],
    [10, [0, 5, 0], [0, 10, 0]],
    [0, [0, 0], [0, 0]],
    [7, [3, 1], [5, 2]],
    [1, [1, 3], [0, 1]],
  ])('%i over %j is %j', (total, weights, parts) => {
    expect(allocateProportionally(total, weights)).toEqual(parts);
  });

  it('refuses to allocate something over nothing, and negative input', () => {
    expect(() => allocateProportionally(5, [0, 0])).toThrowError(
      expect.objectContaining({ code: 'pricing.invalid_allocation' }),
    );
    expect(() => allocateProportionally(-5, [1])).toThrowError(
      expect.objectContaining({ code: 'pricing.negative_amount' }),
    );
    expect(() => allocateProportionally(5, [1, -1])).toThrowError(
      expect.objectContaining({ code: 'pricing.negative_amount' }),
    );
  });

  it('sums exactly, is never negative and stays within one unit of the exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.array(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), {
          minLength: 1,
          maxLength: 20,
        }),
        (total, weights) => {
          fc.pre(weights.some((w) => w > 0) || total === 0);
          const parts = allocateProportionally(total, weights);
          expect(parts).toHaveLength(weights.length);
          expect(parts.reduce((a, b) => BigInt(a) + BigInt(b), 0n)).toBe(BigInt(total));
          const weightSum = weights.reduce((a, b) => a + BigInt(b), 0n);
          parts.forEach((part, index) => {
            expect(Number.isSafeInteger(part) && part >= 0).toBe(true);
            if (total === 0) return;
            const exact = BigInt(total) * BigInt(weights[index] ?? 0);
            const floor = exact / weightSum;
            expect(BigInt(part) >= floor && BigInt(part) <= floor + 1n).toBe(true);
          });
        },
      ),
    );
  });

  it('never gives a part more than its weight when the total is at most the weights', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, fraction) => {
          const total = Math.floor(sum(weights) * fraction);
          fc.pre(total === 0 || sum(weights) > 0);
          allocateProportionally(total, weights).forEach((part, index) => {
            expect(part).toBeLessThanOrEqual(weights[index] ?? 0);
          });
        },
      ),
    );
  });

  it('breaks ties deterministically towards the earlier part', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 100 }), (n, total) => {
        const parts = allocateProportionally(total, new Array<number>(n).fill(7));
        const base = Math.floor(total / n);
        const extra = total % n;
        expect(parts).toEqual(parts.map((_, index) => base + (index < extra ? 1 : 0)));
      }),
    );
  });
});

describe('allocateByWeights with caps', () => {
  it('moves units that do not fit a capped part to the next remainders', () => {
    expect(allocateByWeights(3, [1n, 1n, 1n], [0, 5, 5])).toEqual([0, 2, 1]);
    expect(allocateByWeights(4, [5n, 1n], [1, 10])).toEqual([1, 3]);
  });

  it('refuses when the caps cannot hold the total', () => {
    expect(() => allocateByWeights(3, [1n, 1n], [1, 1])).toThrowError(
      expect.objectContaining({ code: 'pricing.invalid_allocation' }),
    );
  });
});
