// Entry point: `npm start`. Embedded PostgreSQL and in-memory limits unless DATABASE_URL / REDIS_URL.
import { openDatabase } from '@tillpoint/db';
import { Redis } from 'ioredis';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { resolveAuthSecret } from './lib/secrets.ts';
import { keepRunningOnUnhandledRejections } from './modules/plugins/process-guard.ts';
import { describeDemo, seedDemoIfEmpty } from './seed/demo.ts';

const startedAt = performance.now();
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const systemLog = {
  info: (details: Record<string, unknown>, message: string) => void [details, message],
};
const db = await openDatabase(config.database, systemLog);
const redis = config.redisUrl
  ? new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 })
  : null;
if (redis) await redis.connect();
const authSecret = await resolveAuthSecret(config.authSecret, config.dataDir);

const app = await buildApp({ config, db, redis, authSecret });
keepRunningOnUnhandledRejections(app.log);
const seed = config.seedDemo ? await seedDemoIfEmpty(db, app.services) : null;
const address = await app.listen({ host: config.host, port: config.port });
// With PORT=0 the OS picks the port; say the address actually served.
const baseUrl = config.port === 0 ? address : config.publicUrl;

const mode =
  config.database.kind === 'embedded'
    ? `embedded PostgreSQL in ${config.database.dataDir}`
    : 'PostgreSQL';
app.log.info(
  { mode, redis: Boolean(redis), readyMs: Math.round(performance.now() - startedAt) },
  'Tillpoint platform ready',
);
console.log(
  `Tillpoint platform listening on ${baseUrl} (${mode}${redis ? ', Redis' : ', in-memory limits'}) — ready in ${Math.round(performance.now() - startedAt)} ms`,
);
if (seed) console.log(describeDemo(seed, baseUrl));

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down');
  const timer = setTimeout(() => process.exit(1), 10_000);
  timer.unref();
  await app.close();
  await db.close();
  redis?.disconnect();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
