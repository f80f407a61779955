// Catalog import: a 50,000-row CSV uploaded to a real platform process (real PostgreSQL, real
// Redis/BullMQ, fresh database), timed from the start of the upload to status `completed`, and
// the API's latency on a cheap endpoint (GET /api/v1/stores) while the import runs versus idle.
// Then the catalog is exported and the export imported again (every row an unchanged SKU).
// Baseline in the same run: PostgreSQL COPY of the same file into a plain scratch table (psql).
//   npm run catalog-import --workspace @tillpoint/bench
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTillpointClient, ok, type TillpointClient } from '@tillpoint/api-client';
import pg from 'pg';
import { CATALOG_COLUMNS, catalogCsv } from './support/catalog-csv.ts';
import { dropDatabase, freshDatabase, REDIS_URL, startPlatform } from './support/platform.ts';
import { summary } from './support/stats.ts';

const ROWS = Number(process.env.ROWS ?? 50_000);
const DATABASE = 'tillpoint_bench_import';
const PROBE_GAP_MS = 20;
const BENCH_REDIS_URL = process.env.BENCH_IMPORT_REDIS_URL ?? `${REDIS_URL}/7`;

/** Latencies of GET /api/v1/stores, one after the other with a small gap, until `stop()`. */
function probeLatency(client: TillpointClient) {
  const samples: number[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const started = performance.now();
      await ok(client.api.GET('/api/v1/stores'));
      samples.push(performance.now() - started);
      await sleep(PROBE_GAP_MS);
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      return samples;
    },
  };
}

/** Uploads the CSV and polls until the import ends: milliseconds to upload and to `completed`. */
async function timedImport(client: TillpointClient, csv: string) {
  const started = performance.now();
  const created = await ok(
    client.api.POST('/api/v1/catalog/imports', {
      body: { file: '' },
      bodySerializer: () => {
        const form = new FormData();
        form.append('file', new Blob([csv], { type: 'text/csv' }), 'catalog.csv');
        return form;
      },
    }),
  );
  const uploadedMs = performance.now() - started;
  let status = created;
  while (status.status !== 'completed' && status.status !== 'failed') {
    await sleep(100);
    status = await ok(
      client.api.GET('/api/v1/catalog/imports/{id}', { params: { path: { id: created.id } } }),
    );
  }
  const totalMs = performance.now() - started;
  if (status.status !== 'completed')
    throw new Error(`import failed: ${JSON.stringify(status.error)}`);
  return { uploadedMs, totalMs, counts: status.counts };
}

async function signedUpRetailer(baseUrl: string): Promise<TillpointClient> {
  const client = createTillpointClient({ baseUrl });
  const email = `bench-${Date.now()}@example.test`;
  await ok(
    client.api.POST('/api/v1/signup', {
      body: {
        businessName: 'Bench Imports',
        ownerName: 'Ida Import',
        email,
        password: 'quiet-river-stones-8',
        country: 'US',
        currency: 'USD',
        timezone: 'UTC',
      },
    }),
  );
  await client.signIn(email, 'quiet-river-stones-8');
  await ok(
    client.api.POST('/api/v1/catalog/categories', {
      body: {
        name: 'Clothing',
        attributeDefinitions: [
          {
            key: 'material',
            label: 'Material',
            type: 'enum',
            options: ['cotton', 'wool'],
            required: true,
          },
        ],
      },
    }),
  );
  await ok(
    client.api.POST('/api/v1/catalog/tax-categories', {
      body: { name: 'Standard', code: 'STANDARD' },
    }),
  );
  return client;
}

async function platformImport(csv: string, database: { ownerUrl: string; appUrl: string }) {
  const platform = await startPlatform(database, {
    RATE_LIMIT_PER_MINUTE: '100000000',
    // A Redis database of its own: another platform on this Redis (a benchmark running at the same
    // time) would otherwise share the job queue and take this run's import job.
    REDIS_URL: BENCH_REDIS_URL,
  });
  try {
    const client = await signedUpRetailer(platform.url);
    // Warm up (first queries, JIT), then the idle API for about as long as an import runs.
    for (let i = 0; i < 50; i++) await ok(client.api.GET('/api/v1/stores'));
    const idleProbe = probeLatency(client);
    await sleep(8_000);
    const idle = await idleProbe.stop();

    const busyProbe = probeLatency(client);
    const first = await timedImport(client, csv);
    const busy = await busyProbe.stop();

    const exportStarted = performance.now();
    const exported = await ok(client.api.GET('/api/v1/catalog/export', { parseAs: 'text' }));
    const exportMs = performance.now() - exportStarted;
    const again = await timedImport(client, exported);
    return {
      first,
      idle: summary(idle),
      busy: summary(busy),
      exportMs,
      exportBytes: Buffer.byteLength(exported),
      reimport: again,
    };
  } finally {
    await platform.stop();
  }
}

/** The same file through psql's \copy into a table with one text column per CSV column. */
async function copyBaseline(csv: string, ownerUrl: string) {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const columns = CATALOG_COLUMNS.map((c) => `"${c}" text`).join(', ');
  await client.query(`drop table if exists bench_copy; create table bench_copy (${columns})`);
  await client.end();
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const command = '\\copy bench_copy from stdin with (format csv, header true)';
    const psql = spawn('psql', [ownerUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', command], {
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    psql.on('error', reject);
    psql.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited ${code}`))));
    psql.stdin.end(csv);
  });
  const copyMs = performance.now() - started;
  const check = new pg.Client({ connectionString: ownerUrl });
  await check.connect();
  const { rows } = await check.query<{ n: number }>('select count(*)::int as n from bench_copy');
  await check.end();
  return { copyMs, rows: rows[0]?.n ?? 0 };
}

const csv = catalogCsv(ROWS);
const database = await freshDatabase(DATABASE);
try {
  const platform = await platformImport(csv, database);
  const baseline = await copyBaseline(csv, database.ownerUrl);
  console.log(
    JSON.stringify({ rows: ROWS, fileBytes: Buffer.byteLength(csv), platform, baseline }, null, 2),
  );
  const ms = (value: number) => `${Math.round(value)} ms`;
  console.log(
    `| import ${ROWS} rows | upload ${ms(platform.first.uploadedMs)}, completed ${ms(platform.first.totalMs)} | ` +
      `re-import of the export ${ms(platform.reimport.totalMs)} | export ${ms(platform.exportMs)} | ` +
      `COPY ${ms(baseline.copyMs)} | stores idle p50 ${platform.idle.p50} / p99 ${platform.idle.p99} ms | ` +
      `during import p50 ${platform.busy.p50} / p99 ${platform.busy.p99} / max ${platform.busy.max} ms |`,
  );
} finally {
  await dropDatabase(DATABASE);
}
