import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

// Benchmarks drive real platform processes (the same entry as `npm start`) on real PostgreSQL
// and Redis on loopback, each run on a freshly created database.
const SERVER = fileURLToPath(new URL('../../../apps/platform/src/server.ts', import.meta.url));
export const ADMIN_URL =
  process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function freshDatabase(name: string): Promise<{ ownerUrl: string; appUrl: string }> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const owner = new URL(ADMIN_URL);
  owner.pathname = `/${name}`;
  const app = new URL(owner);
  app.username = 'tillpoint_app';
  return { ownerUrl: owner.toString(), appUrl: app.toString() };
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}

export interface PlatformProcess {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startPlatform(
  database: { ownerUrl: string; appUrl: string },
  extraEnv: Record<string, string> = {},
): Promise<PlatformProcess> {
  // PLATFORM_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": profile the platform processes.
  const nodeArgs = process.env.PLATFORM_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, SERVER], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0000',
      // Production refuses to start without keys sealing plugin secrets at rest.
      PLUGIN_SECRETS_KEYS: 'bench:dGlsbHBvaW50LWJlbmNoLXBsdWdpbi1zZWNyZXQtMzI=',
      DATABASE_URL: database.appUrl,
      DATABASE_OWNER_URL: database.ownerUrl,
      REDIS_URL,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`platform did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`platform exited ${code}:\n${output}`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
