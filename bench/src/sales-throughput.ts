// Completed sales per second at 1, 8 and 32 concurrent registers (issue 4), against pgbench on
// the same database in the same run. One platform process (production mode, real PostgreSQL and
// Redis) serves registers spread over several tenants; each register is a cashier's PIN session
// on a paired device with an open cash drawer and submits complete sales (3 lines, tax, one
// payment: cash with change or an external card terminal) through POST /api/v1/sales/submit,
// one after another, as fast as the answers come back. Totals are computed client-side with
// the shared money engine (as the register does) and checked by the server.
// Baseline: pgbench with a custom script of exactly as many statements per transaction as one
// sale costs the platform (counted by a statement-counting proxy), touching comparable rows
// (a register counter, a sale, lines, stock levels, movements, a payment) in the same database.
//   npm run sales-throughput --workspace @tillpoint/bench
// Knobs: SECONDS (15 per phase), WARMUP_SECONDS (3), CONCURRENCY ("1,8,32"), TENANTS (4).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTillpointClient, ok } from '@tillpoint/api-client';
import { priceSale } from '@tillpoint/domain';
import { Redis } from 'ioredis';
import pg from 'pg';
import { dropDatabase, freshDatabase, REDIS_URL, startPlatform } from './support/platform.ts';
import {
  childProcesses,
  commandCpuMs,
  machineBusyMs,
  processCpuMs,
} from './support/process-cpu.ts';
import { createSalesTenant, type Register, type SalesTenant } from './support/sales-tenants.ts';
import { startStatementCounter } from './support/statement-counter.ts';
import { summary } from './support/stats.ts';
import { type Random, seededRandom } from './support/synthetic-catalog.ts';

const SECONDS = Number(process.env.SECONDS ?? 15);
const WARMUP_SECONDS = Number(process.env.WARMUP_SECONDS ?? 3);
const CONCURRENCY = (process.env.CONCURRENCY ?? '1,8,32').split(',').map(Number);
const TENANTS = Number(process.env.TENANTS ?? 4);
const MAX_CONCURRENCY = Math.max(...CONCURRENCY);
const REGISTERS_PER_TENANT = Math.ceil(MAX_CONCURRENCY / TENANTS);
const ITEMS = 20;
const RATE_PPM = 82_500;
const LINES_PER_SALE = 3;
/** Upper bound on sales per register per phase, so a runaway loop still ends. */
const MAX_SALES_PER_REGISTER = 100_000;
const DATABASE = 'tillpoint_bench_sales';
const BENCH_REDIS_URL = process.env.BENCH_SALES_REDIS_URL ?? `${REDIS_URL}/9`;

const log = (message: string) => console.error(`[${new Date().toISOString()}] ${message}`);

// ---- one sale, as a register builds it --------------------------------------------------------

interface SaleBody {
  id: string;
  occurredAt: string;
  offline: boolean;
  lines: { id: string; variantId: string; quantity: number }[];
  payments: { id: string; kind: 'cash' | 'external'; amountMinor: number; reference?: string }[];
  expectedTotalMinor: number;
}

function buildSale(tenant: SalesTenant, random: Random, index: number): SaleBody {
  const chosen = new Set<number>();
  while (chosen.size < LINES_PER_SALE) chosen.add(Math.floor(random() * tenant.items.length));
  const lines = [...chosen].map((itemIndex) => {
    const item = tenant.items[itemIndex];
    if (!item) throw new Error('no such item');
    return {
      id: randomUUID(),
      variantId: item.variantId,
      quantity: 1 + Math.floor(random() * 2),
      item,
    };
  });
  const priced = priceSale({
    currency: 'USD',
    taxMode: 'exclusive',
    taxRounding: 'line',
    roundingMode: 'half_up',
    lines: lines.map((line) => ({
      id: line.id,
      quantity: line.quantity,
      unitPriceMinor: line.item.priceMinor,
      taxRates: [{ id: tenant.taxRate.id, ratePpm: tenant.taxRate.ratePpm }],
    })),
  });
  const total = priced.totals.totalMinor;
  const cash = index % 5 < 3;
  return {
    id: randomUUID(),
    occurredAt: new Date().toISOString(),
    offline: false,
    lines: lines.map(({ id, variantId, quantity }) => ({ id, variantId, quantity })),
    payments: [
      cash
        ? { id: randomUUID(), kind: 'cash', amountMinor: Math.ceil(total / 500) * 500 }
        : { id: randomUUID(), kind: 'external', amountMinor: total, reference: `AUTH${index}` },
    ],
    expectedTotalMinor: total,
  };
}

