import type { SaleFlag } from '../api-types.ts';
import { backoffDelay, classifyReply, parseRetryAfter } from './outbox-policy.ts';
import type { SendEntry } from './outbox-send.ts';
import type { SessionToken } from './outbox-sessions.ts';
import type { OutboxStats, OutboxStore } from './outbox-store.ts';
import type { OutboxEntry, OutboxError, SyncedSale } from './records.ts';

export const OUTBOX_LOCK = 'tillpoint-outbox';
const IDLE_POLL_MS = 30_000;

export interface ReplayerOptions {
  readonly store: OutboxStore;
  readonly send: SendEntry;
  readonly now?: () => number;
  readonly random?: () => number;
  /** Called with fresh counts after every change the replayer makes. */
  readonly onChange?: (stats: OutboxStats) => void;
  /** Web Locks name shared by every tab of the register. */
  readonly lockName?: string;
  /** How often a started replayer looks again while idle (sales queued by another tab). */
  readonly idlePollMs?: number;
}

export interface ReplayReport {
  /**
   * drained: no pending entry is left. retry: an entry could not be delivered and waits until
   * retryAt. waiting: the first entry's back-off has not run out (background rounds only).
   * failed: the outbox itself could not be read or written.
   */
  readonly outcome: 'drained' | 'retry' | 'waiting' | 'failed';
  readonly synced: readonly SyncedSale[];
  /** seqs set aside for a person in this round. */
  readonly attention: readonly number[];
  readonly retryAt: number | null;
  readonly error?: OutboxError;
}

export interface AdoptReport {
  /** seqs that took the new token. */
  readonly adopted: readonly number[];
  readonly report: ReplayReport;
}

export interface OutboxReplayer {
  /** Replays now and then whenever a back-off runs out, until stop(). */
  start(): void;
  stop(): void;
  /** Replays now, ignoring back-off (the browser came online, a sale was just queued). */
  kick(): Promise<ReplayReport>;
  /** One round now, ignoring back-off; resolves when it ends. */
  replayOnce(): Promise<ReplayReport>;
  /**
   * Puts an attention entry back in line; with the session of the cashier who made the sale, it
   * goes out under that session (another cashier's session is never used for it).
   */
  retry(seq: number, session?: SessionToken): Promise<ReplayReport>;
  /**
   * A cashier signed in online: their waiting and session-refused entries take the new token
   * (outbox-sessions.ts), then the outbox replays. Resolves after that round.
   */
  adopt(session: SessionToken): Promise<AdoptReport>;
  stats(): Promise<OutboxStats>;
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null
    ? (body as Record<string, unknown>)[name]
    : undefined;
}

