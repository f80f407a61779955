// The register in real Chromium (issue 6): catalog sync into IndexedDB, scan-to-line, cold
// start of the installed app, completing a cash sale, and replaying offline sales, each beside
// a baseline measured in the same run. Runs the e2e stack (e2e/stack/main.ts: register build,
// fresh database, real platform on PostgreSQL and Redis, seeded shop) with BULK_VARIANTS extra
// one-variant products, and Debian's Chromium through playwright-core. A measure that fails is
// reported as failed and the others still run.
//   npm run register --workspace @tillpoint/bench
// Knobs: BULK_VARIANTS (100000), SCANS (240), SALES (30), OUTBOX_SALES (500), COLD_ROUNDS (8),
// SEED (20261124), QUIET_WAIT_MS (1200000: how long to wait for a running e2e run to end),
// E2E_SKIP_BUILD=1 (use the register build as it is), NO_RESULTS=1 (do not
// write RESULTS.md).
import { availableParallelism, loadavg, totalmem } from 'node:os';
import type { Browser } from 'playwright-core';
import type { CatalogItem, SalesSettings, TaxTable } from '../../../apps/register/app/api-types.ts';
import { seededRandom } from '../support/synthetic-catalog.ts';
import { launchChromium } from './browser.ts';
import { randomBulkCodes } from './bulk-codes.ts';
import { readMeta } from './idb-probe.ts';
import { measureCatalog } from './measure-catalog.ts';
import { measureColdStart } from './measure-cold-start.ts';
import { measureReplay } from './measure-replay.ts';
import { measureSale } from './measure-sale.ts';
import { measureScan } from './measure-scan.ts';
import { type FeedRead, readFeed, submitSequentially } from './node-baselines.ts';
import { createNodeRegister, type NodeRegister } from './node-register.ts';
import {
  consoleTable,
  distribution,
  markdownTable,
  type Outcome,
  type Row,
  span,
} from './results.ts';
import { SECTION_HEADING, wrap, writeSection } from './results-file.ts';
import {
  cashSaleBody,
  contextOf,
  outboxEntryOf,
  type SubmitBody,
  saleVariantOf,
} from './sale-bodies.ts';
import { checkExactlyOnce } from './server-sales.ts';
import { runningStacks, startStack, waitForQuiet } from './stack.ts';
import { openTill, type Till, tillIdentity, waitForCatalog } from './till.ts';

const BULK_VARIANTS = Number(process.env.BULK_VARIANTS ?? 100_000);
const SCANS = Number(process.env.SCANS ?? 240);
const SALES = Number(process.env.SALES ?? 30);
const OUTBOX_SALES = Number(process.env.OUTBOX_SALES ?? 500);
const SEED = Number(process.env.SEED ?? 20_261_124);
const FEED_LIMIT = 500;

const log = (message: string) => console.error(`[${new Date().toISOString()}] ${message}`);
const messageOf = (error: unknown) =>
  error instanceof Error ? (error.stack ?? error.message) : String(error);

/** e2e stacks other than ours seen so far during the current measure. */
let othersSeen = new Set<number>();
let ownStackPid = -1;
const watchOthers = setInterval(() => {
  for (const pid of runningStacks()) if (pid !== ownStackPid) othersSeen.add(pid);
}, 2_000);
watchOthers.unref();

async function attempt(
  outcomes: Outcome[],
  id: string,
  title: string,
  baselineRows: () => readonly Row[],
  run: () => Promise<Outcome>,
): Promise<void> {
  log(`measure ${title}`);
  othersSeen = new Set();
  try {
    const outcome = await run();
    // Other work on the machine shows up in these figures: say how busy it was.
    const others =
      othersSeen.size === 0
        ? 'no other e2e stack ran meanwhile'
        : `${othersSeen.size} other e2e stack process(es) ran meanwhile (e2e runs sharing the cores)`;
    const load = `load average ${(loadavg()[0] ?? 0).toFixed(2)} at the end; ${others}`;
    outcomes.push('notes' in outcome ? { ...outcome, notes: [...outcome.notes, load] } : outcome);
  } catch (error) {
    log(`measure ${title} failed: ${messageOf(error)}`);
    outcomes.push({
      id,
      title,
      error: messageOf(error).split('\n')[0] ?? 'failed',
      rows: baselineRows(),
    });
  }
}

/** The bulk items of the feed, as the sale model's variants (what Node's sales are made of). */
function bulkVariants(feed: FeedRead) {
  return feed.items.filter((item: CatalogItem) => item.sku.startsWith('BULK-')).map(saleVariantOf);
}

