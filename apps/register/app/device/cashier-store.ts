import { hasStrings, isRecord, readJson, writeJson } from './local-json.ts';
import { isPinHash, type PinHash } from './pin-hash.ts';

// The signed-in cashier: the PIN-session token the server granted, who it is, until when, and
// the PIN's hash for the offline lock screen. In localStorage so a reload, even offline, keeps
// the cashier signed in (and locked, if the screen was locked).

export interface CashierUser {
  readonly id: string;
  readonly name: string;
  readonly role: string;
}

export interface CashierSession {
  readonly token: string;
  readonly sessionId: string;
  /** ISO 8601 */
  readonly expiresAt: string;
  readonly user: CashierUser;
  readonly pinHash: PinHash;
  readonly locked: boolean;
  /**
   * Signed in while the platform could not be reached, the PIN checked against this register's
   * offline credential (offline-credentials.ts): no server session, so token and sessionId are
   * empty and expiresAt is the sign-in time; once online the cashier must sign in (sessionStatus).
   */
  readonly offline?: { readonly signedInAt: string };
}

const KEY = 'tillpoint.register.cashier';

function isSession(value: unknown): value is CashierSession {
  return (
    isRecord(value) &&
    hasStrings(value, ['token', 'sessionId', 'expiresAt']) &&
    isRecord(value.user) &&
    hasStrings(value.user, ['id', 'name', 'role']) &&
    isPinHash(value.pinHash) &&
    typeof value.locked === 'boolean' &&
    (value.offline === undefined ||
      (isRecord(value.offline) && hasStrings(value.offline, ['signedInAt'])))
  );
}

export function loadCashier(storage: Storage = localStorage): CashierSession | null {
  return readJson(KEY, isSession, storage);
}

export function saveCashier(session: CashierSession, storage: Storage = localStorage): void {
  writeJson(KEY, session, storage);
}

export function clearCashier(storage: Storage = localStorage): void {
  storage.removeItem(KEY);
}

export function isExpired(session: CashierSession, now: number = Date.now()): boolean {
  return Date.parse(session.expiresAt) <= now;
}

/**
 * active: selling as usual. expired_offline: the session ran out while the platform cannot be
 * reached; signing in needs the network and a till must not stop, so the cashier keeps selling
 * (sales queue with the old token and take the new one at the next sign-in). expired: the
 * platform is reachable, sign in again now.
 */
export type SessionStatus = 'active' | 'expired_offline' | 'expired';

export function sessionStatus(
  session: CashierSession,
  online: boolean,
  now: number = Date.now(),
): SessionStatus {
  if (!isExpired(session, now)) return 'active';
  return online ? 'expired' : 'expired_offline';
}
