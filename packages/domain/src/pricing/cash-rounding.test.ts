import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundCash } from './cash-rounding.ts';

describe('roundCash', () => {
  it.each([
    [2003, 5, 2005, 2],
    [2002, 5, 2000, -2],
    [1002, 5, 1000, -2],
    [1004, 10, 1000, -4],
    [1005, 10, 1010, 5],
    [1049, 100, 1000, -49],
    [1050, 100, 1100, 50],
    [1025, 50, 1050, 25],
    [1024, 50, 1000, -24],
    [-2003, 5, -2005, -2],
    [1234, 1, 1234, 0],
  ])('%i to a %i increment is %i (difference %i)', (amount, increment, rounded, difference) => {
    expect(roundCash(amount, increment)).toEqual({
      roundedMinor: rounded,
      differenceMinor: difference,
    });
  });

  it('is a multiple of the increment within half an increment', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
        fc.constantFrom(1, 5, 10, 25, 50, 100),
        fc.constantFrom('half_up' as const, 'half_even' as const),
        (amount, increment, mode) => {
          const { roundedMinor, differenceMinor } = roundCash(amount, increment, mode);
          expect(roundedMinor % increment === 0).toBe(true);
          expect(roundedMinor - amount).toBe(differenceMinor);
          expect(Math.abs(differenceMinor) * 2).toBeLessThanOrEqual(increment);
        },
      ),
    );
  });

  it('refuses a zero increment and fractional amounts', () => {
    expect(() => roundCash(100, 0)).toThrowError(
      expect.objectContaining({ code: 'pricing.invalid_amount' }),
    );
    expect(() => roundCash(100.5, 5)).toThrowError(
      expect.objectContaining({ code: 'pricing.invalid_amount' }),
    );
  });
});