function errorOf(status: number, body: unknown): OutboxError {
  const code = field(body, 'code');
  const message = field(body, 'message');
  return {
    status,
    code: typeof code === 'string' ? code : `http.${status}`,
    message: typeof message === 'string' ? message : `The server answered HTTP ${status}.`,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The sale the server answered with, or null when a 2xx is not this sale (a captive portal or a
 * proxy answering 200 must never make the register forget an unsynced sale).
 */
function acknowledgedSale(
  entry: OutboxEntry,
  reply: Awaited<ReturnType<SendEntry>>,
  at: number,
): SyncedSale | null {
  const { status, body } = reply;
  if (field(body, 'id') !== entry.saleId) return null;
  const receiptNumber = field(body, 'receiptNumber');
  const totalMinor = field(body, 'totalMinor');
  const flags = field(body, 'flags');
  const synced: SyncedSale = {
    saleId: entry.saleId,
    seq: entry.seq,
    status,
    replayed: reply.replayed === true || status === 200,
    receiptNumber: typeof receiptNumber === 'number' ? receiptNumber : null,
    totalMinor: typeof totalMinor === 'number' ? totalMinor : entry.body.expectedTotalMinor,
    flags: Array.isArray(flags) ? (flags as SaleFlag[]) : [],
    syncedAt: at,
  };
  return synced;
}

/** Runs fn holding the register-wide lock when the browser has Web Locks (one replay per device). */
function exclusive<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const locks = globalThis.navigator?.locks;
  return locks ? locks.request(name, () => fn()) : fn();
}

type Step =
  | { kind: 'synced'; record: SyncedSale }
  | { kind: 'attention' }
  | { kind: 'retry'; retryAt: number; error: OutboxError };

/**
 * Delivers the outbox to the server: strictly in seq order, one entry at a time, an entry deleted
 * only once the server holds the sale. Refused entries are set aside and the line moves on;
 * anything undecided stops the round and backs off.
 */
export function createReplayer(options: ReplayerOptions): OutboxReplayer {
  const { store, send } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const lockName = options.lockName ?? OUTBOX_LOCK;
  const idlePollMs = options.idlePollMs ?? IDLE_POLL_MS;

  let started = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let active: Promise<ReplayReport> | null = null;
  let queued: Promise<ReplayReport> | null = null;
  let queuedForce = false;

  const emit = () => {
    if (!options.onChange) return;
    store.counts().then(options.onChange, () => undefined);
  };

  async function later(entry: OutboxEntry, error: OutboxError, waitAtLeast: number | null) {
    const delay = Math.max(backoffDelay(entry.attempts + 1, random), waitAtLeast ?? 0);
    const retryAt = now() + delay;
    await store.bumpAttempt(entry.seq, retryAt, error);
    return { kind: 'retry', retryAt, error } as const;
  }

  async function deliver(entry: OutboxEntry): Promise<Step> {
    let reply: Awaited<ReturnType<SendEntry>>;
    try {
      reply = await send(entry);
    } catch (error) {
      return later(
        entry,
        { status: 0, code: 'network.unreachable', message: messageOf(error) },
        null,
      );
    }
    const error = errorOf(reply.status, reply.body);
    const verdict = classifyReply(reply.status, error.code);
    if (verdict === 'done') {
      const record = acknowledgedSale(entry, reply, now());
      if (record) {
        await store.remove(entry.seq, record);
        return { kind: 'synced', record };
      }
      return later(
        entry,
        {
          status: reply.status,
          code: 'outbox.unexpected_answer',
          message: 'The answer was not this sale (a proxy or sign-in page in the way?).',
        },
        null,
      );
    }
    if (verdict === 'attention') {
      await store.markAttention(entry.seq, error);
      return { kind: 'attention' };
    }
    return later(entry, error, parseRetryAfter(reply.retryAfter, now()));
  }

  async function round(force: boolean): Promise<ReplayReport> {
    const synced: SyncedSale[] = [];
    const attention: number[] = [];
    const tried = new Set<number>();
    for (;;) {
      const entry = await store.first();
      if (!entry) return { outcome: 'drained', synced, attention, retryAt: null };
      if (tried.has(entry.seq)) {
        // The store handed back an entry this round already settled: stop rather than spin.
        const error = {
          status: 0,
          code: 'outbox.store_stuck',
          message: `Outbox entry ${entry.seq} did not move on after it was handled.`,
        };
        return { outcome: 'failed', synced, attention, retryAt: null, error };
      }
      tried.add(entry.seq);
      if (!force && entry.nextAttemptAt > now()) {
        return { outcome: 'waiting', synced, attention, retryAt: entry.nextAttemptAt };
      }
      const step = await deliver(entry);
      emit();
      if (step.kind === 'synced') synced.push(step.record);
      else if (step.kind === 'attention') attention.push(entry.seq);
      else return { outcome: 'retry', synced, attention, retryAt: step.retryAt, error: step.error };
    }
  }

  const failed = (error: unknown): ReplayReport => ({
    outcome: 'failed',
    synced: [],
    attention: [],
    retryAt: null,
    error: { status: 0, code: 'outbox.store_failed', message: messageOf(error) },
  });

  /** One round at a time in this tab; a call during a round runs once more after it. */
  function run(force: boolean): Promise<ReplayReport> {
    if (active === null) {
      const current: Promise<ReplayReport> = exclusive(lockName, () => round(force))
        .catch(failed)
        .finally(() => {
          if (active === current) active = null;
        });
      active = current;
      current.then(schedule);
      return current;
    }
    queuedForce ||= force;
    if (queued === null) {
      queued = active.then(() => {
        const again = queuedForce;
        queued = null;
        queuedForce = false;
        return run(again);
      });
    }
    return queued;
  }

  function schedule(report: ReplayReport): void {
    if (!started) return;
    if (timer !== undefined) clearTimeout(timer);
    const wait =
      report.retryAt === null
        ? idlePollMs
        : Math.max(0, Math.min(report.retryAt - now(), 2 ** 31 - 1));
    timer = setTimeout(() => {
      timer = undefined;
      void run(false);
    }, wait);
  }

  return {
    start() {
      if (started) return;
      started = true;
      // Back-off survives reloads: a fresh start waits for the first entry's retry time.
      void run(false);
    },
    stop() {
      started = false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
    kick: () => run(true),
    replayOnce: () => run(true),
    async retry(seq: number, session?: SessionToken) {
      await store.requeue(seq, now(), session);
      emit();
      return run(true);
    },
    async adopt(session: SessionToken) {
      // Under the outbox lock: a round sending an entry with the old token finishes first, so
      // its answer cannot set aside an entry that already holds the new token.
      const adopted = await exclusive(lockName, () => store.adopt(session, now()));
      emit();
      return { adopted, report: await run(true) };
    },
    stats: () => store.counts(),
  };
}