async function main(): Promise<void> {
  const random = seededRandom(SEED);
  // Another e2e run would share stack.json and the CPU with this one: wait for it to end.
  await waitForQuiet(Number(process.env.QUIET_WAIT_MS ?? 20 * 60_000), log);
  const started = new Date();
  const load = loadavg()[0] ?? 0;
  log(`starting the e2e stack with ${BULK_VARIANTS} bulk variants`);
  const stack = await startStack({ E2E_BULK_VARIANTS: String(BULK_VARIANTS) });
  const info = stack.info;
  ownStackPid = stack.pid;
  log(`stack ready: ${info.registerUrl} (logs in ${stack.logDir})`);
  const outcomes: Outcome[] = [];
  let browser: Browser | null = null;
  let chromiumVersion = '';
  try {
    const node: NodeRegister = await createNodeRegister(info, 'Bench Node till');
    const taxTable = await fetchJson<TaxTable>(
      info,
      node,
      `/api/v1/stores/${info.storeId}/tax-table`,
    );
    const settings = await fetchJson<SalesSettings>(info, node, '/api/v1/settings/sales');
    const nodeContext = contextOf(taxTable, settings);

    log('baseline: reading the whole feed from Node');
    const feedBefore = await readFeed(
      info.platformUrl,
      node.sessionToken,
      info.storeId,
      FEED_LIMIT,
    );
    const expected = feedBefore.items.length;
    const variants = bulkVariants(feedBefore);
    log(`feed: ${expected} items in ${Math.round(feedBefore.ms)} ms`);
    const nodeSales = (count: number, offline: boolean): SubmitBody[] =>
      Array.from({ length: count }, () =>
        cashSaleBody(variants, nodeContext, random, { registerId: node.registerId, offline }),
      );

    browser = await launchChromium();
    chromiumVersion = browser.version();
    const launched = browser;
    let till: Till | null = null;
    const readyTill = async (): Promise<Till> => {
      till ??= await openTill(launched, info);
      await waitForCatalog(till, expected, 15 * 60_000);
      return till;
    };

    const feedRow = span(
      'baseline',
      'Node fetch of every feed page, before the browser',
      expected,
      feedBefore.ms,
    );
    await attempt(
      outcomes,
      'catalog',
      '1. catalog sync',
      () => [feedRow],
      async () => {
        till = await openTill(launched, info);
        return measureCatalog(
          till,
          { platformUrl: info.platformUrl, storeId: info.storeId, register: node },
          expected,
          { ms: feedBefore.ms, pages: feedBefore.pages, items: expected, limit: FEED_LIMIT },
        );
      },
    );

    const scanCodes = randomBulkCodes(random, BULK_VARIANTS, SCANS);
    await attempt(
      outcomes,
      'scan',
      '2. scan -> cart line',
      () => [],
      async () => measureScan(await readyTill(), scanCodes),
    );

    await attempt(
      outcomes,
      'cold-start',
      '3. cold start',
      () => [],
      async () => measureColdStart(await readyTill(), info.registerUrl),
    );

    log(`baseline: ${SALES} sales posted by Node`);
    let saleBaseline: number[] = [];
    await attempt(
      outcomes,
      'sale',
      '4. cash sale',
      () => saleBaselineRows(saleBaseline),
      async () => {
        saleBaseline = [
          ...(
            await submitSequentially(info.platformUrl, node.sessionToken, nodeSales(SALES, false))
          ).latencies,
        ];
        const basket = () => randomBulkCodes(random, BULK_VARIANTS, 1 + Math.floor(random() * 3));
        return measureSale(await readyTill(), basket, SALES, node.owner, saleBaseline);
      },
    );

    let replayBaseline: { ms: number; latencies: number[] } | null = null;
    await attempt(
      outcomes,
      'replay',
      '5. outbox replay',
      () => replayBaselineRows(replayBaseline),
      async () => {
        log(`baseline: ${OUTBOX_SALES} sequential submits from Node`);
        const bodies = nodeSales(OUTBOX_SALES, true);
        const run = await submitSequentially(info.platformUrl, node.sessionToken, bodies);
        replayBaseline = { ms: run.ms, latencies: [...run.latencies] };
        const problem = await checkExactlyOnce(
          node.owner,
          node.registerId,
          bodies.map((body) => body.id),
        );
        if (problem !== null) throw new Error(`baseline sales on the server: ${problem}`);
        const ready = await readyTill();
        const identity = await tillIdentity(ready.page);
        const pageTax = await readMeta<TaxTable>(ready.page, 'taxTable');
        const pageSettings = await readMeta<SalesSettings>(ready.page, 'salesSettings');
        if (!pageTax || !pageSettings)
          throw new Error('the page has no cached tax table or sales settings');
        const pageContext = contextOf(pageTax, pageSettings);
        const at = Date.now();
        const entries = Array.from({ length: OUTBOX_SALES }, (_, index) =>
          outboxEntryOf(
            cashSaleBody(variants, pageContext, random, {
              registerId: identity.registerId,
              offline: true,
            }),
            identity.token,
            at + index,
          ),
        );
        return measureReplay(ready, entries, identity.registerId, node.owner, run);
      },
    );
  } catch (error) {
    log(`setup failed: ${messageOf(error)}`);
    outcomes.push({
      id: 'setup',
      title: 'setup',
      error: messageOf(error).split('\n')[0] ?? '',
      rows: [],
    });
  } finally {
    await browser?.close().catch(() => undefined);
    await stack.stop();
  }

  console.log(consoleTable(outcomes));
  for (const outcome of outcomes)
    for (const note of 'notes' in outcome ? outcome.notes : [])
      console.log(`${outcome.title}: ${note}`);
  if (process.env.NO_RESULTS !== '1') {
    await writeSection(section(outcomes, { started, load, chromiumVersion }));
    log('bench/RESULTS.md updated');
  }
  if (outcomes.some((outcome) => 'error' in outcome)) process.exitCode = 1;
}