async function submit(register: Register, body: SaleBody): Promise<void> {
  await ok(register.client.api.POST('/api/v1/sales/submit', { body }));
}

// ---- the platform phase ---------------------------------------------------------------------

interface PhaseResult {
  completed: number;
  seconds: number;
  perSecond: number;
  latency: ReturnType<typeof summary>;
  errors: number;
  /** CPU per completed sale / transaction, ms: the whole machine, and (platform only) its parts. */
  cpu?: { machineMs: number; platformMs?: number; postgresMs?: number; benchClientMs?: number };
}

interface CpuReading {
  machine: number;
  platform: number;
  postgres: number;
  client: number;
}

function readCpu(platformPid: number | null): CpuReading {
  const own = process.cpuUsage();
  return {
    machine: machineBusyMs(),
    platform: platformPid === null ? 0 : processCpuMs(platformPid),
    postgres: commandCpuMs('postgres'),
    client: (own.user + own.system) / 1000,
  };
}

/** CPU spent between two readings, per unit of work. */
function cpuPer(before: CpuReading, after: CpuReading, units: number, parts: boolean) {
  const per = (value: number) => Math.round((value / Math.max(units, 1)) * 100) / 100;
  return {
    machineMs: per(after.machine - before.machine),
    ...(parts
      ? {
          platformMs: per(after.platform - before.platform),
          postgresMs: per(after.postgres - before.postgres),
          benchClientMs: per(after.client - before.client),
        }
      : {}),
  };
}

