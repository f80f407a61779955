import { composeEmbeddedBarcode, readEmbeddedBarcode, withCheckDigit } from '@tillpoint/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barcodeKeys, scanKeys } from './barcode-keys.ts';
import { pluKeyOf } from './catalog-record.ts';

describe('barcode keys', () => {
  it('keys a GTIN as given and as GTIN-14, and an internal code as printed', () => {
    expect(barcodeKeys(['012345678905'])).toEqual(['012345678905', '00012345678905']);
    expect(barcodeKeys(['ABC-123 ', '00012345678905'])).toEqual(['ABC-123', '00012345678905']);
    // A 12-digit code with a wrong check digit is no GTIN: compared exactly, like the server.
    expect(barcodeKeys(['012345678901'])).toEqual(['012345678901']);
  });

  it('matches a UPC-A scan to its EAN-13 form and back', () => {
    const stored = new Set(barcodeKeys(['0012345678905']));
    expect(scanKeys(' 012345678905\n').some((key) => stored.has(key))).toBe(true);
    expect(scanKeys('00012345678905').some((key) => stored.has(key))).toBe(true);
    expect(scanKeys('12345678905').some((key) => stored.has(key))).toBe(false);
  });

  it('finds every valid GTIN under one key whatever its padding', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{7,11}$/), fc.nat(3), (digits, pad) => {
        const code = withCheckDigit(digits);
        const padded = `${'0'.repeat(pad)}${code}`.slice(-Math.max(code.length, 8));
        const stored = new Set(barcodeKeys([code]));
        if ([8, 12, 13, 14].includes(padded.length)) {
          expect(scanKeys(padded).some((key) => stored.has(key))).toBe(true);
        }
      }),
    );
  });

  it('reads an embedded weight label down to the PLU the cache is keyed by', () => {
    const rule = {
      id: 'r',
      prefix: '2',
      itemCodeLength: 5,
      valueLength: 5,
      valueKind: 'weight',
    } as const;
    const code = composeEmbeddedBarcode(rule, '412', 1250);
    const reading = readEmbeddedBarcode(code, [rule]);
    expect(reading?.value).toBe(1250);
    expect(pluKeyOf(reading?.itemCode ?? '')).toBe('412');
    expect(pluKeyOf('00412')).toBe('412');
    expect(pluKeyOf('0000')).toBeNull();
    expect(pluKeyOf(null)).toBeNull();
  });
});
