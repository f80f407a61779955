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

/**
 * The outbox in memory, for running the replayer in Node against the real platform (Node has no
 * IndexedDB). The register itself always uses outbox-idb.ts.
 */
export function createMemoryOutboxStore(): OutboxStore & { entries(): OutboxEntry[] } {
  const rows = new Map<number, OutboxEntry>();
  let log: SyncedSale[] = [];
  let lastSeq = 0;

  const ordered = (state?: OutboxState) =>
    [...rows.values()]
      .filter((entry) => state === undefined || entry.state === state)
      .sort((a, b) => a.seq - b.seq);
  const update = (seq: number, change: (entry: OutboxEntry) => OutboxEntry) => {
    const entry = rows.get(seq);
    if (entry) rows.set(seq, change(entry));
  };

  return {
    entries: () => ordered(),
    async first() {
      return ordered('pending')[0];
    },
    async put(entry: NewOutboxEntry) {
      const existing = [...rows.values()].find((row) => row.saleId === entry.saleId);
      if (existing) return existing;
      lastSeq += 1;
      const stored: OutboxEntry = { ...entry, seq: lastSeq };
      rows.set(stored.seq, stored);
      return stored;
    },
    async remove(seq: number, synced: SyncedSale) {
      rows.delete(seq);
      log = appendSynced(log, synced);
    },
    async bumpAttempt(seq: number, nextAttemptAt: number, lastError: OutboxError) {
      update(seq, (entry) => ({
        ...entry,
        attempts: entry.attempts + 1,
        nextAttemptAt,
        lastError,
      }));
    },
    async markAttention(seq: number, lastError: OutboxError) {
      update(seq, (entry) => ({
        ...entry,
        state: 'attention',
        attempts: entry.attempts + 1,
        lastError,
      }));
    },
    async requeue(seq: number, nextAttemptAt: number, session?: SessionToken) {
      update(seq, (entry) => ({
        ...entry,
        state: 'pending',
        nextAttemptAt,
        token: tokenFor(entry, session),
      }));
    },
    async adopt(session: SessionToken, nextAttemptAt: number) {
      const changed: number[] = [];
      for (const entry of ordered()) {
        const next = adoptSession(entry, session, nextAttemptAt);
        if (next === null) continue;
        rows.set(entry.seq, next);
        changed.push(entry.seq);
      }
      return changed;
    },
    async list(state?: OutboxState) {
      return ordered(state);
    },
    async counts(): Promise<OutboxStats> {
      return { pending: ordered('pending').length, attention: ordered('attention').length };
    },
    async synced() {
      return log;
    },
  };
}
