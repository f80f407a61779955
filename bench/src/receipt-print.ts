// Receipt printing (issues 5 and 6): the platform's ESC/POS bytes against the register's own
// rendering of the same sale. One platform process (production mode, real PostgreSQL and Redis,
// fresh database) serves a retailer with the printer-escpos plugin enabled (80 mm) and a paired
// register with a signed-in cashier; a few hundred sales rung up with the register's sale model
// are submitted through POST /sales/submit. Per receipt:
//   1. platform: GET /sales/{id}/receipt?format=escpos round trip (what the register does online);
//   2. register offline: buildLocalReceipt + checkReceipt + render (apps/register/app/receipt);
//   3. to paper: those bytes -> the real bridge -> a fake network printer received them.
// Baselines in the same run: a bare fetch of a static 4 KiB body from node:http on 127.0.0.1,
// and the ESC/POS encoder alone encoding the same text lines without the receipt model.
// Side check: the register's bytes equal the platform's for every sale, receipt number given.
//   npm run receipt-print --workspace @tillpoint/bench
// Knobs: SALES (240 measured), WARMUP (20).
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { ok } from '@tillpoint/api-client';
import { checkReceipt, type Receipt, receiptLayout } from '@tillpoint/domain';
import { Redis } from 'ioredis';
import {
  type FakePrinter,
  printerEntry,
  startFakePrinter,
  startTestBridge,
} from '../../apps/bridge/src/testing/index.ts';
import {
  type BridgeClient,
  createBridgeClient,
} from '../../apps/register/app/hardware/bridge-client.ts';
import { fetchReceiptBytes } from '../../apps/register/app/hardware/print-receipt.ts';
import { buildLocalReceipt } from '../../apps/register/app/receipt/build-receipt.ts';
import { renderLocalReceipt } from '../../apps/register/app/receipt/render-local.ts';
import type { CompletedSale } from '../../apps/register/app/ui/receipt-model.ts';
import { wrap, writeSection } from './register/results-file.ts';
import { dropDatabase, freshDatabase, REDIS_URL, startPlatform } from './support/platform.ts';
import { type RegisterCaches, readCaches, ringUp, submitSale } from './support/receipt-sales.ts';
import { createSalesTenant, type SalesTenant } from './support/sales-tenants.ts';
import { summary } from './support/stats.ts';
import { seededRandom } from './support/synthetic-catalog.ts';

const SALES = Number(process.env.SALES ?? 240);
const WARMUP = Number(process.env.WARMUP ?? 20);
const DATABASE = 'tillpoint_bench_receipts';
const BENCH_REDIS_URL = process.env.BENCH_RECEIPTS_REDIS_URL ?? `${REDIS_URL}/10`;
const HEADING = '## Receipt printing (issues 5 and 6)';
const COLUMNS = 48; // 80 mm paper, the plugin's default font

const log = (message: string) => console.error(`[${new Date().toISOString()}] ${message}`);

interface Bench {
  readonly baseUrl: string;
  readonly token: string;
  readonly registerId: string;
  readonly cashierName: string;
  readonly caches: RegisterCaches;
  readonly bridge: BridgeClient;
  readonly printer: FakePrinter;
  /** Jobs the printer received that differ from the bytes handed to the bridge. */
  readonly prints: { mismatched: number };
}

/** Warms on the first WARMUP sales, then times `run` once per measured sale, one at a time. */
async function measure(
  sales: readonly CompletedSale[],
  run: (sale: CompletedSale) => Promise<unknown> | unknown,
): Promise<number[]> {
  for (const sale of sales.slice(0, WARMUP)) await run(sale);
  const samples: number[] = [];
  for (const sale of sales.slice(WARMUP)) {
    const started = performance.now();
    await run(sale);
    samples.push(performance.now() - started);
  }
  return samples;
}

function serverBytes(bench: Bench, sale: CompletedSale): Promise<Uint8Array> {
  const source = { kind: 'sales', id: sale.saleId, copy: 'customer' } as const;
  return fetchReceiptBytes(source, bench.token, bench.baseUrl, fetch);
}

function localReceipt(bench: Bench, sale: CompletedSale, receiptNumber: number | null): Receipt {
  return buildLocalReceipt({
    sale,
    profile: bench.caches.profile,
    receiptNumber,
    cashierName: bench.cashierName,
  });
}

/** Offline: the sale is still in the outbox, so it prints with its provisional number. */
function localBytes(bench: Bench, sale: CompletedSale, receiptNumber: number | null = null) {
  return renderLocalReceipt(
    localReceipt(bench, sale, receiptNumber),
    bench.caches.profile.printer,
    'customer',
  );
}

