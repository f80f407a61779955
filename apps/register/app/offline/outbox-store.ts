import type { SessionToken } from './outbox-sessions.ts';
import type {
  NewOutboxEntry,
  OutboxEntry,
  OutboxError,
  OutboxState,
  SyncedSale,
} from './records.ts';

export interface OutboxStats {
  readonly pending: number;
  readonly attention: number;
}

/**
 * Where outbox entries live. The replayer only talks to this, so its rules run the same over
 * IndexedDB (outbox-idb.ts, the register) and over memory (outbox-memory.ts, its Node test).
 */
export interface OutboxStore {
  /** The pending entry with the lowest seq (attention entries are skipped), if any. */
  first(): Promise<OutboxEntry | undefined>;
  /** Stores a new entry, durably; an entry with the same saleId is returned instead. */
  put(entry: NewOutboxEntry): Promise<OutboxEntry>;
  /** Deletes an acknowledged entry and records the server's answer, in one step. */
  remove(seq: number, synced: SyncedSale): Promise<void>;
  /** Counts a failed send and when to try again. */
  bumpAttempt(seq: number, nextAttemptAt: number, error: OutboxError): Promise<void>;
  /** Sets the entry aside for a person (it is never dropped). */
  markAttention(seq: number, error: OutboxError): Promise<void>;
  /**
   * Back to pending after a person dealt with the cause. The session's token replaces the
   * entry's only when that session is the seller's (a 401 was their expired PIN session).
   */
  requeue(seq: number, nextAttemptAt: number, session?: SessionToken): Promise<void>;
  /**
   * A cashier signed in again: their entries waiting on an older token, and theirs refused for
   * their session, take the new one (see adoptSession), in one step. Returns the seqs changed.
   */
  adopt(session: SessionToken, nextAttemptAt: number): Promise<number[]>;
  list(state?: OutboxState): Promise<OutboxEntry[]>;
  counts(): Promise<OutboxStats>;
  /** The synced log, most recent first. */
  synced(): Promise<readonly SyncedSale[]>;
}
