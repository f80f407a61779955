import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePlu } from './plu.ts';

describe('normalizePlu', () => {
  it('drops leading zeros so a scale field and a typed PLU agree', () => {
    expect(normalizePlu('00412')).toBe('412');
    expect(normalizePlu(' 4011 ')).toBe('4011');
  });

  it.each(['', '0000', 'A12', '12345678901'])('refuses "%s"', (plu) => {
    expect(() => normalizePlu(plu)).toThrowError(
      expect.objectContaining({ code: 'catalog.invalid_plu' }),
    );
  });

  it('is the same for any zero padding', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999 }), fc.nat({ max: 4 }), (plu, zeros) => {
        expect(normalizePlu(`${'0'.repeat(zeros)}${plu}`)).toBe(String(plu));
      }),
    );
  });
});
