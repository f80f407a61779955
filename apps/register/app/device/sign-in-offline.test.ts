import { describe, expect, it } from 'vitest';
import { sessionStatus } from './cashier-store.ts';
import { MapStorage } from './map-storage.ts';
import { OFFLINE_PIN_ATTEMPTS, rememberCredential } from './offline-credentials.ts';
import { hashPin } from './pin-hash.ts';
import { signInOffline } from './sign-in-offline.ts';

const T0 = Date.parse('2026-11-24T08:00:00Z');
const ana = { id: 'user-ana', name: 'Ana', role: 'cashier' };

describe('signing in while the platform cannot be reached', () => {
  it('gives a session marked offline, without a server token, that asks for sign-in once online', async () => {
    const storage = new MapStorage();
    rememberCredential(ana, await hashPin('1357', 1000), T0, storage);
    const outcome = await signInOffline(ana.id, '1357', T0 + 60_000, storage);
    if (outcome.kind !== 'signed_in') throw new Error(`refused: ${outcome.message}`);
    const { session } = outcome;
    expect(session).toMatchObject({ token: '', user: ana, locked: false });
    expect(session.offline?.signedInAt).toBe(new Date(T0 + 60_000).toISOString());
    expect(sessionStatus(session, false, T0 + 120_000)).toBe('expired_offline');
    expect(sessionStatus(session, true, T0 + 120_000)).toBe('expired');
  });

  it('refuses a wrong PIN, then locks the person, saying so', async () => {
    const storage = new MapStorage();
    rememberCredential(ana, await hashPin('1357', 1000), T0, storage);
    const first = await signInOffline(ana.id, '0000', T0, storage);
    expect(first).toMatchObject({ kind: 'refused', message: expect.stringContaining('Wrong PIN') });
    for (let attempt = 2; attempt < OFFLINE_PIN_ATTEMPTS; attempt += 1)
      await signInOffline(ana.id, '0000', T0, storage);
    const last = await signInOffline(ana.id, '0000', T0, storage);
    expect(last).toMatchObject({ kind: 'refused', message: expect.stringContaining('locked') });
    expect((await signInOffline(ana.id, '1357', T0, storage)).kind).toBe('refused');
  });

  it('refuses someone who never signed in online here', async () => {
    const outcome = await signInOffline(ana.id, '1357', T0, new MapStorage());
    expect(outcome).toMatchObject({ kind: 'refused' });
  });
});
