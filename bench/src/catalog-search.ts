// Catalog search and barcode lookup with 200,000 variants (issue 3): one platform process
// (production mode, real PostgreSQL and Redis) on a fresh database holding a 50,000-product /
// 200,000-variant catalog plus a second tenant's look-alike catalog (same vocabulary, partly the
// same barcodes and SKUs), so row-level security has rows to filter. Each case runs sequentially
// through the HTTP API with the typed client, then the equivalent plain SQL runs on the same data
// through a raw `pg` connection as the database owner (the baseline), same inputs, same count.
// Per case it also records what the database and the platform process spent per request.
//   npm run catalog-search --workspace @tillpoint/bench
// Knobs: ITERATIONS (500), WARMUP (50), PRODUCTS (50000), RIVAL_PRODUCTS (25000), API_PRODUCTS (100).
import { availableParallelism, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTillpointClient, ok, type paths } from '@tillpoint/api-client';
import { barcodeLookupKey } from '@tillpoint/domain';
import pg from 'pg';
import { loadCatalog, loadStorePrices, rowShapes } from './support/bulk-catalog.ts';
import {
  createThroughApi,
  firstSessionCookie,
  pairDevice,
  signUpTenant,
} from './support/catalog-tenants.ts';
import { activityBetween, type DbActivity, readDbActivity } from './support/db-activity.ts';
import {
  dropDatabase,
  freshDatabase,
  type PlatformProcess,
  startPlatform,
} from './support/platform.ts';
import { childProcesses, isAlive, machineBusyMs, processCpuMs } from './support/process-cpu.ts';
import { summary } from './support/stats.ts';
import { generateCatalog, pick, type Random, seededRandom } from './support/synthetic-catalog.ts';

const ITERATIONS = Number(process.env.ITERATIONS ?? 500);
const WARMUP = Number(process.env.WARMUP ?? 50);
const PRODUCTS = Number(process.env.PRODUCTS ?? 50_000);
const RIVAL_PRODUCTS = Number(process.env.RIVAL_PRODUCTS ?? 25_000);
const API_PRODUCTS = Number(process.env.API_PRODUCTS ?? 100);
const DATABASE = 'tillpoint_bench_search';
/** The API's default page size. */
const PAGE = 50;
const SERVER_MARKER = 'apps/platform/src/server.ts';

// Query pools, chosen by how many of the 50,000 names match (counts are printed with the results).
const COMMON_WORDS = ['cotton', 'wool', 'leather', 'linen', 'denim', 'sweater', 'jacket', 'navy'];
const COMMON_PAIRS = [
  'cotton tee',
  'wool sweater',
  'leather boot',
  'linen shirt',
  'denim jeans',
  'merino cardigan',
  'canvas sneaker',
  'black hoodie',
];
const RARE_WORDS = ['puffin', 'marlowe', 'mohair', 'tweed', 'shearling', 'alpaca beanie'];
// Misspellings within pg_trgm's default word-similarity threshold (0.6) of a name word.
const TYPOS = [
  'sweatr',
  'leathr',
  'merrino',
  'cardign',
  'cashmre',
  'corduroi',
  'flanel',
  'linnen',
  'turtlenek',
  'merrino cardign',
];
const MATERIALS = ['linen', 'leather', 'merino wool', 'canvas', 'denim', 'cashmere', 'stoneware'];

// ---- cleanup: databases dropped and processes stopped whatever happens --------------------

const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | null = null;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (error) {
        console.error('cleanup step failed:', error);
      }
    }
  })();
  return cleaning;
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    console.error(`${signal}: stopping the platform and dropping ${DATABASE}`);
    void cleanup().finally(() => process.exit(code));
  });
}

interface RunningPlatform {
  readonly url: string;
  readonly pid: number;
}

/** startPlatform, plus its pid (for CPU time) and a stop that cannot hang or leak the child. */
async function startOnePlatform(database: {
  ownerUrl: string;
  appUrl: string;
}): Promise<RunningPlatform> {
  const before = new Set(childProcesses(process.pid, SERVER_MARKER));
  const started = () => childProcesses(process.pid, SERVER_MARKER).filter((p) => !before.has(p));
  let platform: PlatformProcess;
  try {
    platform = await startPlatform(database, { RATE_LIMIT_PER_MINUTE: '100000000' });
  } catch (error) {
    // startPlatform leaves a child that did not announce itself in time running: end it.
    for (const pid of started()) process.kill(pid, 'SIGKILL');
    throw error;
  }
  const [pid] = started();
  if (pid === undefined) {
    await platform.stop();
    throw new Error('platform started but its process was not found');
  }
  cleanups.push(async () => {
    if (!isAlive(pid)) return;
    const stopped = platform.stop();
    const timedOut = sleep(15_000, 'timeout', { ref: false });
    if ((await Promise.race([stopped, timedOut])) === 'timeout' && isAlive(pid))
      process.kill(pid, 'SIGKILL');
  });
  return { url: platform.url, pid };
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'bench-catalog-search' });
  await client.connect();
  cleanups.push(() => client.end());
  return client;
}