function saleBaselineRows(latencies: readonly number[]): Row[] {
  return latencies.length === 0
    ? []
    : [
        distribution(
          'baseline',
          'Node: one POST /sales/submit of the same shape (round trip)',
          latencies,
        ),
      ];
}

function replayBaselineRows(run: { ms: number; latencies: number[] } | null): Row[] {
  return run === null
    ? []
    : [
        span(
          'baseline',
          `Node: ${run.latencies.length} sequential POST /sales/submit`,
          run.latencies.length,
          run.ms,
        ),
      ];
}

async function fetchJson<T>(
  info: { platformUrl: string },
  node: NodeRegister,
  path: string,
): Promise<T> {
  const response = await fetch(`${info.platformUrl}${path}`, {
    headers: { authorization: `Bearer ${node.sessionToken}` },
  });
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
  return (await response.json()) as T;
}

function section(
  outcomes: readonly Outcome[],
  run: { started: Date; load: number; chromiumVersion: string },
): string {
  const memory = Math.round(totalmem() / 2 ** 30);
  const notes = outcomes.flatMap((outcome) =>
    'notes' in outcome ? outcome.notes.map((note) => `- ${outcome.title}: ${note}`) : [],
  );
  const paragraphs = [
    `\`npm run register --workspace @tillpoint/bench\` — ${run.started.toISOString().slice(0, 10)}, same machine (${availableParallelism()} cores, ${memory} GiB, Node ${process.versions.node}, Chromium ${run.chromiumVersion || 'not started'}), load average ${run.load.toFixed(2)} at start.`,
    `The e2e stack (\`e2e/stack/main.ts\`: the register's production build served by the real platform on a fresh PostgreSQL database and Redis, the seeded shop) plus ${BULK_VARIANTS.toLocaleString('en-US')} one-variant products inserted in bulk. Debian's Chromium, headless, driven by playwright-core: one fresh profile paired with the shop's register through the Pair screen and signed in as its cashier with the PIN (auto-lock off, drawer opened with the cashier's session). The Node baselines use a second register of the same store, paired and signed in from Node, with plain fetch.`,
    'How each figure is taken: (1) from submitting the pairing code, and from the first feed request, to the `lastFullSyncAt` the app stamps in IndexedDB when a sync has caught up; (2) `performance.now()` in the page at the Enter keydown in "Scan or search" (capture listener) to the cart line naming the item entering the DOM (MutationObserver), and to the first task after the next animation frame; (3) from navigation start of the new document to the scan field existing and enabled, served by the service worker; (4) in the page from the click on "Pay" / "Complete sale" to the receipt\'s frame, and to the page receiving the 2xx answer of its POST /sales/submit; (5) from `setOffline(false)` to the last sale being readable through GET /api/v1/sales/{id}.',
  ];
  return [
    SECTION_HEADING,
    '',
    ...paragraphs.flatMap((paragraph) => [wrap(paragraph), '']),
    markdownTable(outcomes),
    '',
    ...notes.map((note) => wrap(note)),
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(messageOf(error));
  process.exitCode = 1;
});
