import { type Database, sql } from '@tillpoint/db';
import type { FastifyInstance } from 'fastify';
import { type JobHandler, type JobQueue, PermanentJobError } from '../jobs/queue.ts';

/** Deletes one tenant's expired Idempotency-Keys. */
export const IDEMPOTENCY_PURGE_JOB = 'idempotency.purge';

const HOUR_MS = 3_600_000;

/**
 * Deletes the tenant's keys whose expires_at has passed (at least 24 hours after they were
 * claimed, see 0010_sales.sql). Goes by expires_at, never by age, so a key kept longer on purpose
 * stays. Returns how many were deleted.
 */
export function purgeExpiredIdempotencyKeys(db: Database, tenantId: string): Promise<number> {
  return db.withTenant({ tenantId }, (tx) =>
    tx.execute(
      sql`delete from idempotency_keys where tenant_id = ${tenantId} and expires_at <= now()`,
    ),
  );
}

/** The job: one tenant per run, inside withTenant (the table's RLS allows nothing else). */
export function createIdempotencyPurgeJob(db: Database): JobHandler {
  return async (data) => {
    if (typeof data.tenantId !== 'string') {
      throw new PermanentJobError('idempotency purge job without tenantId');
    }
    await purgeExpiredIdempotencyKeys(db, data.tenantId);
  };
}

/** Deterministic per tenant and hour (tenant:entity:action), so instances enqueue it once. */
export function purgeJobId(tenantId: string, at: Date): string {
  return `${tenantId}:hour-${Math.floor(at.getTime() / HOUR_MS)}:idempotency-purge`;
}

/** Queues this hour's purge for every tenant. Returns how many tenants were queued. */
export async function enqueueIdempotencyPurges(
  db: Database,
  jobs: JobQueue,
  at: Date = new Date(),
): Promise<number> {
  const tenants = await db.withSystem('idempotency purge: list tenants', (tx) =>
    tx.query<{ id: string }>(sql`select id from tenants order by id`),
  );
  for (const { id } of tenants) {
    await jobs.add(IDEMPOTENCY_PURGE_JOB, { tenantId: id }, { jobId: purgeJobId(id, at) });
  }
  return tenants.length;
}

/**
 * Registers the purge job and queues it for every tenant once an hour, from every instance (the
 * hourly job ids make the extra copies no-ops). The first round comes an hour after start, so
 * short-lived processes (tests, the OpenAPI dump) never scan the tenants.
 */
export function scheduleIdempotencyPurge(
  app: FastifyInstance,
  { db, jobs, everyMs = HOUR_MS }: { db: Database; jobs: JobQueue; everyMs?: number },
): void {
  jobs.process(IDEMPOTENCY_PURGE_JOB, createIdempotencyPurgeJob(db));
  const timer = setInterval(() => {
    enqueueIdempotencyPurges(db, jobs).catch((error: unknown) =>
      app.log.warn({ err: error }, 'could not queue the idempotency key purge'),
    );
  }, everyMs);
  // Never the reason a process stays alive.
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