// ---- the plain-SQL baseline (owner connection: no RLS, tenant_id written out) ---------------

/** The platform's search words: 2+ letters, longest first, at most six (search-queries.ts). */
function searchWords(q: string): string[] {
  const words = q.split(/\s+/).filter((word) => word.length >= 2);
  return (words.length === 0 ? [q] : words).sort((a, b) => b.length - a.length).slice(0, 6);
}

const likePattern = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const NAME_RANK = '(1 - least(length(p.name), 999) / 1000.0)::real';

/** Live products whose name contains every word (trigram index), best (shortest) first. */
function containsCore(words: readonly string[], firstParam: number): string {
  const conditions = words.map((_, i) => `p.name ilike $${firstParam + i}`).join(' and ');
  return `select p.id, ${NAME_RANK} as rank from products p
    where p.tenant_id = $1 and p.archived_at is null and ${conditions}`;
}

/** The same page as the API in one statement: ids by the core, then products as JSON rows. */
function pageStatement(core: string, order: string): string {
  return `with core as (${core}),
    page as (select id, row_number() over (order by ${order}) as ord from core)
    select p.id, p.name, p.description, p.category_id as "categoryId",
      p.tax_category_id as "taxCategoryId", p.unit, p.track_stock as "trackStock",
      p.option_names as "optionNames", p.attributes, p.archived_at as "archivedAt",
      p.created_at as "createdAt", p.updated_at as "updatedAt",
      (select count(*) from core) > ${PAGE} as "hasMore",
      coalesce((select json_agg(json_build_object('id', v.id, 'productId', v.product_id,
          'sku', v.sku, 'optionValues', v.option_values, 'priceMinor', v.price_minor,
          'costMinor', v.cost_minor, 'plu', v.plu, 'position', v.position,
          'archivedAt', v.archived_at, 'createdAt', v.created_at, 'updatedAt', v.updated_at,
          'barcodes', coalesce((select json_agg(json_build_object('code', b.code, 'kind', b.kind)
              order by b.created_at, b.code)
            from variant_barcodes b where b.tenant_id = v.tenant_id and b.variant_id = v.id),
            '[]'::json),
          'storePrices', coalesce((select json_agg(json_build_object('storeId', sp.store_id,
              'priceMinor', sp.price_minor) order by sp.store_id)
            from variant_store_prices sp where sp.tenant_id = v.tenant_id and sp.variant_id = v.id),
            '[]'::json))
        order by v.position, v.id)
        from variants v where v.tenant_id = p.tenant_id and v.product_id = p.id), '[]'::json)
        as variants
    from page join products p on p.tenant_id = $1 and p.id = page.id
    where page.ord <= ${PAGE}
    order by page.ord`;
}

const LOOKUP_SQL = `select v.id as "variantId", p.id as "productId", p.name as "productName",
    v.option_values as "optionValues", v.sku,
    array(select b2.code from variant_barcodes b2
      where b2.tenant_id = v.tenant_id and b2.variant_id = v.id order by b2.created_at, b2.code)
      as barcodes,
    v.plu, coalesce(sp.price_minor, v.price_minor) as "priceMinor", v.price_minor as "basePriceMinor",
    p.tax_category_id as "taxCategoryId", tc.code as "taxCategoryCode", p.unit,
    p.track_stock as "trackStock", (v.archived_at is not null or p.archived_at is not null) as archived
  from variant_barcodes b
  join variants v on v.tenant_id = b.tenant_id and v.id = b.variant_id
  join products p on p.tenant_id = v.tenant_id and p.id = v.product_id
  left join tax_categories tc on tc.tenant_id = p.tenant_id and tc.id = p.tax_category_id
  left join variant_store_prices sp
    on sp.tenant_id = v.tenant_id and sp.variant_id = v.id and sp.store_id = $3::uuid
  where b.tenant_id = $1 and b.lookup_key = $2 and v.archived_at is null and p.archived_at is null`;

// ---- cases ----------------------------------------------------------------------------------

interface Outcome {
  readonly ids: readonly string[];
  readonly hasMore: boolean;
  readonly body: unknown;
}

