import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeDrawer, reconcileDrawer } from './drawer.ts';
import { amount } from './test-support.ts';

const refused = (code: string) => expect.objectContaining({ code });

describe('computeDrawer', () => {
  it('is the float plus cash in minus cash out', () => {
    expect(
      computeDrawer({
        openingFloatMinor: 15_000,
        cashSalesMinor: 8_275,
        cashRefundsMinor: 1_250,
        payInsMinor: 2_000,
        payOutsMinor: 3_500,
      }),
    ).toEqual({
      openingFloatMinor: 15_000,
      cashSalesMinor: 8_275,
      cashRefundsMinor: 1_250,
      payInsMinor: 2_000,
      payOutsMinor: 3_500,
      cashInMinor: 10_275,
      cashOutMinor: 4_750,
      expectedMinor: 20_525,
    });
  });

  it('holds expected = float + in − out for any figures', () => {
    fc.assert(
      fc.property(amount, amount, amount, amount, amount, (float, sales, refunds, ins, outs) => {
        const drawer = computeDrawer({
          openingFloatMinor: float,
          cashSalesMinor: sales,
          cashRefundsMinor: refunds,
          payInsMinor: ins,
          payOutsMinor: outs,
        });
        expect(drawer.cashInMinor).toBe(sales + ins);
        expect(drawer.cashOutMinor).toBe(refunds + outs);
        expect(drawer.expectedMinor).toBe(float + drawer.cashInMinor - drawer.cashOutMinor);
      }),
    );
  });

  it('refuses negative, fractional and unsafe figures', () => {
    const base = {
      openingFloatMinor: 0,
      cashSalesMinor: 0,
      cashRefundsMinor: 0,
      payInsMinor: 0,
      payOutsMinor: 0,
    };
    for (const bad of [-1, 0.5, Number.NaN, 2 ** 53]) {
      expect(() => computeDrawer({ ...base, payOutsMinor: bad })).toThrowError(
        refused('cash.invalid_amount'),
      );
    }
    expect(() =>
      computeDrawer({
        ...base,
        openingFloatMinor: Number.MAX_SAFE_INTEGER,
        cashSalesMinor: Number.MAX_SAFE_INTEGER,
      }),
    ).toThrowError(refused('cash.unsafe_total'));
  });
});

describe('reconcileDrawer', () => {
  it.each([
    [20_525, 20_525, 0],
    [20_525, 20_675, 150],
    [20_525, 20_450, -75],
    [-300, 0, 300],
  ])('expected %i, counted %i: over/short %i', (expected, counted, overShort) => {
    expect(reconcileDrawer(expected, counted)).toEqual({
      expectedMinor: expected,
      countedMinor: counted,
      overShortMinor: overShort,
    });
  });

  it('holds counted = expected + over/short, over when more was counted', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), amount, (expected, counted) => {
        const result = reconcileDrawer(expected, counted);
        expect(result.overShortMinor).toBe(counted - expected);
        expect(result.expectedMinor + result.overShortMinor).toBe(result.countedMinor);
        expect(Math.sign(result.overShortMinor)).toBe(Math.sign(counted - expected));
      }),
    );
  });

  it('refuses a negative or fractional count', () => {
    expect(() => reconcileDrawer(100, -1)).toThrowError(refused('cash.invalid_amount'));
    expect(() => reconcileDrawer(100, 1.5)).toThrowError(refused('cash.invalid_amount'));
    expect(() => reconcileDrawer(0.5, 1)).toThrowError(refused('cash.invalid_amount'));
  });
});
