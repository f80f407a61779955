import { beforeEach, describe, expect, it } from 'vitest';
import { MapStorage } from './map-storage.ts';
import {
  clearCredentials,
  OFFLINE_CREDENTIAL_LIMIT,
  OFFLINE_CREDENTIAL_TTL_MS,
  OFFLINE_LOCK_MS,
  OFFLINE_PIN_ATTEMPTS,
  offlineLockedUntil,
  pruneCredentials,
  rememberCredential,
  validCredentials,
  verifyOffline,
} from './offline-credentials.ts';
import { hashPin, type PinHash } from './pin-hash.ts';

const T0 = Date.parse('2026-11-24T08:00:00Z');
const ana = { id: 'user-ana', name: 'Ana', role: 'cashier' };
const ben = { id: 'user-ben', name: 'Ben', role: 'manager' };
let storage: MapStorage;
let anaPin: PinHash;

beforeEach(async () => {
  storage = new MapStorage();
  anaPin = await hashPin('1357', 1000);
});

const ids = (now: number) => validCredentials(now, storage).map((entry) => entry.user.id);

describe('offline credentials', () => {
  it('keeps one per user, most recent first, and only the newest few', async () => {
    const pin = await hashPin('0000', 1000);
    for (let index = 0; index < OFFLINE_CREDENTIAL_LIMIT + 3; index += 1)
      rememberCredential({ ...ana, id: `user-${index}` }, pin, T0 + index, storage);
    rememberCredential({ ...ana, id: 'user-5' }, pin, T0 + 100, storage);
    const kept = ids(T0 + 200);
    expect(kept).toHaveLength(OFFLINE_CREDENTIAL_LIMIT);
    expect(kept[0]).toBe('user-5');
    expect(kept.filter((id) => id === 'user-5')).toHaveLength(1);
    expect(kept).toContain(`user-${OFFLINE_CREDENTIAL_LIMIT + 2}`);
    expect(kept).not.toContain('user-0');
  });

  it('expires a credential not confirmed online within the allowed time', () => {
    rememberCredential(ana, anaPin, T0, storage);
    expect(OFFLINE_CREDENTIAL_TTL_MS).toBe(7 * 24 * 3600_000);
    expect(ids(T0 + OFFLINE_CREDENTIAL_TTL_MS - 1)).toEqual([ana.id]);
    expect(ids(T0 + OFFLINE_CREDENTIAL_TTL_MS)).toEqual([]);
    rememberCredential(ana, anaPin, T0 + OFFLINE_CREDENTIAL_TTL_MS, storage);
    expect(ids(T0 + OFFLINE_CREDENTIAL_TTL_MS + 1)).toEqual([ana.id]);
  });

  it('drops whoever the online staff list no longer offers or shows PIN locked', () => {
    rememberCredential(ana, anaPin, T0, storage);
    rememberCredential(ben, anaPin, T0, storage);
    rememberCredential({ ...ana, id: 'user-gone' }, anaPin, T0, storage);
    pruneCredentials(
      [
        { id: ana.id, pinLocked: false },
        { id: ben.id, pinLocked: true },
      ],
      storage,
    );
    expect(ids(T0)).toEqual([ana.id]);
  });

  it('is cleared entirely on unpairing', async () => {
    rememberCredential(ana, anaPin, T0, storage);
    await verifyOffline(ana.id, '0000', T0, storage);
    clearCredentials(storage);
    expect(storage.length).toBe(0);
  });
});

describe('offline PIN check', () => {
  it('accepts the right PIN and refuses a wrong one', async () => {
    rememberCredential(ana, anaPin, T0, storage);
    expect(await verifyOffline(ana.id, '1357', T0, storage)).toMatchObject({
      kind: 'ok',
      user: ana,
    });
    expect(await verifyOffline(ana.id, '1358', T0, storage)).toEqual({
      kind: 'wrong_pin',
      attemptsLeft: OFFLINE_PIN_ATTEMPTS - 1,
    });
  });

  it('has nothing to check for an unknown or expired user', async () => {
    rememberCredential(ana, anaPin, T0, storage);
    expect(await verifyOffline(ben.id, '1357', T0, storage)).toEqual({ kind: 'no_credential' });
    expect(await verifyOffline(ana.id, '1357', T0 + OFFLINE_CREDENTIAL_TTL_MS, storage)).toEqual({
      kind: 'no_credential',
    });
  });

  it('locks the user after repeated wrong PINs, across reloads, even for the right PIN', async () => {
    rememberCredential(ana, anaPin, T0, storage);
    for (let attempt = 1; attempt < OFFLINE_PIN_ATTEMPTS; attempt += 1)
      expect((await verifyOffline(ana.id, '0000', T0, storage)).kind).toBe('wrong_pin');
    expect(await verifyOffline(ana.id, '0000', T0, storage)).toEqual({
      kind: 'locked',
      until: T0 + OFFLINE_LOCK_MS,
    });
    // A reload reads the same storage: still locked, and the right PIN does not get through.
    expect(offlineLockedUntil(ana.id, T0 + 1, storage)).toBe(T0 + OFFLINE_LOCK_MS);
    expect((await verifyOffline(ana.id, '1357', T0 + 1, storage)).kind).toBe('locked');
    // Others are not locked by Ana's guesses.
    rememberCredential(ben, anaPin, T0, storage);
    expect((await verifyOffline(ben.id, '1357', T0 + 1, storage)).kind).toBe('ok');
    // After the lock, the right PIN works and the count starts again.
    expect((await verifyOffline(ana.id, '1357', T0 + OFFLINE_LOCK_MS, storage)).kind).toBe('ok');
    expect(await verifyOffline(ana.id, '0000', T0 + OFFLINE_LOCK_MS, storage)).toEqual({
      kind: 'wrong_pin',
      attemptsLeft: OFFLINE_PIN_ATTEMPTS - 1,
    });
  });

  it('forgets earlier wrong guesses once the server accepts the PIN online', async () => {
    rememberCredential(ana, anaPin, T0, storage);
    for (let attempt = 0; attempt < OFFLINE_PIN_ATTEMPTS; attempt += 1)
      await verifyOffline(ana.id, '0000', T0, storage);
    rememberCredential(ana, anaPin, T0 + 10, storage);
    expect(offlineLockedUntil(ana.id, T0 + 11, storage)).toBeNull();
  });
});
