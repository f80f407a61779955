import { describe, expect, it } from 'vitest';
import { defineCurrency, getCurrency, resolveCurrency } from './currency.ts';

describe('currency table', () => {
  it.each([
    ['USD', 2, 1],
    ['EUR', 2, 1],
    ['GBP', 2, 1],
    ['CAD', 2, 5],
    ['AUD', 2, 5],
    ['NZD', 2, 10],
    ['CHF', 2, 5],
    ['SEK', 2, 100],
    ['NOK', 2, 100],
    ['DKK', 2, 50],
    ['JPY', 0, 1],
    ['KRW', 0, 10],
    ['KWD', 3, 5],
    ['BHD', 3, 5],
    ['JOD', 3, 5],
    ['OMR', 3, 5],
  ])('%s has exponent %i and cash increment %i', (code, exponent, cashIncrementMinor) => {
    expect(getCurrency(code)).toEqual({ code, exponent, cashIncrementMinor });
  });

  it('lets a store override the cash increment (euro cash rounding in the Netherlands)', () => {
    expect(getCurrency('EUR', { cashIncrementMinor: 5 })).toEqual({
      code: 'EUR',
      exponent: 2,
      cashIncrementMinor: 5,
    });
  });

  it('refuses unknown codes and broken definitions', () => {
    expect(() => getCurrency('XXX')).toThrowError(
      expect.objectContaining({ code: 'pricing.unknown_currency' }),
    );
    expect(() => getCurrency('toString')).toThrowError(
      expect.objectContaining({ code: 'pricing.unknown_currency' }),
    );
    expect(() => getCurrency('CHF', { cashIncrementMinor: 0 })).toThrowError(
      expect.objectContaining({ code: 'pricing.invalid_currency' }),
    );
    expect(() => defineCurrency({ code: 'usd', exponent: 2, cashIncrementMinor: 1 })).toThrowError(
      expect.objectContaining({ code: 'pricing.invalid_currency' }),
    );
    expect(() =>
      defineCurrency({ code: 'XTS', exponent: 2.5, cashIncrementMinor: 1 }),
    ).toThrowError(expect.objectContaining({ code: 'pricing.invalid_currency' }));
  });

  it('accepts currencies outside the table through defineCurrency', () => {
    expect(resolveCurrency({ code: 'MXN', exponent: 2, cashIncrementMinor: 10 })).toEqual({
      code: 'MXN',
      exponent: 2,
      cashIncrementMinor: 10,
    });
  });
});
