import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PricingError } from './errors.ts';
import { divideRounded, roundToIncrement } from './rounding.ts';

describe('divideRounded', () => {
  it.each([
    [5n, 2n, 3n, 2n],
    [-5n, 2n, -3n, -2n],
    [7n, 2n, 4n, 4n],
    [-7n, 2n, -4n, -4n],
    [1n, 3n, 0n, 0n],
    [2n, 3n, 1n, 1n],
    [-2n, 3n, -1n, -1n],
    [5n, -2n, -3n, -2n],
    [25n, 10n, 3n, 2n],
    [35n, 10n, 4n, 4n],
    [0n, 7n, 0n, 0n],
  ])('%s / %s is %s half_up and %s half_even', (numerator, denominator, halfUp, halfEven) => {
    expect(divideRounded(numerator, denominator, 'half_up')).toBe(halfUp);
    expect(divideRounded(numerator, denominator, 'half_even')).toBe(halfEven);
  });

  it('half_down sends ties toward zero and rounds everything else to nearest', () => {
    expect(divideRounded(5n, 2n, 'half_down')).toBe(2n);
    expect(divideRounded(-5n, 2n, 'half_down')).toBe(-2n);
    expect(divideRounded(7n, 4n, 'half_down')).toBe(2n);
    expect(divideRounded(5n, 4n, 'half_down')).toBe(1n);
  });

  it('refuses division by zero with a stable code', () => {
    expect(() => divideRounded(1n, 0n, 'half_up')).toThrowError(
      expect.objectContaining({ code: 'pricing.division_by_zero' }),
    );
    expect(() => divideRounded(1n, 0n, 'half_up')).toThrow(PricingError);
  });

  it('is within half a unit of the exact quotient and symmetric around zero', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 20n }),
        fc.constantFrom('half_up' as const, 'half_even' as const),
        (n, d, mode) => {
          const q = divideRounded(n, d, mode);
          const error = q * d - n;
          const absError = error < 0n ? -error : error;
          expect(2n * absError <= d).toBe(true);
          expect(divideRounded(-n, d, mode)).toBe(-q);
        },
      ),
    );
  });

  it('is monotone: a larger numerator never rounds lower', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 1000n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        fc.constantFrom('half_up' as const, 'half_even' as const),
        (n, step, d, mode) => {
          expect(divideRounded(n + step, d, mode) >= divideRounded(n, d, mode)).toBe(true);
        },
      ),
    );
  });
});

describe('roundToIncrement', () => {
  it.each([
    [1002, 5, 1000],
    [1003, 5, 1005],
    [1007, 5, 1005],
    [1008, 5, 1010],
    [-1003, 5, -1005],
    [1025, 50, 1050],
    [1024, 50, 1000],
    [1050, 100, 1100],
    [1049, 100, 1000],
  ])('%i to the nearest %i is %i (half up)', (amount, increment, expected) => {
    expect(roundToIncrement(amount, increment, 'half_up')).toBe(expected);
  });

  it('half_even sends an exact tie to the even multiple', () => {
    expect(roundToIncrement(1050, 100, 'half_even')).toBe(1000);
    expect(roundToIncrement(1150, 100, 'half_even')).toBe(1200);
  });
});
