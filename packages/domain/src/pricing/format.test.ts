import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES, getCurrency } from './currency.ts';
import { formatMinor, parseMinor } from './format.ts';

const USD = getCurrency('USD');
const JPY = getCurrency('JPY');
const KWD = getCurrency('KWD');

describe('formatMinor', () => {
  it.each([
    [123456, USD, '1234.56'],
    [5, USD, '0.05'],
    [-5, USD, '-0.05'],
    [0, USD, '0.00'],
    [1200, JPY, '1200'],
    [-1200, JPY, '-1200'],
    [3887, KWD, '3.887'],
    [7, KWD, '0.007'],
    [Number.MAX_SAFE_INTEGER, USD, '90071992547409.91'],
  ])('%i in %o is %s', (amount, currency, text) => {
    expect(formatMinor(amount, currency)).toBe(text);
  });

  it('refuses floats and unsafe integers', () => {
    expect(() => formatMinor(1.5, USD)).toThrowError(
      expect.objectContaining({ code: 'pricing.invalid_amount' }),
    );
    expect(() => formatMinor(2 ** 60, USD)).toThrowError(
      expect.objectContaining({ code: 'pricing.unsafe_integer' }),
    );
  });
});

describe('parseMinor', () => {
  it.each([
    ['12.34', USD, 1234],
    ['12.3', USD, 1230],
    ['12', USD, 1200],
    ['0.05', USD, 5],
    ['-0.05', USD, -5],
    ['-0', USD, 0],
    ['1200', JPY, 1200],
    ['3.887', KWD, 3887],
    ['3.8', KWD, 3800],
  ])('%s in %o is %i', (text, currency, amount) => {
    expect(parseMinor(text, currency)).toBe(amount);
  });

  it.each([
    ['12.345', USD],
    ['1.0', JPY],
    ['1.2345', KWD],
  ])('refuses %s as too many decimals for %o', (text, currency) => {
    expect(() => parseMinor(text, currency)).toThrowError(
      expect.objectContaining({ code: 'pricing.too_many_decimals' }),
    );
  });

  it.each([
    '',
    ' 1.00',
    '1.00 ',
    '+1.00',
    '1,000.00',
    '1e3',
    '.5',
    '5.',
    '01.00',
    '1..0',
    'NaN',
    'Infinity',
    '0x10',
    '１２',
    '--1',
  ])('refuses %j as garbage', (text) => {
    expect(() => parseMinor(text, USD)).toThrowError(
      expect.objectContaining({ code: 'pricing.invalid_amount' }),
    );
  });

  it('refuses amounts beyond the safe integer range', () => {
    expect(() => parseMinor('90071992547409.92', USD)).toThrowError(
      expect.objectContaining({ code: 'pricing.unsafe_integer' }),
    );
  });

  it('round-trips every safe amount in every currency', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CURRENCY_CODES),
        fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        (code, amount) => {
          const currency = getCurrency(code);
          expect(parseMinor(formatMinor(amount, currency), currency)).toBe(amount);
        },
      ),
    );
  });
});
