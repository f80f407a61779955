import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRate, percentToPpm, ppmToPercent } from './rate.ts';

describe('rates in parts per million', () => {
  it.each([
    ['8.875', 88_750],
    ['9.975', 99_750],
    ['7.0625', 70_625],
    ['20', 200_000],
    ['0', 0],
    ['100', 1_000_000],
    ['0.0001', 1],
  ])('%s %% is %i ppm', (percent, ppm) => {
    expect(percentToPpm(percent)).toBe(ppm);
    expect(ppmToPercent(ppm)).toBe(percent);
  });

  it.each(['8.87501', '-5', 'abc', '', '5 %', '1e2'])('refuses %j', (text) => {
    expect(() => percentToPpm(text)).toThrowError(
      expect.objectContaining({ code: 'pricing.invalid_rate' }),
    );
  });

  it('applies a rate with one rounding', () => {
    expect(applyRate(99, 88_750, 'half_up')).toBe(9);
    expect(applyRate(105, 100_000, 'half_up')).toBe(11);
    expect(applyRate(105, 100_000, 'half_even')).toBe(10);
    expect(applyRate(-105, 100_000, 'half_up')).toBe(-11);
    expect(applyRate(Number.MAX_SAFE_INTEGER, 500_000, 'half_up')).toBe(4_503_599_627_370_496);
  });

  it('round-trips percent strings', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), (ppm) => {
        expect(percentToPpm(ppmToPercent(ppm))).toBe(ppm);
      }),
    );
  });
});