interface BenchCase<Input> {
  readonly name: string;
  readonly group: 'lookup' | 'search' | 'floor';
  /** WARMUP + ITERATIONS inputs, in order. */
  readonly inputs: readonly Input[];
  /** Checked once each: API and baseline must give the same ids. */
  readonly distinct: readonly Input[];
  api(input: Input): Promise<Outcome>;
  sql(input: Input): Promise<Outcome>;
  /** A problem with an API answer that comparing with the baseline would not show. */
  check?(input: Input, outcome: Outcome): string | null;
  /** How an input is named in per-input figures (default: the string itself). */
  describe?(input: Input): string;
}

interface Runnable {
  readonly name: string;
  readonly group: BenchCase<unknown>['group'];
  verify(): Promise<{ checked: number; problems: string[]; meanBytes: number }>;
  api(index: number): Promise<unknown>;
  sql(index: number): Promise<unknown>;
  /** What input `index` was, for per-input figures; null when the pool is too large to list. */
  label(index: number): string | null;
}

function runnable<Input>(bench: BenchCase<Input>): Runnable {
  const at = (index: number): Input => {
    const input = bench.inputs[index];
    if (input === undefined) throw new Error(`${bench.name}: no input ${index}`);
    return input;
  };
  return {
    name: bench.name,
    group: bench.group,
    async verify() {
      const problems: string[] = [];
      let bytes = 0;
      for (const input of bench.distinct) {
        const api = await bench.api(input);
        const sql = await bench.sql(input);
        bytes += Buffer.byteLength(JSON.stringify(api.body));
        const label = JSON.stringify(input).slice(0, 80);
        if (api.ids.join() !== sql.ids.join() || api.hasMore !== sql.hasMore) {
          problems.push(
            `${label}: API [${api.ids.length}${api.hasMore ? '+' : ''}] differs from SQL [${sql.ids.length}${sql.hasMore ? '+' : ''}]`,
          );
        }
        const problem = bench.check?.(input, api);
        if (problem) problems.push(`${label}: ${problem}`);
      }
      return {
        checked: bench.distinct.length,
        problems,
        meanBytes: bytes / Math.max(1, bench.distinct.length),
      };
    },
    api: (index) => bench.api(at(index)),
    sql: (index) => bench.sql(at(index)),
    label: (index) => {
      if (bench.distinct.length > 20) return null;
      const input = at(index);
      if (bench.describe) return bench.describe(input);
      return typeof input === 'string' ? input : JSON.stringify(input);
    },
  };
}

/** p50/p95 of the API and the baseline per input, in the order inputs first appear. */
function byInput(bench: Runnable, from: number, api: readonly number[], sql: readonly number[]) {
  const groups = new Map<string, { api: number[]; sql: number[] }>();
  api.forEach((ms, i) => {
    const label = bench.label(from + i);
    if (label === null) return;
    const group = groups.get(label) ?? { api: [], sql: [] };
    group.api.push(ms);
    group.sql.push(sql[i] ?? Number.NaN);
    groups.set(label, group);
  });
  return [...groups].map(([input, group]) => {
    const a = summary(group.api);
    const b = summary(group.sql);
    return { input, n: a.n, apiP50: a.p50, apiP95: a.p95, baselineP50: b.p50, baselineP95: b.p95 };
  });
}

function draw<T>(random: Random, pool: readonly T[], count: number): T[] {
  return Array.from({ length: count }, () => pick(random, pool));
}

// ---- measurement ----------------------------------------------------------------------------

interface Snapshot {
  readonly db: DbActivity;
  readonly platformCpuMs: number;
  readonly clientCpuMs: number;
  readonly machineBusyMs: number;
  readonly at: number;
}

interface PerRequest {
  readonly dbActiveMs: number;
  readonly idleInTransactionMs: number;
  readonly transactions: number;
  readonly platformCpuMs: number;
  readonly clientCpuMs: number;
  /**
   * Cores busy with anything but this benchmark (bench client, platform, its database work),
   * averaged over the phase: above ~0.2 something else was competing for the 2 cores.
   */
  readonly otherLoadCores: number;
}

