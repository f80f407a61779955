// The real platform, built by the same factory the server entry uses, listening on loopback.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@tillpoint/db';
import { buildApp } from '@tillpoint/platform/app';
import { loadConfig } from '@tillpoint/platform/config';
import { keepRunningOnUnhandledRejections } from '@tillpoint/platform/process-guard';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { RunDatabase } from './database.ts';

// E2E_REGISTER_DIR serves a copy of the build set aside, so a run is not disturbed by another
// run rebuilding apps/register at the same time.
export const REGISTER_BUILD_DIR =
  process.env.E2E_REGISTER_DIR ??
  fileURLToPath(new URL('../../apps/register/build/client/', import.meta.url));

export interface RunningPlatform {
  readonly url: string;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/** A port nobody listens on now; PUBLIC_URL has to name it before the app is built. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address !== 'object') throw new Error('no port from the OS');
  return address.port;
}

export async function startPlatform(
  runId: string,
  database: RunDatabase,
  redisUrl: string,
): Promise<RunningPlatform> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: url,
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    DATABASE_URL: database.appUrl,
    DATABASE_OWNER_URL: database.ownerUrl,
    // Migrated by the stack already, as the owner.
    DATABASE_MIGRATE_ON_START: 'false',
    REDIS_URL: redisUrl,
    SEED_DEMO: 'false',
    REGISTER_DIR: REGISTER_BUILD_DIR,
    // Every browser and the seeding client share 127.0.0.1: the general per-IP limit would
    // count the whole run as one client. Sign-in and pairing keep their own limits.
    RATE_LIMIT_PER_MINUTE: '100000',
  });
  const db = await openDatabase(config.database, { info: () => {} });
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  const app = await buildApp({
    config,
    db,
    redis,
    authSecret: randomBytes(32).toString('base64url'),
    rateLimitNamespace: `e2e-${runId}`,
    queuePrefix: `tillpoint-e2e-${runId}`,
  });
  const stopGuard = keepRunningOnUnhandledRejections(app.log);
  await app.listen({ host: '127.0.0.1', port });
  return {
    url,
    app,
    async close() {
      await app.close();
      await db.close();
      redis.disconnect();
      stopGuard();
    },
  };
}
