import type { CashierUser } from './cashier-store.ts';
import { hasStrings, isRecord, readJson, writeJson } from './local-json.ts';
import { isPinHash, type PinHash, verifyPin } from './pin-hash.ts';

// What lets a cashier sign in on this register while the platform cannot be reached: for each
// person who recently signed in online here, their PIN's verifier (PBKDF2, as the lock screen
// keeps it), never the PIN. The server stays the authority: a credential only lives a bounded
// time after the last online sign-in, is dropped as soon as an online staff list no longer offers
// the person (removed, disabled, PIN locked), and guesses are limited per person across reloads.

/** How long a credential holds without an online sign-in of its user on this register. */
export const OFFLINE_CREDENTIAL_TTL_MS = 7 * 24 * 3600_000;
/** The most recent users kept; older ones must sign in online again. */
export const OFFLINE_CREDENTIAL_LIMIT = 20;
/** Wrong PINs in a row that lock a user's offline sign-in ... */
export const OFFLINE_PIN_ATTEMPTS = 5;
/** ... for this long. */
export const OFFLINE_LOCK_MS = 15 * 60_000;

export interface OfflineCredential {
  readonly user: CashierUser;
  readonly pinHash: PinHash;
  /** Epoch milliseconds of the last online sign-in of this user here. */
  readonly confirmedAt: number;
}

interface Lockout {
  readonly failures: number;
  /** Epoch milliseconds; null while under the limit. */
  readonly lockedUntil: number | null;
}

const CREDENTIALS_KEY = 'tillpoint.register.offline-credentials';
const LOCKOUTS_KEY = 'tillpoint.register.offline-lockouts';

function isCredential(value: unknown): value is OfflineCredential {
  return (
    isRecord(value) &&
    isRecord(value.user) &&
    hasStrings(value.user, ['id', 'name', 'role']) &&
    isPinHash(value.pinHash) &&
    typeof value.confirmedAt === 'number'
  );
}

const isCredentialList = (value: unknown): value is OfflineCredential[] =>
  Array.isArray(value) && value.every(isCredential);

function isLockout(value: unknown): value is Lockout {
  return (
    isRecord(value) &&
    typeof value.failures === 'number' &&
    (value.lockedUntil === null || typeof value.lockedUntil === 'number')
  );
}

const isLockouts = (value: unknown): value is Record<string, Lockout> =>
  isRecord(value) && Object.values(value).every(isLockout);

function allCredentials(storage: Storage): OfflineCredential[] {
  return readJson(CREDENTIALS_KEY, isCredentialList, storage) ?? [];
}

function lockouts(storage: Storage): Record<string, Lockout> {
  return readJson(LOCKOUTS_KEY, isLockouts, storage) ?? {};
}

function setLockout(userId: string, lockout: Lockout | null, storage: Storage): void {
  const { [userId]: _previous, ...rest } = lockouts(storage);
  writeJson(LOCKOUTS_KEY, lockout ? { ...rest, [userId]: lockout } : rest, storage);
}

/** After an online sign-in: this user's credential, newest first, within the limit. */
export function rememberCredential(
  user: CashierUser,
  pinHash: PinHash,
  now: number = Date.now(),
  storage: Storage = localStorage,
): void {
  const others = allCredentials(storage).filter((credential) => credential.user.id !== user.id);
  const next = [{ user, pinHash, confirmedAt: now }, ...others].slice(0, OFFLINE_CREDENTIAL_LIMIT);
  writeJson(CREDENTIALS_KEY, next, storage);
  // The server just accepted this person's PIN: earlier wrong guesses here no longer count.
  setLockout(user.id, null, storage);
}

/** Credentials still usable now, most recent first. */
export function validCredentials(
  now: number = Date.now(),
  storage: Storage = localStorage,
): OfflineCredential[] {
  return allCredentials(storage).filter(
    (credential) => now - credential.confirmedAt < OFFLINE_CREDENTIAL_TTL_MS,
  );
}

/** The online staff list is the truth: drop whoever it does not offer for a PIN sign-in. */
export function pruneCredentials(
  staff: readonly { readonly id: string; readonly pinLocked: boolean }[],
  storage: Storage = localStorage,
): void {
  const allowed = new Set(staff.filter((member) => !member.pinLocked).map((member) => member.id));
  const current = allCredentials(storage);
  const kept = current.filter((credential) => allowed.has(credential.user.id));
  if (kept.length !== current.length) writeJson(CREDENTIALS_KEY, kept, storage);
}

/** On unpairing: nothing of this business's staff stays in the browser. */
export function clearCredentials(storage: Storage = localStorage): void {
  storage.removeItem(CREDENTIALS_KEY);
  storage.removeItem(LOCKOUTS_KEY);
}

/** Epoch milliseconds until which the user's offline sign-in is locked, or null. */
export function offlineLockedUntil(
  userId: string,
  now: number = Date.now(),
  storage: Storage = localStorage,
): number | null {
  const lockedUntil = lockouts(storage)[userId]?.lockedUntil ?? null;
  return lockedUntil !== null && lockedUntil > now ? lockedUntil : null;
}

export type OfflineVerdict =
  | { readonly kind: 'ok'; readonly user: CashierUser; readonly pinHash: PinHash }
  | { readonly kind: 'wrong_pin'; readonly attemptsLeft: number }
  | { readonly kind: 'locked'; readonly until: number }
  | { readonly kind: 'no_credential' };

/** Checks a PIN against the user's credential here, counting wrong guesses. */
export async function verifyOffline(
  userId: string,
  pin: string,
  now: number = Date.now(),
  storage: Storage = localStorage,
): Promise<OfflineVerdict> {
  const until = offlineLockedUntil(userId, now, storage);
  if (until !== null) return { kind: 'locked', until };
  const credential = validCredentials(now, storage).find((entry) => entry.user.id === userId);
  if (!credential) return { kind: 'no_credential' };
  if (await verifyPin(pin, credential.pinHash)) {
    setLockout(userId, null, storage);
    return { kind: 'ok', user: credential.user, pinHash: credential.pinHash };
  }
  // A lock that ran out starts a fresh count.
  const previous = lockouts(storage)[userId];
  const failures = (previous?.lockedUntil != null ? 0 : (previous?.failures ?? 0)) + 1;
  if (failures >= OFFLINE_PIN_ATTEMPTS) {
    setLockout(userId, { failures, lockedUntil: now + OFFLINE_LOCK_MS }, storage);
    return { kind: 'locked', until: now + OFFLINE_LOCK_MS };
  }
  setLockout(userId, { failures, lockedUntil: null }, storage);
  return { kind: 'wrong_pin', attemptsLeft: OFFLINE_PIN_ATTEMPTS - failures };
}
