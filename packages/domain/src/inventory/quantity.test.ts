import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertMovementSign,
  assertUnitQuantity,
  crossedReorderPoint,
  fromMilli,
  toMilli,
} from './quantity.ts';

describe('stock quantities in thousandths', () => {
  it('converts decimals exactly', () => {
    expect(toMilli(1.235)).toBe(1235);
    expect(toMilli(0.001)).toBe(1);
    expect(toMilli(-2)).toBe(-2000);
    expect(toMilli(-0)).toBe(0);
    expect(fromMilli(1235)).toBe(1.235);
  });

  it('round-trips every milli amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        (milli) => toMilli(fromMilli(milli)) === milli,
      ),
    );
  });

  it.each([[1.2345], [Number.NaN], [Number.POSITIVE_INFINITY], [1e16]])('refuses %s', (value) => {
    expect(() => toMilli(value)).toThrowError(
      expect.objectContaining({ code: 'inventory.invalid_quantity' }),
    );
  });

  it('keeps counted goods whole', () => {
    expect(() => assertUnitQuantity(1500, 'each')).toThrowError(
      expect.objectContaining({ code: 'inventory.fractional_quantity' }),
    );
    expect(() => assertUnitQuantity(1500, 'weight')).not.toThrow();
  });

  it('signals a reorder point crossing once, downwards only', () => {
    expect(crossedReorderPoint(3000, 2000, 2000)).toBe(true);
    expect(crossedReorderPoint(2000, 1000, 2000)).toBe(false);
    expect(crossedReorderPoint(1000, 3000, 2000)).toBe(false);
    expect(crossedReorderPoint(3000, 0, null)).toBe(false);
  });

  it('checks movement signs by kind', () => {
    expect(() => assertMovementSign('sold', 1000)).toThrow();
    expect(() => assertMovementSign('received', -1000)).toThrow();
    expect(() => assertMovementSign('adjusted', 0)).toThrowError(
      expect.objectContaining({ code: 'inventory.zero_quantity' }),
    );
    expect(() => assertMovementSign('counted', -5)).not.toThrow();
  });
});
