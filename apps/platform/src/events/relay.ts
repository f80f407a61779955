import { type Database, sql } from '@tillpoint/db';
import type { EventBus } from './bus.ts';
import type { Outbox } from './outbox.ts';
import { storeLowStockTopic, storeStockTopic } from './topics.ts';

interface OutboxRow {
  id: number;
  tenantId: string;
  topic: string;
  storeId: string | null;
  payload: Record<string, unknown>;
}

/** A committed event as the relay hands it to background work (e.g. enqueueing a job). */
export interface RelayedEvent {
  readonly tenantId: string;
  readonly topic: string;
  readonly storeId: string | null;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface RelayLogger {
  error(details: Record<string, unknown>, message: string): void;
}

const BATCH = 500;

/** Where an event goes on the bus; events without a realtime audience return null. */
function busTopic(row: OutboxRow): string | null {
  if (!row.storeId) return null;
  if (row.topic === 'inventory.level_changed') return storeStockTopic(row.tenantId, row.storeId);
  if (row.topic === 'inventory.low_stock') return storeLowStockTopic(row.tenantId, row.storeId);
  return null;
}

/**
 * Drains the outbox: publishes each committed event and marks it published, at least once.
 * Several instances can run it: rows are claimed with FOR UPDATE SKIP LOCKED. It runs when a
 * local transaction with events commits, and every `pollMs` for events committed elsewhere.
 */
export function startOutboxRelay(options: {
  db: Database;
  bus: EventBus;
  outbox: Outbox;
  logger: RelayLogger;
  pollMs?: number;
  /**
   * Background work an event starts (enqueue a job). Runs before the event is marked published,
   * so work committed with a document is started at least once even across a crash; it must be
   * idempotent (deterministic job ids).
   */
  dispatch?: (event: RelayedEvent) => Promise<void>;
}) {
  const { db, bus, outbox, logger } = options;
  let running = false;
  let again = false;
  let stopped = false;

  async function drainOnce(): Promise<number> {
    return db.withSystem('outbox relay', async (tx) => {
      const rows =
        await tx.query<OutboxRow>(sql`select id, tenant_id as "tenantId", topic, store_id as "storeId", payload
        from outbox where published_at is null order by id limit ${BATCH} for update skip locked`);
      if (rows.length === 0) return 0;
      await Promise.all(
        rows.map(async (row) => {
          const topic = busTopic(row);
          if (topic) await bus.publish(topic, { topic: row.topic, ...row.payload });
          await options.dispatch?.(row);
        }),
      );
      await tx.execute(
        sql`update outbox set published_at = now() where id = any(${rows.map((r) => r.id)}::bigint[])`,
      );
      return rows.length;
    });
  }

  async function run(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        while (!stopped && (await drainOnce()) === BATCH) {
          // a full batch: there may be more waiting
        }
      } while (again && !stopped);
    } catch (error) {
      logger.error({ err: error }, 'outbox relay failed; retrying on the next tick');
    } finally {
      running = false;
    }
  }

  const unsubscribe = outbox.onCommitted(() => void run());
  const timer = setInterval(() => void run(), options.pollMs ?? 1_000);
  timer.unref();
  void run();

  return {
    /** Resolves when the current drain (if any) is over. */
    async flush(): Promise<void> {
      await run();
      while (running) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    async stop(): Promise<void> {
      stopped = true;
      unsubscribe();
      clearInterval(timer);
      while (running) await new Promise((resolve) => setTimeout(resolve, 5));
    },
  };
}

export type OutboxRelay = ReturnType<typeof startOutboxRelay>;
