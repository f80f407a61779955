import type { OutboxEntry } from './records.ts';

// Which PIN session an outbox entry may be sent with. The server records the sale under the
// token's user, so an entry only ever takes a newer token of the cashier who made it.

/** A cashier's PIN session as the outbox needs it. */
export interface SessionToken {
  readonly userId: string;
  readonly token: string;
}

/** The entry was made by this user (an entry of unknown origin belongs to nobody). */
export function isEntryOf(entry: OutboxEntry, userId: string): boolean {
  return entry.userId !== undefined && entry.userId === userId;
}

/** The token to send the entry with: the session's when it is the seller's, else the entry's. */
export function tokenFor(entry: OutboxEntry, session: SessionToken | undefined): string {
  return session && isEntryOf(entry, session.userId) ? session.token : entry.token;
}

/** The server refused the entry's PIN session (ended, expired): only a new session helps. */
export function needsNewSession(entry: OutboxEntry): boolean {
  return entry.state === 'attention' && entry.lastError?.status === 401;
}

/**
 * The entry once its cashier signed in again, or null when the new session does not apply:
 * another user's (or an unknown seller's) entry, one already on this token, or one set aside for
 * a reason a new session does not fix. A pending entry keeps its place and back-off; an entry
 * refused for its session goes back in line as a person's retry would put it.
 */
export function adoptSession(
  entry: OutboxEntry,
  session: SessionToken,
  now: number,
): OutboxEntry | null {
  if (!isEntryOf(entry, session.userId) || entry.token === session.token) return null;
  if (entry.state === 'pending') return { ...entry, token: session.token };
  if (needsNewSession(entry))
    return { ...entry, state: 'pending', token: session.token, nextAttemptAt: now };
  return null;
}

/** The signed-in cashier as far as a retry needs it. */
export interface SignedInCashier {
  readonly token: string;
  readonly user: { readonly id: string };
}

export interface RetryPlan {
  /** Given only when the entry is the signed-in cashier's own sale. */
  readonly session?: SessionToken;
  /** Name of the cashier who must sign in before the entry can go (null: nothing to ask). */
  readonly signInAs: string | null;
}

/**
 * A person presses "send again" on a set-aside entry: it goes back in line, with the signed-in
 * cashier's session only if the sale is theirs. A sale refused for its session then still needs
 * its own cashier, so the screen says whom to sign in.
 */
export function retryPlan(entry: OutboxEntry, cashier: SignedInCashier | null): RetryPlan {
  if (cashier && isEntryOf(entry, cashier.user.id))
    return { session: { userId: cashier.user.id, token: cashier.token }, signInAs: null };
  return {
    signInAs: needsNewSession(entry) ? (entry.userName ?? 'the cashier who made this sale') : null,
  };
}
