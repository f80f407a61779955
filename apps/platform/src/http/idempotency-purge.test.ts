import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from '@tillpoint/db';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnqueueOptions, JobData, JobQueue } from '../jobs/queue.ts';
import { createTestApp, type Retailer, signUpRetailer, type TestApp } from '../testing/index.ts';
import {
  createIdempotencyPurgeJob,
  enqueueIdempotencyPurges,
  IDEMPOTENCY_PURGE_JOB,
  purgeExpiredIdempotencyKeys,
  purgeJobId,
  scheduleIdempotencyPurge,
} from './idempotency-purge.ts';

let t: TestApp;
let shop: Retailer;
let other: Retailer;

beforeAll(async () => {
  t = await createTestApp();
  shop = await signUpRetailer(t.app, 'Purge Goods');
  other = await signUpRetailer(t.app, 'Other Purge Goods');
});
afterAll(() => t.close());

/** A key row claimed `age` ago and kept until `keptFor` after that. */
async function addKey(tenantId: string, age: string, keptFor = '24 hours'): Promise<string> {
  const key = `purge-${randomUUID()}`;
  await t.db.withTenant({ tenantId }, (tx) =>
    tx.execute(sql`
      insert into idempotency_keys (tenant_id, key, actor_id, method, route, request_hash,
        status, response_status, response_body, created_at, completed_at, expires_at)
      values (${tenantId}, ${key}, ${randomUUID()}, 'POST', '/api/v1/stores', ${randomBytes(32)},
        'completed', 201, '{}', now() - ${age}::interval, now() - ${age}::interval,
        now() - ${age}::interval + ${keptFor}::interval)`),
  );
  return key;
}

async function remaining(tenantId: string, keys: readonly string[]): Promise<string[]> {
  const rows = await t.db.withTenant({ tenantId }, (tx) =>
    tx.query<{ key: string }>(
      sql`select key from idempotency_keys where key = any(${keys}::text[]) order by key`,
    ),
  );
  return rows.map((row) => row.key);
}

function recordingQueue() {
  const added: { name: string; data: JobData; options: EnqueueOptions | undefined }[] = [];
  const queue: JobQueue = {
    async add(name, data, options) {
      added.push({ name, data, options });
    },
    process() {},
    async close() {},
  };
  return { queue, added };
}

describe('purging expired idempotency keys', () => {
  it('deletes what has expired, keeps keys younger than 24 hours or kept longer, per tenant', async () => {
    const expired = await addKey(shop.tenantId, '25 hours');
    const almost = await addKey(shop.tenantId, '23 hours 59 minutes');
    const keptLonger = await addKey(shop.tenantId, '30 hours', '48 hours');
    const fresh = await addKey(shop.tenantId, '1 second');
    const othersExpired = await addKey(other.tenantId, '26 hours');

    expect(await purgeExpiredIdempotencyKeys(t.db, shop.tenantId)).toBeGreaterThanOrEqual(1);
    expect(await remaining(shop.tenantId, [expired, almost, keptLonger, fresh])).toEqual(
      [almost, keptLonger, fresh].sort(),
    );
    // One tenant's purge never reaches another tenant's rows.
    expect(await remaining(other.tenantId, [othersExpired])).toEqual([othersExpired]);

    await createIdempotencyPurgeJob(t.db)(
      { tenantId: other.tenantId },
      { attempt: 1, updateProgress: async () => {} },
    );
    expect(await remaining(other.tenantId, [othersExpired])).toEqual([]);
  });

  it('runs through the app job queue', async () => {
    const expired = await addKey(shop.tenantId, '2 days', '24 hours');
    const kept = await addKey(shop.tenantId, '1 hour');
    await t.app.services.infra.jobs.add(
      IDEMPOTENCY_PURGE_JOB,
      { tenantId: shop.tenantId },
      { jobId: purgeJobId(shop.tenantId, new Date(Date.now() + 7 * 86_400_000)) },
    );
    await expect
      .poll(() => remaining(shop.tenantId, [expired, kept]), { timeout: 10_000 })
      .toEqual([kept]);
  });

  it('refuses a job without a tenant for good', async () => {
    const run = createIdempotencyPurgeJob(t.db);
    await expect(
      run(
        { tenantId: undefined as unknown as string },
        { attempt: 1, updateProgress: async () => {} },
      ),
    ).rejects.toMatchObject({ name: 'PermanentJobError' });
  });
});

describe('scheduling the purge', () => {
  it('queues one job per tenant per hour with a deterministic id', async () => {
    const { queue, added } = recordingQueue();
    const at = new Date('2030-01-01T10:15:00Z');
    const tenants = await enqueueIdempotencyPurges(t.db, queue, at);
    expect(tenants).toBe(added.length);
    const mine = added.find((job) => job.data.tenantId === shop.tenantId);
    expect(mine).toEqual({
      name: IDEMPOTENCY_PURGE_JOB,
      data: { tenantId: shop.tenantId },
      options: { jobId: purgeJobId(shop.tenantId, at) },
    });
    expect(added.some((job) => job.data.tenantId === other.tenantId)).toBe(true);
    // Same hour, same id (queued once across instances); the next hour is a new job.
    expect(purgeJobId(shop.tenantId, new Date('2030-01-01T10:59:59Z'))).toBe(
      purgeJobId(shop.tenantId, at),
    );
    expect(purgeJobId(shop.tenantId, new Date('2030-01-01T11:00:00Z'))).not.toBe(
      purgeJobId(shop.tenantId, at),
    );
    // BullMQ accepts custom ids with ':' only as exactly three parts.
    expect(purgeJobId(shop.tenantId, at).split(':')).toHaveLength(3);
  });

  it('registers the job and queues it on a timer until the app closes', async () => {
    const { queue, added } = recordingQueue();
    const processed: string[] = [];
    queue.process = (name) => void processed.push(name);
    const app = Fastify();
    scheduleIdempotencyPurge(app, { db: t.db, jobs: queue, everyMs: 50 });
    expect(processed).toEqual([IDEMPOTENCY_PURGE_JOB]);
    await expect.poll(() => added.length, { timeout: 5_000 }).toBeGreaterThan(0);
    await app.close();
    const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
    await settle(); // a round already running may finish
    const after = added.length;
    await settle();
    expect(added.length).toBe(after);
  });
});
