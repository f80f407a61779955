import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barcodeLookupKey, normalizeBarcode } from './barcode.ts';
import { withCheckDigit } from './gtin.ts';

describe('normalizeBarcode', () => {
  it('detects GS1 kinds by length and keys them as GTIN-14', () => {
    expect(normalizeBarcode({ code: ' 4006381333931 ' })).toEqual({
      code: '4006381333931',
      kind: 'ean13',
      lookupKey: '04006381333931',
    });
    expect(normalizeBarcode({ code: '036000291452' })).toMatchObject({
      kind: 'upca',
      lookupKey: '00036000291452',
    });
    expect(normalizeBarcode({ code: '96385074' })).toMatchObject({
      kind: 'ean8',
      lookupKey: '00000096385074',
    });
  });

  it('takes other codes as internal, compared exactly', () => {
    expect(normalizeBarcode({ code: 'TEE-RED-M' })).toEqual({
      code: 'TEE-RED-M',
      kind: 'internal',
      lookupKey: 'TEE-RED-M',
    });
    expect(normalizeBarcode({ code: '12345' }).kind).toBe('internal');
  });

  it('refuses a wrong check digit with a stable code', () => {
    expect(() => normalizeBarcode({ code: '4006381333932' })).toThrowError(
      expect.objectContaining({ code: 'catalog.invalid_check_digit' }),
    );
    expect(() => normalizeBarcode({ code: '96385075', kind: 'ean8' })).toThrowError(
      expect.objectContaining({ code: 'catalog.invalid_check_digit' }),
    );
  });

  it('refuses a code that does not fit its declared kind', () => {
    expect(() => normalizeBarcode({ code: '036000291452', kind: 'ean13' })).toThrowError(
      expect.objectContaining({ code: 'catalog.invalid_barcode' }),
    );
    expect(() => normalizeBarcode({ code: 'has space', kind: 'internal' })).toThrowError(
      expect.objectContaining({ code: 'catalog.invalid_barcode' }),
    );
    expect(() => normalizeBarcode({ code: '' })).toThrowError(
      expect.objectContaining({ code: 'catalog.invalid_barcode' }),
    );
  });

  it('keys a numeric internal code like the GTIN a scanner would read it as', () => {
    const asInternal = normalizeBarcode({ code: '4006381333931', kind: 'internal' });
    expect(asInternal.lookupKey).toBe(normalizeBarcode({ code: '4006381333931' }).lookupKey);
  });

  it('a scan finds what was stored, whatever GS1 width the scanner sends', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 11, maxLength: 11 }),
        (body) => {
          const upc = withCheckDigit(body);
          const stored = normalizeBarcode({ code: upc });
          expect(barcodeLookupKey(upc)).toBe(stored.lookupKey);
          expect(barcodeLookupKey(`0${upc}`)).toBe(stored.lookupKey);
          expect(barcodeLookupKey(`00${upc}`)).toBe(stored.lookupKey);
        },
      ),
    );
  });
});
