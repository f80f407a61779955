import type { SubmitBody } from '../api-types.ts';
import type { RegisterDb } from './db.ts';
import { createIdbOutboxStore } from './outbox-idb.ts';
import { createReplayer, type OutboxReplayer, type ReplayerOptions } from './outbox-replayer.ts';
import type { OutboxEntry, OutboxState, SyncedSale } from './records.ts';

// The register's outbox: sales made here, replayed to POST /api/v1/sales/submit exactly once.
export { backoffDelay, classifyReply, parseRetryAfter } from './outbox-policy.ts';
export type { AdoptReport, OutboxReplayer, ReplayReport } from './outbox-replayer.ts';
export { OUTBOX_LOCK } from './outbox-replayer.ts';
export type { SendEntry, SendResult, SubmitSenderOptions } from './outbox-send.ts';
export { createSubmitSender } from './outbox-send.ts';
export type { SessionToken } from './outbox-sessions.ts';
export { isEntryOf, needsNewSession } from './outbox-sessions.ts';
export type { OutboxStats, OutboxStore } from './outbox-store.ts';

/**
 * Queues a finished sale. Resolves once the entry is committed to disk: from then on the sale is
 * done for the cashier whatever the network does. The same sale id twice is stored once.
 */
export function enqueueSale(
  db: RegisterDb,
  sale: {
    readonly body: SubmitBody;
    readonly token: string;
    /** The cashier who made the sale: only their later sessions may resend it. */
    readonly user: { readonly id: string; readonly name: string };
    /** The cashier signed in offline (token empty): see OutboxEntry.offlineSignIn. */
    readonly offlineSignIn?: { readonly signedInAt: string };
    readonly now?: number;
  },
): Promise<OutboxEntry> {
  const at = sale.now ?? Date.now();
  return createIdbOutboxStore(db).put({
    saleId: sale.body.id,
    body: sale.body,
    token: sale.token,
    userId: sale.user.id,
    userName: sale.user.name,
    ...(sale.offlineSignIn ? { offlineSignIn: sale.offlineSignIn } : {}),
    createdAt: at,
    attempts: 0,
    nextAttemptAt: at,
    state: 'pending',
  });
}

export type OutboxReplayerOptions = Omit<ReplayerOptions, 'store'> & { readonly db: RegisterDb };

/** The replayer over the register's IndexedDB outbox (see outbox-replayer.ts for the rules). */
export function createOutboxReplayer(options: OutboxReplayerOptions): OutboxReplayer {
  const { db, ...rest } = options;
  return createReplayer({ ...rest, store: createIdbOutboxStore(db) });
}

/** Entries in seq order, for the screen that lists unsynced and refused sales. */
export function listOutbox(db: RegisterDb, state?: OutboxState): Promise<OutboxEntry[]> {
  return createIdbOutboxStore(db).list(state);
}

/** The server's answers to the latest synced sales, most recent first. */
export function syncedSales(db: RegisterDb): Promise<readonly SyncedSale[]> {
  return createIdbOutboxStore(db).synced();
}