/** Bytes to the bridge under a fresh job id; resolves once the fake printer has closed the job. */
async function toPaper(bench: Bench, bytes: Uint8Array): Promise<void> {
  const expected = bench.printer.received().length + 1;
  await bench.bridge.print({ jobId: randomUUID(), registerId: bench.registerId, bytes });
  // Polled every millisecond (the fake's own waitForJobs polls every 10 ms), at most 10 s; each
  // poll copies what the fake holds (a few hundred jobs of ~1.6 KB), well under a millisecond.
  for (let tries = 0; tries < 10_000; tries += 1) {
    const jobs = bench.printer.received();
    const job = jobs[expected - 1];
    if (job) {
      if (!Buffer.from(job).equals(Buffer.from(bytes))) bench.prints.mismatched += 1;
      return;
    }
    await sleep(1);
  }
  throw new Error('the printer did not receive the job in 10 s');
}

async function staticServer(): Promise<{ url: string; close(): Promise<void> }> {
  const body = Buffer.alloc(4096, 'x');
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The receipt's printed text lines, laid out once, outside any timing. */
function textLines(receipt: Receipt): string[] {
  return receiptLayout(receipt, { columns: COLUMNS, copy: 'customer' }).flatMap((b) => [
    ...b.lines,
  ]);
}

/** The encoder without the receipt model: cp437 throughout, or its own per-text code page choice. */
function encodeLines(lines: readonly string[], codepage: 'cp437' | 'auto'): Uint8Array {
  const encoder = new ReceiptPrinterEncoder({
    language: 'esc-pos',
    columns: COLUMNS,
    codepageMapping: 'epson',
  });
  encoder.initialize().codepage(codepage);
  for (const line of lines) encoder.line(line);
  return encoder.cut().encode();
}

async function setUp(baseUrl: string): Promise<{ tenant: SalesTenant; caches: RegisterCaches }> {
  const tenant = await createSalesTenant(baseUrl, 'Receipt Bench Goods', {
    items: 40,
    registers: 1,
    ratePpm: 82_500,
    address: '198.51.100.60',
  });
  await ok(
    tenant.owner.api.PUT('/api/v1/plugins/{key}/installation', {
      params: { path: { key: 'printer-escpos' } },
      body: { config: { paperWidthMm: 80 } },
    }),
  );
  await ok(
    tenant.owner.api.POST('/api/v1/plugins/{key}/installation/enable', {
      params: { path: { key: 'printer-escpos' } },
    }),
  );
  const caches = await readCaches(baseUrl, tenant);
  if (caches.profile.printer?.plugin !== 'printer-escpos')
    throw new Error('the receipt profile names no ESC/POS printer');
  return { tenant, caches };
}

async function main(): Promise<void> {
  const redis = new Redis(BENCH_REDIS_URL);
  await redis.flushdb(); // the benchmark's own Redis database: signup limits from earlier runs
  await redis.quit();
  const database = await freshDatabase(DATABASE);
  const platform = await startPlatform(database, {
    REDIS_URL: BENCH_REDIS_URL,
    TRUST_PROXY: 'loopback',
    RATE_LIMIT_PER_MINUTE: '100000000',
  });
  const floor = await staticServer();
  const printer = await startFakePrinter();
  try {
    const { tenant, caches } = await setUp(platform.url);
    const register = tenant.registers[0];
    if (!register) throw new Error('no register');
    log(`submitting ${WARMUP + SALES} sales`);
    const random = seededRandom(56);
    const sales: CompletedSale[] = [];
    for (let index = 0; index < WARMUP + SALES; index += 1)
      sales.push(await submitSale(tenant, caches, ringUp(caches, random)));

    const testBridge = await startTestBridge({
      printers: [printerEntry(printer)],
      registerId: register.registerId,
    });
    const bench: Bench = {
      baseUrl: platform.url,
      token: register.token,
      registerId: register.registerId,
      cashierName: 'Cashier 1',
      caches,
      bridge: createBridgeClient({ url: testBridge.url, token: testBridge.token }),
      printer,
      prints: { mismatched: 0 },
    };
    const loadBefore = loadavg()[0] ?? 0;
    try {
      log('measuring');
      const server = new Map<string, Uint8Array>();
      const lines = new Map(
        sales.map((sale) => [sale.saleId, textLines(localReceipt(bench, sale, null))]),
      );
      const rows = {
        floorFetch: await measure(sales, async () => (await fetch(floor.url)).arrayBuffer()),
        platform: await measure(sales, async (sale) =>
          server.set(sale.saleId, await serverBytes(bench, sale)),
        ),
        local: await measure(sales, (sale) => localBytes(bench, sale)),
        localModel: await measure(sales, (sale) => checkReceipt(localReceipt(bench, sale, null))),
        encoder: await measure(sales, (sale) => encodeLines(lines.get(sale.saleId) ?? [], 'cp437')),
        encoderAuto: await measure(sales, (sale) =>
          encodeLines(lines.get(sale.saleId) ?? [], 'auto'),
        ),
        bridgeOnly: await measure(sales, (sale) =>
          toPaper(bench, server.get(sale.saleId) ?? new Uint8Array()),
        ),
        paperPlatform: await measure(sales, async (sale) =>
          toPaper(bench, await serverBytes(bench, sale)),
        ),
        paperLocal: await measure(sales, (sale) => toPaper(bench, localBytes(bench, sale))),
      };
      const loadAfter = loadavg()[0] ?? 0;

      log('comparing the register’s bytes with the platform’s');
      let equal = 0;
      const differing: string[] = [];
      for (const sale of sales) {
        const json = await ok(
          register.client.api.GET('/api/v1/sales/{id}/receipt', {
            params: { path: { id: sale.saleId } },
          }),
        );
        if (typeof json !== 'object' || !('receiptNumber' in json))
          throw new Error('the receipt came back without a number');
        const number = Number(json.receiptNumber);
        const local = localBytes(bench, sale, number);
        if (Buffer.from(local).equals(Buffer.from(server.get(sale.saleId) ?? []))) equal += 1;
        else differing.push(sale.saleId);
      }
      const sizes = [...server.values()].map((bytes) => bytes.length);
      const lineCounts = [...lines.values()].map((list) => list.length);
      const facts = {
        sales: sales.length,
        equal,
        differing: differing.slice(0, 5),
        mismatchedPrints: bench.prints.mismatched,
        bytes: summary(sizes),
        lines: summary(lineCounts),
        tenders: sales.every((sale) => sale.payments.length === 2),
        loadBefore,
        loadAfter,
      };
      const results = Object.fromEntries(
        Object.entries(rows).map(([key, samples]) => [key, summary(samples)]),
      );
      console.log(JSON.stringify({ results, facts }, null, 2));
      await writeSection(section(results, facts), HEADING);
    } finally {
      await testBridge.close();
    }
  } finally {
    await printer.close();
    await floor.close();
    await platform.stop();
    await dropDatabase(DATABASE);
  }
}

type Summary = ReturnType<typeof summary>;

function section(
  results: Record<string, Summary>,
  facts: {
    sales: number;
    equal: number;
    mismatchedPrints: number;
    bytes: Summary;
    lines: Summary;
    loadBefore: number;
    loadAfter: number;
  },
): string {
  const ms = (value: number) =>
    value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(2)} ms`;
  const row = (measure: string, what: string, key: string) => {
    const r = results[key];
    if (!r) throw new Error(`no results for ${key}`);
    return `| ${measure} | ${what} | ${r.n} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} |`;
  };
  return [
    HEADING,
    '',
    '`npm run receipt-print --workspace @tillpoint/bench` (bench/src/receipt-print.ts), 2026-11-24,',
    `${availableParallelism()} cores, load average ${facts.loadBefore.toFixed(2)} before the timed phases and ${facts.loadAfter.toFixed(2)} after.`,
    'One platform process (production mode, fresh database, real PostgreSQL and Redis), a retailer',
    'with printer-escpos enabled (80 mm, 48 columns), one paired register with a signed-in cashier;',
    `${facts.sales} sales rung up with the register's sale model (3-12 lines, 8.25 % tax, a 5 %`,
    'line or order discount, card terminal + cash with change) through POST /sales/submit. Each',
    `measure: ${WARMUP} warm-up receipts, then one receipt at a time. The bridge and the fake printer`,
    'run in the benchmark process; "to paper" ends when the fake printer has the whole job.',
    '',
    '| measure | what | n | p50 | p95 | p99 | max |',
    '|---|---|---|---|---|---|---|',
    row('1. platform', 'GET /sales/{id}/receipt?format=escpos round trip', 'platform'),
    row('1. baseline', 'bare fetch of a static 4 KiB body (node:http, 127.0.0.1)', 'floorFetch'),
    row('2. register offline', 'buildLocalReceipt + checkReceipt + renderEscPos', 'local'),
    row('2. of which', 'buildLocalReceipt + checkReceipt only (no rendering)', 'localModel'),
    row('2. baseline', 'encoder alone, the same text lines, code page cp437', 'encoder'),
    row('2. baseline', 'encoder alone, the same text lines, code page "auto"', 'encoderAuto'),
    row('3. to paper', 'platform: fetch -> bridge -> printer received', 'paperPlatform'),
    row('3. to paper', 'register: build + render -> bridge -> printer received', 'paperLocal'),
    row('3. baseline', 'bytes in hand -> bridge -> printer received', 'bridgeOnly'),
    '',
    wrap(
      `- Receipts: ${facts.bytes.p50} bytes at p50 (max ${facts.bytes.max}), ${facts.lines.p50} printed lines at p50 (max ${facts.lines.max}).`,
    ),
    wrap(
      `- Same bytes: ${facts.equal} of ${facts.sales} sales render to exactly the platform's bytes on the register once given the server's receipt number.`,
    ),
    wrap(
      `- Printed as sent: ${facts.mismatchedPrints === 0 ? 'every' : `all but ${facts.mismatchedPrints}`} job the fake printer received equals the bytes handed to the bridge.`,
    ),
  ].join('\n');
}

await main();