async function timeCalls(run: (index: number) => Promise<unknown>, from: number, to: number) {
  const samples: number[] = [];
  for (let index = from; index < to; index++) {
    const started = performance.now();
    await run(index);
    samples.push(performance.now() - started);
  }
  return samples;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

// ---- the run --------------------------------------------------------------------------------

async function main() {
  const log = (message: string) => console.error(`[${new Date().toISOString()}] ${message}`);
  const loadAtStart = loadavg();
  const database = await freshDatabase(DATABASE);
  cleanups.push(() => dropDatabase(DATABASE));
  log(`fresh database ${DATABASE}; starting the platform`);
  const platform = await startOnePlatform(database);

  // Tenants and their taxonomy through the API.
  const shop = await signUpTenant(platform.url, {
    businessName: 'Harbour Street Outfitters',
    ownerName: 'Robin Hale',
    password: 'amber-lantern-tides-42',
    tag: 'search',
  });
  const rival = await signUpTenant(platform.url, {
    businessName: 'Quayside Threads',
    ownerName: 'Sam Okafor',
    password: 'copper-meadow-violet-97',
    tag: 'rival',
  });
  const deviceToken = await pairDevice(shop);
  const device = createTillpointClient({ baseUrl: platform.url, token: deviceToken });
  const owner = shop.client;

  log(`generating ${PRODUCTS} + ${RIVAL_PRODUCTS} products`);
  const catalog = generateCatalog({
    seed: 20261124,
    products: PRODUCTS,
    itemReferenceOffset: () => 0,
  });
  // The rival stocks some of the same brands' items: a third of the brands share GTINs.
  const rivalCatalog = generateCatalog({
    seed: 7,
    products: RIVAL_PRODUCTS,
    itemReferenceOffset: (brand) => (brand % 3 === 0 ? 0 : 60_000),
  });

  log(`creating ${API_PRODUCTS} + ${Math.ceil(API_PRODUCTS / 5)} products through the API`);
  const apiProducts = catalog.slice(0, API_PRODUCTS);
  const rivalApiProducts = rivalCatalog.slice(0, Math.ceil(API_PRODUCTS / 5));
  const apiStarted = performance.now();
  await createThroughApi(shop, apiProducts);
  const apiCreateMs = (performance.now() - apiStarted) / apiProducts.length;
  await createThroughApi(rival, rivalApiProducts);
  // A few store prices through the API as well.
  const apiPriced = apiProducts.filter((p) => !p.archived).slice(0, 10);
  for (const product of apiPriced) {
    const variant = product.variants[0];
    if (!variant || variant.archived) continue;
    await ok(
      owner.api.PUT('/api/v1/catalog/variants/{id}/store-prices/{storeId}', {
        params: { path: { id: variant.id, storeId: shop.storeId } },
        body: { priceMinor: Math.round(variant.priceMinor * 0.9) },
      }),
    );
  }

  const ownerDb = await connect(database.ownerUrl);
  log('loading the rest with SQL as the owner');
  const loadStarted = performance.now();
  await loadCatalog(ownerDb, shop.tenantId, catalog.slice(API_PRODUCTS), shop.references);
  await loadCatalog(
    ownerDb,
    rival.tenantId,
    rivalCatalog.slice(rivalApiProducts.length),
    rival.references,
  );
  // 5% of the shop's SQL-loaded live variants have a price override in its store.
  const priceRandom = seededRandom(99);
  const storePrices = catalog.slice(API_PRODUCTS).flatMap((product) =>
    product.archived
      ? []
      : product.variants.flatMap((variant) =>
          priceRandom() < 0.05
            ? [
                {
                  variantId: variant.id,
                  storeId: shop.storeId,
                  priceMinor: Math.round(variant.priceMinor * 0.9),
                },
              ]
            : [],
        ),
  );
  await loadStorePrices(ownerDb, shop.tenantId, storePrices);
  const loadMs = performance.now() - loadStarted;
  log(`loaded in ${Math.round(loadMs / 1000)} s; vacuum analyze`);
  const vacuumStarted = performance.now();
  await ownerDb.query(
    'vacuum (analyze) products, variants, variant_barcodes, variant_store_prices',
  );
  const vacuumMs = performance.now() - vacuumStarted;

  // Same shapes from the API and from the loader, table by table.
  const sqlSample = catalog.slice(API_PRODUCTS, API_PRODUCTS + 2_000);
  const shapeReport: Record<string, { api: number; sql: number; apiOnly: string[] }> = {};
  for (const [table, column, apiIds, sqlIds] of [
    ['products', 'id', apiProducts.map((p) => p.id), sqlSample.map((p) => p.id)],
    [
      'variants',
      'id',
      apiProducts.flatMap((p) => p.variants.map((v) => v.id)),
      sqlSample.flatMap((p) => p.variants.map((v) => v.id)),
    ],
    [
      'variant_barcodes',
      'variant_id',
      apiProducts.flatMap((p) => p.variants.map((v) => v.id)),
      sqlSample.flatMap((p) => p.variants.map((v) => v.id)),
    ],
  ] as const) {
    const fromApi = await rowShapes(ownerDb, table, shop.tenantId, column, apiIds);
    const fromSql = await rowShapes(ownerDb, table, shop.tenantId, column, sqlIds);
    const apiOnly = [...fromApi].filter((shape) => !fromSql.has(shape));
    shapeReport[table] = { api: fromApi.size, sql: fromSql.size, apiOnly };
    if (apiOnly.length > 0)
      throw new Error(
        `${table}: rows the API wrote have shapes the loader never wrote: ${apiOnly}`,
      );
  }
  const { rows: sizes } = await ownerDb.query<{
    tenant: string;
    products: number;
    variants: number;
    barcodes: number;
  }>(
    `select t.name as tenant,
       (select count(*)::int from products p where p.tenant_id = t.id) as products,
       (select count(*)::int from variants v where v.tenant_id = t.id) as variants,
       (select count(*)::int from variant_barcodes b where b.tenant_id = t.id) as barcodes
     from tenants t order by products desc`,
  );
  const { rows: shared } = await ownerDb.query<{ n: number }>(
    `select count(*)::int as n from variant_barcodes a join variant_barcodes b
       on b.lookup_key = a.lookup_key and b.tenant_id <> a.tenant_id
     where a.tenant_id = $1`,
    [shop.tenantId],
  );

  // How many of the shop's live products each query matches (contains every word / similar).
  const matchCounts: Record<string, number> = {};
  for (const q of [...COMMON_WORDS, ...COMMON_PAIRS, ...RARE_WORDS, ...TYPOS]) {
    const words = searchWords(q);
    const { rows } = await ownerDb.query<{ n: number }>(
      `select count(*)::int as n from (${containsCore(words, 2)}) c`,
      [shop.tenantId, ...words.map(likePattern)],
    );
    matchCounts[q] = rows[0]?.n ?? 0;
  }
  const typoCounts: Record<string, number> = {};
  for (const q of TYPOS) {
    const words = searchWords(q);
    const { rows } = await ownerDb.query<{ n: number }>(
      `select count(*)::int as n from products p where p.tenant_id = $1 and p.archived_at is null
         and ${words.map((_, i) => `$${i + 2} <% p.name`).join(' and ')}`,
      [shop.tenantId, ...words],
    );
    typoCounts[q] = rows[0]?.n ?? 0;
  }
  const attributeCounts: Record<string, number> = {};
  for (const material of MATERIALS) {
    const { rows } = await ownerDb.query<{ n: number }>(
      `select count(*)::int as n from products where tenant_id = $1 and archived_at is null
         and attributes @> $2::jsonb`,
      [shop.tenantId, JSON.stringify({ material })],
    );
    attributeCounts[material] = rows[0]?.n ?? 0;
  }

  // ---- the cases ----------------------------------------------------------------------------
  const baseline = await connect(database.ownerUrl);
  const random = seededRandom(424242);
  const total = WARMUP + ITERATIONS;
  const rivalIds = new Set(rivalCatalog.flatMap((p) => [p.id, ...p.variants.map((v) => v.id)]));
  const noRival = (outcome: Outcome) =>
    outcome.ids.some((id) => rivalIds.has(id)) ? "another tenant's row in the answer" : null;

  const live = catalog.filter((p) => !p.archived);
  const liveVariants = live.flatMap((p) => p.variants.filter((v) => !v.archived));
  const variantByCode = new Map(
    liveVariants.flatMap((v) => v.barcodes.map((b) => [b.code, v] as const)),
  );
  const codes = [...variantByCode.keys()];

  type Page = { products: { id: string }[]; nextCursor: string | null };
  type SearchQuery = NonNullable<
    paths['/api/v1/catalog/products']['get']['parameters']['query']
  > & { [filter: `attr.${string}`]: string };
  const searchApi = async (query: SearchQuery): Promise<Outcome & { cursor: string | null }> => {
    const page: Page = await ok(owner.api.GET('/api/v1/catalog/products', { params: { query } }));
    return {
      ids: page.products.map((p) => p.id),
      hasMore: page.nextCursor !== null,
      body: page,
      cursor: page.nextCursor,
    };
  };
  const pageSql = async (core: string, order: string, values: unknown[]): Promise<Outcome> => {
    const { rows } = await baseline.query<{ id: string; hasMore: boolean }>(
      pageStatement(core, order),
      values,
    );
    return { ids: rows.map((r) => r.id), hasMore: rows[0]?.hasMore ?? false, body: rows };
  };
  const wordsSql = (q: string) => {
    const words = searchWords(q);
    return pageSql(
      `${containsCore(words, 2)} order by rank desc, p.id limit ${PAGE + 1}`,
      'rank desc, id',
      [shop.tenantId, ...words.map(likePattern)],
    );
  };
  const expectPage = (minimum: number) => (_: unknown, outcome: Outcome) =>
    noRival(outcome) ??
    (outcome.ids.length < minimum ? `only ${outcome.ids.length} results` : null);

  const lookupExpect = (code: string, outcome: Outcome) => {
    const expected = variantByCode.get(code);
    return outcome.ids[0] === expected?.id ? noRival(outcome) : `expected variant ${expected?.id}`;
  };
  const lookupSql = async (code: string, storeId: string): Promise<Outcome> => {
    const { rows } = await baseline.query<{ variantId: string }>(LOOKUP_SQL, [
      shop.tenantId,
      barcodeLookupKey(code),
      storeId,
    ]);
    return { ids: rows.map((r) => r.variantId), hasMore: false, body: rows };
  };
  const lookupInputs = draw(random, codes, total);

  const skuInputs = draw(random, liveVariants, total).map((v) =>
    random() < 0.5 ? v.sku.toLowerCase() : v.sku,
  );

  // Second pages: the API's cursor, and the same position for the baseline from its own page 1.
  const secondPages: { q: string; cursor: string; rank: string; id: string }[] = [];
  for (const q of [...COMMON_WORDS, ...COMMON_PAIRS]) {
    const first = await searchApi({ q });
    if (!first.cursor) continue;
    const words = searchWords(q);
    const { rows } = await baseline.query<{ id: string; rank: string }>(
      `select id, rank::text as rank from (${containsCore(words, 2)}) c
       order by rank desc, id offset ${PAGE - 1} limit 1`,
      [shop.tenantId, ...words.map(likePattern)],
    );
    const last = rows[0];
    if (last) secondPages.push({ q, cursor: first.cursor, rank: last.rank, id: last.id });
  }

  const cases: Runnable[] = [
    runnable<null>({
      name: 'floor: GET /health/live, no credentials',
      group: 'floor',
      inputs: Array(total).fill(null),
      distinct: [null],
      async api() {
        const response = await fetch(`${platform.url}/health/live`);
        return { ids: [String(response.status)], hasMore: false, body: await response.json() };
      },
      async sql() {
        await baseline.query('select 1');
        return { ids: ['200'], hasMore: false, body: null };
      },
    }),
    runnable<null>({
      name: 'floor: GET /health/live, signed-in cookie',
      group: 'floor',
      inputs: Array(total).fill(null),
      distinct: [null],
      async api() {
        const response = await fetch(`${platform.url}/health/live`, {
          headers: { cookie: firstSessionCookie() },
        });
        return { ids: [String(response.status)], hasMore: false, body: await response.json() };
      },
      async sql() {
        await baseline.query('select 1');
        return { ids: ['200'], hasMore: false, body: null };
      },
    }),
    runnable<null>({
      name: 'floor: GET /health/live, device token',
      group: 'floor',
      inputs: Array(total).fill(null),
      distinct: [null],
      async api() {
        const response = await fetch(`${platform.url}/health/live`, {
          headers: { authorization: `Bearer ${deviceToken}` },
        });
        return { ids: [String(response.status)], hasMore: false, body: await response.json() };
      },
      async sql() {
        await baseline.query('select 1');
        return { ids: ['200'], hasMore: false, body: null };
      },
    }),
    runnable<string>({
      name: 'barcode lookup, signed-in user (storeId given)',
      group: 'lookup',
      inputs: lookupInputs,
      distinct: lookupInputs.slice(0, 100),
      async api(code) {
        const result = await ok(
          owner.api.GET('/api/v1/catalog/lookup', {
            params: { query: { barcode: code, storeId: shop.storeId } },
          }),
        );
        return { ids: [result.item.variantId], hasMore: false, body: result };
      },
      sql: (code) => lookupSql(code, shop.storeId),
      check: lookupExpect,
    }),
    runnable<string>({
      name: 'barcode lookup, paired register (device token)',
      group: 'lookup',
      inputs: lookupInputs,
      distinct: lookupInputs.slice(0, 100),
      async api(code) {
        const result = await ok(
          device.api.GET('/api/v1/catalog/lookup', { params: { query: { barcode: code } } }),
        );
        return { ids: [result.item.variantId], hasMore: false, body: result };
      },
      sql: (code) => lookupSql(code, shop.storeId),
      check: lookupExpect,
    }),
    runnable<string>({
      name: 'exact SKU (sku=)',
      group: 'search',
      inputs: skuInputs,
      distinct: skuInputs.slice(0, 50),
      api: (sku) => searchApi({ sku }),
      sql: (sku) =>
        pageSql(
          `select p.id, p.sort_name from products p
           where p.tenant_id = $1 and p.archived_at is null
             and p.id in (select v.product_id from variants v
               where v.tenant_id = $1 and v.sku_key = $2)
           order by p.sort_name, p.id limit ${PAGE + 1}`,
          'sort_name, id',
          [shop.tenantId, sku.toLowerCase()],
        ),
      check: expectPage(1),
    }),
    runnable<string>({
      name: 'name, 1 common word',
      group: 'search',
      inputs: draw(random, COMMON_WORDS, total),
      distinct: COMMON_WORDS,
      api: (q) => searchApi({ q }),
      sql: wordsSql,
      check: expectPage(PAGE),
    }),
    runnable<string>({
      name: 'name, 2 common words',
      group: 'search',
      inputs: draw(random, COMMON_PAIRS, total),
      distinct: COMMON_PAIRS,
      api: (q) => searchApi({ q }),
      sql: wordsSql,
      check: expectPage(PAGE),
    }),
    runnable<string>({
      name: 'name, rarer word',
      group: 'search',
      inputs: draw(random, RARE_WORDS, total),
      distinct: RARE_WORDS,
      api: (q) => searchApi({ q }),
      sql: wordsSql,
      check: expectPage(1),
    }),
    runnable<string>({
      name: 'name with a typo (trigram similarity)',
      group: 'search',
      inputs: draw(random, TYPOS, total),
      distinct: TYPOS,
      api: (q) => searchApi({ q }),
      sql: (q) => {
        const words = searchWords(q);
        return pageSql(
          `select p.id, word_similarity($2, p.name) as rank from products p
           where p.tenant_id = $1 and p.archived_at is null
             and ${words.map((_, i) => `$${i + 3} <% p.name`).join(' and ')}
           order by rank desc, p.id limit ${PAGE + 1}`,
          'rank desc, id',
          [shop.tenantId, q, ...words],
        );
      },
      check: expectPage(1),
    }),
    runnable<(typeof secondPages)[number]>({
      name: 'name, second page (cursor)',
      group: 'search',
      inputs: draw(random, secondPages, total),
      distinct: secondPages,
      api: ({ q, cursor }) => searchApi({ q, cursor }),
      describe: ({ q }) => q,
      sql: ({ q, rank, id }) => {
        const words = searchWords(q);
        const after = words.length + 2;
        return pageSql(
          `${containsCore(words, 2)}
             and (${NAME_RANK} < $${after}::real
               or (${NAME_RANK} = $${after}::real and p.id > $${after + 1}::uuid))
           order by rank desc, p.id limit ${PAGE + 1}`,
          'rank desc, id',
          [shop.tenantId, ...words.map(likePattern), rank, id],
        );
      },
      check: expectPage(1),
    }),
    runnable<string>({
      name: 'attribute filter (attr.material=)',
      group: 'search',
      inputs: draw(random, MATERIALS, total),
      distinct: MATERIALS,
      api: (material) => searchApi({ 'attr.material': material }),
      sql: (material) =>
        pageSql(
          `select p.id, p.sort_name from products p
           where p.tenant_id = $1 and p.archived_at is null and p.attributes @> $2::jsonb
           order by p.sort_name, p.id limit ${PAGE + 1}`,
          'sort_name, id',
          [shop.tenantId, JSON.stringify({ material })],
        ),
      check: expectPage(PAGE),
    }),
  ];

  // ---- verify, then measure -------------------------------------------------------------------
  const stats = await connect(database.ownerUrl);
  const snapshot = async (): Promise<Snapshot> => {
    const cpu = process.cpuUsage();
    return {
      db: await readDbActivity(stats, DATABASE),
      platformCpuMs: processCpuMs(platform.pid),
      clientCpuMs: (cpu.user + cpu.system) / 1000,
      machineBusyMs: machineBusyMs(),
      at: performance.now(),
    };
  };
  // Statistics reach pg_stat_database when a backend goes idle, at most once a second (else
  // 10 s later): flush our own connections now and give the platform's backends time to report.
  const flushOwn = async () => {
    for (const client of [ownerDb, baseline, stats])
      await client.query('select pg_stat_force_next_flush()');
  };
  // An idle backend with unreported statistics reports them 10 s after going idle.
  const settle = () => sleep(11_000);
  await flushOwn();
  await settle();
  // Background (the outbox relay polls once a second): subtracted from each phase.
  const quietStart = await snapshot();
  await sleep(5_000);
  const quietEnd = await snapshot();
  const quietSeconds = (quietEnd.at - quietStart.at) / 1000;
  const quiet = activityBetween(quietStart.db, quietEnd.db);
  const backgroundPerSecond = {
    transactions: quiet.transactions / quietSeconds,
    activeMs: quiet.activeMs / quietSeconds,
    idleInTransactionMs: quiet.idleInTransactionMs / quietSeconds,
    platformCpuMs: (quietEnd.platformCpuMs - quietStart.platformCpuMs) / quietSeconds,
  };
  const perRequest = (before: Snapshot, after: Snapshot, requests: number): PerRequest => {
    const seconds = (after.at - before.at) / 1000;
    const db = activityBetween(before.db, after.db);
    const net = (value: number, background: number) =>
      round2((value - background * seconds) / requests);
    return {
      dbActiveMs: net(db.activeMs, backgroundPerSecond.activeMs),
      idleInTransactionMs: net(db.idleInTransactionMs, backgroundPerSecond.idleInTransactionMs),
      transactions: net(db.transactions, backgroundPerSecond.transactions),
      platformCpuMs: net(
        after.platformCpuMs - before.platformCpuMs,
        backgroundPerSecond.platformCpuMs,
      ),
      clientCpuMs: round2((after.clientCpuMs - before.clientCpuMs) / requests),
      otherLoadCores: round2(
        (after.machineBusyMs -
          before.machineBusyMs -
          (after.platformCpuMs - before.platformCpuMs) -
          (after.clientCpuMs - before.clientCpuMs) -
          db.activeMs) /
          (after.at - before.at),
      ),
    };
  };

  const results = [];
  for (const bench of cases) {
    log(`${bench.name}: verify`);
    const verification = await bench.verify();
    if (verification.problems.length > 0)
      console.error(
        `  ${bench.name}: ${verification.problems.length} problem(s)`,
        verification.problems.slice(0, 5),
      );
    log(`${bench.name}: warm up ${WARMUP}, measure ${ITERATIONS} through the API`);
    await timeCalls(bench.api, 0, WARMUP);
    await timeCalls(bench.sql, 0, WARMUP);
    await flushOwn();

    await settle();
    const apiBefore = await snapshot();
    const apiSamples = await timeCalls(bench.api, WARMUP, total);
    await settle();
    const apiAfter = await snapshot();

    log(`${bench.name}: measure ${ITERATIONS} baseline queries`);
    const sqlBefore = await snapshot();
    const sqlSamples = await timeCalls(bench.sql, WARMUP, total);
    await baseline.query('select pg_stat_force_next_flush()');
    await sleep(100);
    const sqlAfter = await snapshot();

    const api = summary(apiSamples);
    const sql = summary(sqlSamples);
    results.push({
      name: bench.name,
      group: bench.group,
      api,
      baseline: sql,
      ratioP50: round2(api.p50 / sql.p50),
      apiPerRequest: perRequest(apiBefore, apiAfter, ITERATIONS),
      baselinePerQuery: perRequest(sqlBefore, sqlAfter, ITERATIONS),
      byInput: byInput(bench, WARMUP, apiSamples, sqlSamples),
      responseBytes: Math.round(verification.meanBytes),
      verified: verification.checked,
      problems: verification.problems,
    });
  }

  const report = {
    date: new Date().toISOString(),
    iterations: ITERATIONS,
    warmup: WARMUP,
    machine: { cores: availableParallelism(), loadAtStart, loadAtEnd: loadavg() },
    data: {
      tenants: sizes,
      sharedBarcodesWithRival: shared[0]?.n ?? 0,
      storePriceOverrides: storePrices.length + apiPriced.length,
      apiCreatedProducts: apiProducts.length + rivalApiProducts.length,
      apiCreateMsPerProduct: round2(apiCreateMs),
      sqlLoadSeconds: round2(loadMs / 1000),
      vacuumAnalyzeSeconds: round2(vacuumMs / 1000),
      shapes: shapeReport,
      matchCounts,
      typoCounts,
      attributeCounts,
    },
    backgroundPerSecond,
    results,
  };
  console.log(JSON.stringify(report, null, 2));

  const ms = (value: number) => `${value} ms`;
  console.log('\n| case | n | p50 | p95 | p99 | max | baseline p50 / p99 | ratio (p50) |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.api.n} | ${ms(r.api.p50)} | ${ms(r.api.p95)} | ${ms(r.api.p99)} | ${ms(r.api.max)} | ${r.baseline.p50} / ${r.baseline.p99} ms | ${r.ratioP50}x |`,
    );
  }
  console.log(
    '\n| case | API p50 | DB active / req | idle in tx / req | tx / req | platform CPU / req | client CPU / req | response | baseline DB active / query | other load (cores) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const a = r.apiPerRequest;
    console.log(
      `| ${r.name} | ${ms(r.api.p50)} | ${ms(a.dbActiveMs)} | ${ms(a.idleInTransactionMs)} | ${a.transactions} | ${ms(a.platformCpuMs)} | ${ms(a.clientCpuMs)} | ${(r.responseBytes / 1024).toFixed(1)} KiB | ${ms(r.baselinePerQuery.dbActiveMs)} | ${a.otherLoadCores} |`,
    );
  }
  const problems = results.reduce((sum, r) => sum + r.problems.length, 0);
  if (problems > 0) {
    console.error(`${problems} verification problem(s); see "problems" above`);
    process.exitCode = 1;
  }
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanup();
}
