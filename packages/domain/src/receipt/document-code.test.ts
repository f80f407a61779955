import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documentIdFromDigits, documentIdToDigits } from './document-code.ts';

describe('document id as digits', () => {
  it('round-trips every UUID through exactly 40 digits', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        const digits = documentIdToDigits(id);
        expect(digits).toMatch(/^[0-9]{40}$/);
        expect(documentIdFromDigits(digits ?? '')).toBe(id.toLowerCase());
      }),
    );
  });

  it('keeps the extremes and refuses what is not a UUID or not its digits', () => {
    expect(documentIdToDigits('00000000-0000-0000-0000-000000000000')).toBe('0'.repeat(40));
    expect(documentIdToDigits('ffffffff-ffff-ffff-ffff-ffffffffffff')).toBe(
      '0340282366920938463463374607431768211455',
    );
    expect(documentIdToDigits('0003-000123')).toBeNull();
    expect(documentIdFromDigits('9'.repeat(40))).toBeNull();
    expect(documentIdFromDigits('123')).toBeNull();
  });
});