async function platformPhase(
  registers: readonly Register[],
  tenants: ReadonlyMap<string, SalesTenant>,
  seconds: number,
): Promise<PhaseResult> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    registers.map(async (register, registerIndex) => {
      const tenant = tenants.get(register.tenant);
      if (!tenant) throw new Error('register without tenant');
      const random = seededRandom(registerIndex + 1);
      for (
        let index = 0;
        index < MAX_SALES_PER_REGISTER && performance.now() < deadline;
        index += 1
      ) {
        const body = buildSale(tenant, random, index);
        const before = performance.now();
        try {
          await submit(register, body);
          latencies.push(performance.now() - before);
        } catch (error) {
          errors += 1;
          if (errors <= 3) log(`sale failed: ${String(error)}`);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    completed: latencies.length,
    seconds: round(elapsed),
    perSecond: round(latencies.length / elapsed),
    latency: summary(latencies),
    errors,
  };
}

// ---- statements per sale --------------------------------------------------------------------

async function statementsPerSale(
  database: { ownerUrl: string; appUrl: string },
  tenant: SalesTenant,
): Promise<number> {
  const target = new URL(database.appUrl);
  const counter = await startStatementCounter({
    host: target.hostname,
    port: Number(target.port || 5432),
  });
  const proxied = new URL(database.appUrl);
  proxied.port = String(counter.port);
  const platform = await startPlatform(
    { appUrl: proxied.toString(), ownerUrl: database.ownerUrl },
    { REDIS_URL: BENCH_REDIS_URL, TRUST_PROXY: 'loopback', RATE_LIMIT_PER_MINUTE: '100000000' },
  );
  try {
    const register = tenant.registers[0];
    if (!register) throw new Error('no register');
    // The register's session token works on any instance: the session lives in the database.
    const till = createTillpointClient({ baseUrl: platform.url, token: register.token });
    const random = seededRandom(99);
    // Warm the process (first requests compile code paths and fill caches), then count.
    for (let index = 0; index < 5; index += 1)
      await ok(till.api.POST('/api/v1/sales/submit', { body: buildSale(tenant, random, index) }));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const samples = 20;
    const before = counter.count();
    for (let index = 0; index < samples; index += 1)
      await ok(till.api.POST('/api/v1/sales/submit', { body: buildSale(tenant, random, index) }));
    const total = counter.count() - before;
    if (process.env.SHOW_STATEMENTS) {
      // The last sale's statements (pg sends one Parse per extended-protocol statement).
      for (const text of counter.texts().slice(-Math.round(total / samples)))
        log(`  ${text.slice(0, 160)}`);
      const slowest = [...counter.timings()]
        .map(([text, t]) => ({
          text,
          count: t.count,
          meanMs: t.totalMs / t.count,
          totalMs: t.totalMs,
        }))
        .sort((a, b) => b.totalMs - a.totalMs)
        .slice(0, 25);
      for (const row of slowest)
        log(
          `  ${row.totalMs.toFixed(0).padStart(6)} ms total, ${row.count} x ${row.meanMs.toFixed(2)} ms: ${row.text.slice(0, 110)}`,
        );
    }
    return Math.round(total / samples);
  } finally {
    await platform.stop();
    await counter.close();
  }
}

// ---- pgbench --------------------------------------------------------------------------------

/**
 * Tables shaped like the sale path's (a counter per register, sales, lines, stock levels,
 * movements, payments), in the benchmark database, and a script of `statements` statements per
 * transaction: BEGIN, set_config (the tenant context), the register counter, the sale, three
 * lines, three level updates, three movements, the payment, filler primary-key reads (the
 * platform's lookups of session, device, variants, prices, taxes, cash session) and COMMIT.
 */
async function preparePgbench(
  ownerUrl: string,
  statements: number,
  registers: number,
): Promise<string> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(`
    drop table if exists pgb_counters, pgb_sales, pgb_lines, pgb_levels, pgb_movements, pgb_payments;
    create table pgb_counters (register int primary key, last bigint not null default 0);
    insert into pgb_counters select g from generate_series(1, ${registers}) g;
    create table pgb_sales (id uuid primary key default gen_random_uuid(), register int not null,
      number bigint not null, total bigint not null check (total >= 0), created_at timestamptz default now());
    create table pgb_lines (id uuid primary key default gen_random_uuid(), sale uuid not null,
      variant int not null, quantity bigint not null, total bigint not null);
    create table pgb_levels (store int, variant int, on_hand bigint not null,
      primary key (store, variant));
    insert into pgb_levels select s, v, 1000000000
      from generate_series(0, ${TENANTS - 1}) s, generate_series(1, ${ITEMS}) v;
    create table pgb_movements (id uuid primary key default gen_random_uuid(), variant int not null,
      quantity bigint not null, on_hand_after bigint not null, created_at timestamptz default now());
    create table pgb_payments (id uuid primary key default gen_random_uuid(), sale uuid not null,
      kind text not null, amount bigint not null);
    `);
    // VACUUM cannot run inside the implicit transaction of a multi-statement query.
    await client.query('vacuum analyze pgb_counters, pgb_levels');
  } finally {
    await client.end();
  }

  const fixed = [
    `select set_config('app.tenant_id', '00000000-0000-0000-0000-000000000001', true);`,
    'update pgb_counters set last = last + 1 where register = :reg returning last;',
    `insert into pgb_sales (id, register, number, total) values (gen_random_uuid(), :reg, 1, 1234);`,
    ...[1, 2, 3].flatMap((n) => [
      `insert into pgb_lines (sale, variant, quantity, total) values (gen_random_uuid(), :v${n}, 1, 400);`,
      `update pgb_levels set on_hand = on_hand - 1 where store = :store and variant = :v${n} returning on_hand;`,
      `insert into pgb_movements (variant, quantity, on_hand_after) values (:v${n}, -1, 0);`,
    ]),
    `insert into pgb_payments (sale, kind, amount) values (gen_random_uuid(), 'cash', 1234);`,
  ];
  const fillers = statements - 2 - fixed.length;
  if (fillers < 0)
    throw new Error(`a sale costs ${statements} statements, fewer than the script's core`);
  // Like the platform's registers: each client is one register (its own receipt counter) of one
  // of the shops (registers interleaved over shops as in the platform phase), selling three
  // distinct items of its shop, whose stock rows it locks in ascending order as applyMovements
  // does, so clients contend on the same rows without deadlocking.
  const third = Math.floor(ITEMS / 3);
  const lines = [
    '\\set reg :client_id + 1',
    `\\set store :client_id % ${TENANTS}`,
    `\\set v1 random(1, ${third})`,
    `\\set v2 random(${third + 1}, ${2 * third})`,
    `\\set v3 random(${2 * third + 1}, ${ITEMS})`,
    'BEGIN;',
    ...fixed,
    ...Array.from(
      { length: fillers },
      (_, i) =>
        `select on_hand from pgb_levels where store = :store and variant = ${(i % ITEMS) + 1};`,
    ),
    'COMMIT;',
  ];
  return `${lines.join('\n')}\n`;
}

