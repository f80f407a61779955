import { describe, expect, it } from 'vitest';
import { hashPin, isPinHash, PIN_HASH_ITERATIONS, verifyPin } from './pin-hash.ts';

describe('the offline PIN hash', () => {
  it('accepts the same PIN and refuses any other', async () => {
    const stored = await hashPin('4821');
    expect(stored).toMatchObject({ algorithm: 'PBKDF2-SHA-256', iterations: PIN_HASH_ITERATIONS });
    expect(PIN_HASH_ITERATIONS).toBe(200_000);
    expect(await verifyPin('4821', stored)).toBe(true);
    for (const wrong of ['4822', '482', '48210', '', '1284'])
      expect(await verifyPin(wrong, stored)).toBe(false);
  });

  it('salts every hash, so the same PIN never stores the same bytes', async () => {
    const first = await hashPin('0000', 1000);
    const second = await hashPin('0000', 1000);
    expect(first.salt).not.toBe(second.salt);
    expect(first.hash).not.toBe(second.hash);
    expect(await verifyPin('0000', first)).toBe(true);
    expect(await verifyPin('0000', second)).toBe(true);
  });

  it('keeps the PIN itself out of what is stored', async () => {
    const stored = await hashPin('135792468', 1000);
    expect(JSON.stringify(stored)).not.toContain('135792468');
    expect(atob(stored.hash)).toHaveLength(32);
    expect(atob(stored.salt)).toHaveLength(16);
  });

  it('checks with the iterations stored beside the hash', async () => {
    const stored = await hashPin('2468', 1000);
    expect(await verifyPin('2468', { ...stored, iterations: 1001 })).toBe(false);
  });

  it('recognises a stored hash and nothing else', async () => {
    expect(isPinHash(await hashPin('1', 1000))).toBe(true);
    expect(isPinHash({ algorithm: 'PBKDF2-SHA-256', iterations: 1, salt: 'x' })).toBe(false);
    expect(isPinHash(null)).toBe(false);
    expect(isPinHash('1234')).toBe(false);
  });
});
