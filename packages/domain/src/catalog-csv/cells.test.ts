import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withCheckDigit } from '../catalog/gtin.ts';
import { getCurrency } from '../pricing/currency.ts';
import {
  categoryPathKey,
  formatAttributeCell,
  formatBarcodesCell,
  formatMoneyCell,
  readAttributeCell,
  readBarcodesCell,
  readBooleanCell,
  readMoneyCell,
} from './cells.ts';

const USD = getCurrency('USD');
const JPY = getCurrency('JPY');
const KWD = getCurrency('KWD');

const codeOf = <T>(result: { ok: boolean; problem?: { code: string } } & T) =>
  result.ok ? null : result.problem?.code;

describe('money cells', () => {
  it('converts decimals exactly in the currency exponent', () => {
    expect(readMoneyCell('12.99', USD)).toEqual({ ok: true, value: 1299 });
    expect(readMoneyCell('0.1', USD)).toEqual({ ok: true, value: 10 });
    expect(readMoneyCell('1200', JPY)).toEqual({ ok: true, value: 1200 });
    expect(readMoneyCell('1.005', KWD)).toEqual({ ok: true, value: 1005 });
    // 0.29 * 100 is 28.999999999999996 in floating point; the exact conversion is 29.
    expect(readMoneyCell('0.29', USD)).toEqual({ ok: true, value: 29 });
  });

  it('refuses negative, over-precise and non-plain amounts with stable codes', () => {
    expect(codeOf(readMoneyCell('-1.00', USD))).toBe('pricing.negative_amount');
    expect(codeOf(readMoneyCell('1.999', USD))).toBe('pricing.too_many_decimals');
    expect(codeOf(readMoneyCell('12.5', JPY))).toBe('pricing.too_many_decimals');
    expect(codeOf(readMoneyCell('$12', USD))).toBe('pricing.invalid_amount');
    expect(codeOf(readMoneyCell('1,299.00', USD))).toBe('pricing.invalid_amount');
    expect(codeOf(readMoneyCell('1e3', USD))).toBe('pricing.invalid_amount');
  });

  it('reads back every amount it writes', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (amount) => {
        expect(readMoneyCell(formatMoneyCell(amount, USD), USD)).toEqual({
          ok: true,
          value: amount,
        });
      }),
    );
  });
});

describe('barcode cells', () => {
  it('reads several codes separated by spaces, checking each check digit', () => {
    const read = readBarcodesCell(` 4006381333931  TEE-RED-M\t96385074 `);
    expect(read.ok && read.value.map((b) => b.kind)).toEqual(['ean13', 'internal', 'ean8']);
    expect(codeOf(readBarcodesCell('4006381333932'))).toBe('catalog.invalid_check_digit');
    expect(codeOf(readBarcodesCell('4006381333931 04006381333931'))).toBe(
      'catalog_import.duplicate_barcode',
    );
    expect(readBarcodesCell('')).toEqual({ ok: true, value: [] });
  });

  it('reads back what it writes', () => {
    const codes = [withCheckDigit('400638133393'), 'A|B;C,D', '036000291452'];
    const read = readBarcodesCell(formatBarcodesCell(codes));
    expect(read.ok && read.value.map((b) => b.code)).toEqual(codes);
  });
});

describe('other cells', () => {
  it('reads booleans and typed attributes', () => {
    expect(readBooleanCell('TRUE')).toEqual({ ok: true, value: true });
    expect(readBooleanCell('no')).toEqual({ ok: true, value: false });
    expect(codeOf(readBooleanCell('maybe'))).toBe('catalog_import.invalid_boolean');
    const sleeve = { key: 'sleeve_cm', label: 'Sleeve', type: 'number', required: false } as const;
    expect(readAttributeCell(sleeve, '61.5')).toEqual({ ok: true, value: 61.5 });
    expect(codeOf(readAttributeCell(sleeve, 'long'))).toBe('catalog.invalid_attribute');
    expect(readAttributeCell(sleeve, formatAttributeCell(1e21))).toEqual({ ok: true, value: 1e21 });
  });

  it('compares category paths by their names, whatever the spacing and case', () => {
    expect(categoryPathKey('Clothing>  shirts ')).toBe('clothing > shirts');
    expect(categoryPathKey('Clothing >> Shirts')).toBeNull();
  });
});
