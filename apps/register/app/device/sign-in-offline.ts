import type { CashierSession } from './cashier-store.ts';
import { verifyOffline } from './offline-credentials.ts';

// A cashier signing in while the platform cannot be reached: the PIN is checked against this
// register's offline credential and the session is marked offline (no server token). Sales then
// go out through the device (outbox-credentials.ts) or under the cashier's next online session.

export type OfflineSignIn =
  | { readonly kind: 'signed_in'; readonly session: CashierSession }
  | { readonly kind: 'refused'; readonly message: string };

function clock(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export async function signInOffline(
  userId: string,
  pin: string,
  now: number = Date.now(),
  storage: Storage = localStorage,
): Promise<OfflineSignIn> {
  const verdict = await verifyOffline(userId, pin, now, storage);
  switch (verdict.kind) {
    case 'ok': {
      const signedInAt = new Date(now).toISOString();
      return {
        kind: 'signed_in',
        session: {
          token: '',
          sessionId: '',
          expiresAt: signedInAt,
          user: verdict.user,
          pinHash: verdict.pinHash,
          locked: false,
          offline: { signedInAt },
        },
      };
    }
    case 'wrong_pin':
      return {
        kind: 'refused',
        message: `Wrong PIN. ${verdict.attemptsLeft} more ${verdict.attemptsLeft === 1 ? 'try' : 'tries'} before offline sign-in is locked for this person.`,
      };
    case 'locked':
      return {
        kind: 'refused',
        message: `Too many wrong PINs: offline sign-in for this person is locked until ${clock(verdict.until)}, or until the server can be reached.`,
      };
    case 'no_credential':
      return {
        kind: 'refused',
        message:
          'This person has not signed in on this register online recently; signing in needs the network.',
      };
  }
}
