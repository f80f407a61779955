import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createSecretBox,
  generateSecretKeys,
  parseSecretKeys,
  SecretBoxError,
  type SecretKey,
} from './secret-box.ts';

const key = (id: string): SecretKey => ({ id, key: randomBytes(32) });
const AAD = 'tillpoint:plugin-installation:tenant-a:installation-1';
const SECRET = JSON.stringify({ apiKey: 'sk_live_51Hx_very_secret' });

describe('secret box', () => {
  it('opens what it sealed, and never seals the same text the same way twice', () => {
    const box = createSecretBox([key('k1')]);
    const first = box.seal(SECRET, AAD);
    const second = box.seal(SECRET, AAD);
    expect(first.keyId).toBe('k1');
    expect(first.blob.equals(second.blob)).toBe(false);
    expect(first.blob.includes(Buffer.from('sk_live_51Hx_very_secret'))).toBe(false);
    expect(box.open(first, AAD)).toBe(SECRET);
    expect(box.open(second, AAD)).toBe(SECRET);
  });

  it('refuses a blob changed by a single bit, or cut short', () => {
    const box = createSecretBox([key('k1')]);
    const sealed = box.seal(SECRET, AAD);
    for (const index of [0, 13, sealed.blob.length - 1]) {
      const tampered = Buffer.from(sealed.blob);
      tampered[index] = (tampered[index] ?? 0) ^ 1;
      expect(() => box.open({ ...sealed, blob: tampered }, AAD)).toThrow(SecretBoxError);
    }
    expect(() => box.open({ ...sealed, blob: sealed.blob.subarray(0, 20) }, AAD)).toThrow(
      /truncated/,
    );
  });

  it('refuses a blob opened for another row or tenant (associated data)', () => {
    const box = createSecretBox([key('k1')]);
    const sealed = box.seal(SECRET, AAD);
    expect(() => box.open(sealed, 'tillpoint:plugin-installation:tenant-b:installation-1')).toThrow(
      /belongs elsewhere/,
    );
    expect(() => box.open(sealed, 'tillpoint:plugin-installation:tenant-a:installation-2')).toThrow(
      SecretBoxError,
    );
  });

  it('rotates: the first key seals, older keys still open, removed keys are named', () => {
    const old = key('k2025');
    const current = key('k2026');
    const before = createSecretBox([old]).seal(SECRET, AAD);
    const rotated = createSecretBox([current, old]);
    expect(rotated.currentKeyId).toBe('k2026');
    expect(rotated.open(before, AAD)).toBe(SECRET);
    const resealed = rotated.seal(rotated.open(before, AAD), AAD);
    expect(resealed.keyId).toBe('k2026');
    const retired = createSecretBox([current]);
    expect(retired.open(resealed, AAD)).toBe(SECRET);
    expect(() => retired.open(before, AAD)).toThrow(/"k2025".*not in the key ring/);
    // The same key material under another id does not open it either: ids are not guessed.
    expect(() => createSecretBox([{ id: 'k2024', key: old.key }]).open(before, AAD)).toThrow(
      SecretBoxError,
    );
  });

  it('refuses a key ring it cannot use', () => {
    expect(() => createSecretBox([])).toThrow(/empty/);
    expect(() => createSecretBox([{ id: 'short', key: randomBytes(16) }])).toThrow(/32 bytes/);
    expect(() => createSecretBox([key('same'), key('same')])).toThrow(/twice/);
    expect(() => createSecretBox([key('bad id!')])).toThrow(/not valid/);
  });

  it('parses and generates the PLUGIN_SECRETS_KEYS setting', () => {
    const generated = generateSecretKeys('local');
    const parsed = parseSecretKeys(`${generated}, k2:${randomBytes(32).toString('base64')}`);
    expect(parsed.problems).toEqual([]);
    expect(parsed.keys.map((entry) => entry.id)).toEqual(['local', 'k2']);
    expect(parsed.keys[0]?.key).toHaveLength(32);
    expect(parseSecretKeys('').problems).toEqual(['needs at least one keyId:base64key entry']);
    expect(parseSecretKeys('nokey').problems[0]).toMatch(/key id/);
    expect(parseSecretKeys('k:not-base64-at-all!').problems[0]).toMatch(/32 bytes in base64/);
  });
});