async function runPgbench(
  ownerUrl: string,
  script: string,
  clients: number,
  seconds: number,
): Promise<PhaseResult> {
  const dir = await mkdtemp(join(tmpdir(), 'pgbench-'));
  try {
    const file = join(dir, 'sale.sql');
    await writeFile(file, script);
    const url = new URL(ownerUrl);
    const args = [
      '-n',
      '-M',
      'prepared',
      '-c',
      String(clients),
      '-j',
      String(Math.min(clients, availableParallelism())),
      '-T',
      String(seconds),
      '-f',
      file,
      '-l',
      '--log-prefix',
      join(dir, 'log'),
      '-h',
      url.hostname,
      '-p',
      url.port || '5432',
      '-U',
      decodeURIComponent(url.username),
      url.pathname.slice(1),
    ];
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn('pgbench', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (chunk) => {
        text += chunk;
      });
      child.stderr.on('data', (chunk) => {
        text += chunk;
      });
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve(text) : reject(new Error(`pgbench ${code}:\n${text}`)),
      );
    });
    const failed = Number(output.match(/number of failed transactions: (\d+)/)?.[1] ?? 0);
    const latencies: number[] = [];
    for (const name of await readdir(dir)) {
      if (!name.startsWith('log')) continue;
      for (const line of (await readFile(join(dir, name), 'utf8')).split('\n')) {
        const microseconds = Number(line.split(' ')[2]);
        if (Number.isFinite(microseconds) && line.length > 0) latencies.push(microseconds / 1000);
      }
    }
    const tps = Number(output.match(/tps = ([\d.]+) \(without initial connection time\)/)?.[1]);
    return {
      completed: latencies.length,
      seconds,
      perSecond: round(tps),
      latency: summary(latencies),
      errors: failed,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ---- main -----------------------------------------------------------------------------------

const round = (value: number) => Math.round(value * 10) / 10;

async function main(): Promise<void> {
  const redis = new Redis(BENCH_REDIS_URL);
  await redis.flushdb(); // the benchmark's own Redis database: signup limits from earlier runs
  await redis.quit();
  const database = await freshDatabase(DATABASE);
  const platform = await startPlatform(database, {
    REDIS_URL: BENCH_REDIS_URL,
    DATABASE_POOL_SIZE: '20',
    TRUST_PROXY: 'loopback',
    // Up to 8 registers per shop address sell flat out, far above a till's pace: the API-wide
    // per-address limit (600 a minute by default) is not what is measured here.
    RATE_LIMIT_PER_MINUTE: '100000000',
  });
  try {
    log(`setting up ${TENANTS} tenants x ${REGISTERS_PER_TENANT} registers`);
    const tenants = new Map<string, SalesTenant>();
    for (let index = 0; index < TENANTS; index += 1) {
      const name = `Bench Market ${String.fromCharCode(65 + index)}`;
      const tenant = await createSalesTenant(platform.url, name, {
        items: ITEMS,
        registers: REGISTERS_PER_TENANT,
        ratePpm: RATE_PPM,
        address: `198.51.100.${index + 1}`,
      });
      tenants.set(name, tenant);
    }
    // Registers interleaved across tenants, so 8 registers are 2 per tenant, 32 are 8 per tenant.
    const all = [...tenants.values()];
    const interleaved: Register[] = [];
    for (let index = 0; index < REGISTERS_PER_TENANT; index += 1)
      for (const tenant of all) {
        const register = tenant.registers[index];
        if (register) interleaved.push(register);
      }

    const first = all[0];
    if (!first) throw new Error('no tenant');
    log('counting statements per sale through a proxy');
    const statements = await statementsPerSale(database, first);
    log(`one sale = ${statements} statements`);
    const script = await preparePgbench(database.ownerUrl, statements, interleaved.length);

    const rows: { concurrency: number; platform: PhaseResult; pgbench: PhaseResult }[] = [];
    for (const concurrency of CONCURRENCY) {
      const registers = interleaved.slice(0, concurrency);
      log(`${concurrency} registers: warm up ${WARMUP_SECONDS} s`);
      await platformPhase(registers, tenants, WARMUP_SECONDS);
      log(`${concurrency} registers: measure ${SECONDS} s`);
      const platformPid = childProcesses(process.pid, 'apps/platform/src/server.ts')[0] ?? null;
      const beforePlatform = readCpu(platformPid);
      const platformResult = await platformPhase(registers, tenants, SECONDS);
      platformResult.cpu = cpuPer(
        beforePlatform,
        readCpu(platformPid),
        platformResult.completed,
        true,
      );
      log(`${concurrency} clients: pgbench ${SECONDS} s`);
      const beforePgbench = readCpu(null);
      const pgbenchResult = await runPgbench(database.ownerUrl, script, concurrency, SECONDS);
      pgbenchResult.cpu = cpuPer(beforePgbench, readCpu(null), pgbenchResult.completed, false);
      rows.push({ concurrency, platform: platformResult, pgbench: pgbenchResult });
    }

    const report = {
      date: new Date().toISOString(),
      machine: { cores: availableParallelism(), load: loadavg() },
      tenants: TENANTS,
      registersPerTenant: REGISTERS_PER_TENANT,
      linesPerSale: LINES_PER_SALE,
      statementsPerSale: statements,
      rows,
    };
    console.log(JSON.stringify(report, null, 2));
    console.log(
      '\n| registers | platform sales/s | p50 | p95 | p99 | errors | pgbench tx/s | p50 | p95 | p99 | platform / pgbench |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const row of rows) {
      const p = row.platform;
      const b = row.pgbench;
      console.log(
        `| ${row.concurrency} | ${p.perSecond} | ${p.latency.p50} ms | ${p.latency.p95} ms | ${p.latency.p99} ms | ${p.errors} | ${b.perSecond} | ${b.latency.p50} ms | ${b.latency.p95} ms | ${b.latency.p99} ms | ${(p.perSecond / b.perSecond).toFixed(2)} |`,
      );
    }
    console.log(
      '\n| registers | platform: machine CPU / sale | platform process | PostgreSQL | bench client | pgbench: machine CPU / tx |',
    );
    console.log('|---|---|---|---|---|---|');
    for (const row of rows) {
      const p = row.platform.cpu;
      console.log(
        `| ${row.concurrency} | ${p?.machineMs} ms | ${p?.platformMs} ms | ${p?.postgresMs} ms | ${p?.benchClientMs} ms | ${row.pgbench.cpu?.machineMs} ms |`,
      );
    }
    await verify(database.ownerUrl, rows);
  } finally {
    await platform.stop();
    await dropDatabase(DATABASE);
  }
}

/** Every measured sale is in the database, completed, with a receipt number and no gaps. */
async function verify(ownerUrl: string, rows: readonly { platform: PhaseResult }[]): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rows: counts } = await client.query<{ completed: string; gaps: string }>(`
      select (select count(*) from sales where status = 'completed') as completed,
        (select count(*) from (
          select register_id, max(number) - count(*) as gap from receipt_numbers group by register_id
        ) g where gap <> 0) as gaps`);
    const measured = rows.reduce((sum, row) => sum + row.platform.completed, 0);
    log(
      `database: ${counts[0]?.completed} completed sales (${measured} measured + warm-ups), registers with receipt gaps: ${counts[0]?.gaps}`,
    );
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
