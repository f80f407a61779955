import { getMeta, type RegisterDb } from './db.ts';
import { adoptSession, type SessionToken, tokenFor } from './outbox-sessions.ts';
import type { OutboxStats, OutboxStore } from './outbox-store.ts';
import {
  appendSynced,
  type NewOutboxEntry,
  type OutboxEntry,
  type OutboxError,
  type OutboxState,
  type SyncedSale,
} from './records.ts';

/** Every entry of one state, in seq order, through the [state, seq] index. */
function stateRange(state: OutboxState): IDBKeyRange {
  return IDBKeyRange.bound([state, -Infinity], [state, Infinity]);
}

// A completed sale must survive a power cut the moment the cashier sees "done": strict
// durability makes the commit wait for the disk (Chromium's default only waits for the OS).
const DURABLE = { durability: 'strict' } as const;

async function change(
  db: RegisterDb,
  seq: number,
  next: (entry: OutboxEntry) => OutboxEntry,
): Promise<void> {
  const tx = db.transaction('outbox', 'readwrite', DURABLE);
  const entry = await tx.store.get(seq);
  if (entry) await tx.store.put(next(entry));
  await tx.done;
}

/** The outbox in the register's IndexedDB. */
export function createIdbOutboxStore(db: RegisterDb): OutboxStore {
  return {
    async first() {
      const cursor = await db
        .transaction('outbox')
        .store.index('state')
        .openCursor(stateRange('pending'));
      return cursor?.value;
    },

    async put(entry: NewOutboxEntry) {
      const tx = db.transaction('outbox', 'readwrite', DURABLE);
      const existing = await tx.store.index('saleId').get(entry.saleId);
      if (existing) {
        await tx.done;
        return existing;
      }
      // seq is left out so the store's key generator assigns it (the typing wants it present).
      const seq = await tx.store.add(entry as OutboxEntry);
      await tx.done;
      return { ...entry, seq };
    },

    async remove(seq: number, synced: SyncedSale) {
      const tx = db.transaction(['outbox', 'meta'], 'readwrite', DURABLE);
      const meta = tx.objectStore('meta');
      const log = (await meta.get('synced')) as readonly SyncedSale[] | undefined;
      await Promise.all([
        tx.objectStore('outbox').delete(seq),
        meta.put(appendSynced(log, synced), 'synced'),
        tx.done,
      ]);
    },

    bumpAttempt(seq: number, nextAttemptAt: number, lastError: OutboxError) {
      return change(db, seq, (entry) => ({
        ...entry,
        attempts: entry.attempts + 1,
        nextAttemptAt,
        lastError,
      }));
    },

    markAttention(seq: number, lastError: OutboxError) {
      return change(db, seq, (entry) => ({
        ...entry,
        state: 'attention',
        attempts: entry.attempts + 1,
        lastError,
      }));
    },

    requeue(seq: number, nextAttemptAt: number, session?: SessionToken) {
      return change(db, seq, (entry) => ({
        ...entry,
        state: 'pending',
        nextAttemptAt,
        token: tokenFor(entry, session),
      }));
    },

    async adopt(session: SessionToken, nextAttemptAt: number) {
      // One transaction: a sale queued meanwhile is either seen here or written with the new
      // token already (it is made under the new session).
      const tx = db.transaction('outbox', 'readwrite', DURABLE);
      const changed: number[] = [];
      for (const entry of await tx.store.getAll()) {
        const next = adoptSession(entry, session, nextAttemptAt);
        if (next === null) continue;
        await tx.store.put(next);
        changed.push(entry.seq);
      }
      await tx.done;
      return changed;
    },

    async list(state?: OutboxState) {
      return state === undefined
        ? db.getAll('outbox')
        : db.getAllFromIndex('outbox', 'state', stateRange(state));
    },

    async counts(): Promise<OutboxStats> {
      const index = db.transaction('outbox').store.index('state');
      const [pending, attention] = await Promise.all([
        index.count(stateRange('pending')),
        index.count(stateRange('attention')),
      ]);
      return { pending, attention };
    },

    async synced() {
      return (await getMeta(db, 'synced')) ?? [];
    },
  };
}
