// One browser till for the whole run: a fresh profile, paired with the seeded register, the
// cashier signed in, and every delta-feed request the page makes recorded (when, which limit).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { StackInfo } from '../../../e2e/stack/stack-file.ts';
import { newTill } from './browser.ts';
import { type IdbSnapshot, snapshot } from './idb-probe.ts';
import { disableAutoLock, pairAndSignIn, scanField } from './ui.ts';

export interface FeedTraffic {
  /** Epoch ms of the first GET /catalog/changes. */
  first: number | null;
  /** Epoch ms of the latest answer to one. */
  lastAnswer: number | null;
  requests: number;
  /** Requests without a cursor: syncs that started from the beginning of the feed. */
  fromStart: number;
  limits: Set<number>;
  /** Requests per kind of bearer token (tpd_ device, tps_ PIN session). */
  tokens: Map<string, number>;
}

export interface Till {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Epoch ms at which the pairing code was submitted. */
  readonly pairedAt: number;
  readonly feed: FeedTraffic;
}

const FEED_PATH = '/api/v1/catalog/changes';

export async function openTill(browser: Browser, stack: StackInfo): Promise<Till> {
  const context = await newTill(browser, stack.registerUrl);
  await disableAutoLock(context);
  const page = await context.newPage();
  const feed: FeedTraffic = {
    first: null,
    lastAnswer: null,
    requests: 0,
    fromStart: 0,
    limits: new Set(),
    tokens: new Map(),
  };
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname !== FEED_PATH) return;
    feed.first ??= Date.now();
    feed.requests += 1;
    if (!url.searchParams.has('cursor')) feed.fromStart += 1;
    feed.limits.add(Number(url.searchParams.get('limit') ?? 500));
    const kind = (request.headers().authorization ?? 'none').replace(/^Bearer /, '').slice(0, 4);
    feed.tokens.set(kind, (feed.tokens.get(kind) ?? 0) + 1);
  });
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === FEED_PATH) feed.lastAnswer = Date.now();
  });
  try {
    const code = await pairingCode(stack);
    const { pairedAt } = await pairAndSignIn(page, stack, code);
    await openDrawer(page, stack.platformUrl);
    return { context, page, pairedAt, feed };
  } catch (error) {
    // A half-set-up till would keep syncing in the background and load the machine.
    await context.close();
    throw error;
  }
}

/**
 * A fresh register pairing code from this stack's control API (its URL from the stack we
 * started, never re-read from stack.json, which an e2e run started meanwhile would rewrite).
 */
async function pairingCode(stack: StackInfo): Promise<string> {
  const response = await fetch(`${stack.controlUrl}/pairing-code`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const body = (await response.json()) as { code?: unknown; error?: unknown };
  if (!response.ok || typeof body.code !== 'string')
    throw new Error(`POST /pairing-code answered ${response.status}: ${String(body.error)}`);
  return body.code;
}

/**
 * The cashier's shift with a counted float, opened with the page's own PIN session (as the
 * Shift screen would): online cash sales are refused without an open drawer.
 */
async function openDrawer(page: Page, platformUrl: string): Promise<void> {
  const { registerId, token } = await tillIdentity(page);
  const response = await fetch(`${platformUrl}/api/v1/registers/${registerId}/cash-sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ counts: { '2000': 5, '500': 10, '100': 20 } }),
  });
  if (response.status !== 201 && response.status !== 200)
    throw new Error(
      `opening the cash drawer answered ${response.status}: ${await response.text()}`,
    );
}

export interface TillIdentity {
  readonly registerId: string;
  readonly token: string;
}

/** The paired register and the cashier's PIN-session token, from the app's localStorage. */
export async function tillIdentity(page: Page): Promise<TillIdentity> {
  // The app writes both right after pairing and sign-in; wait for them rather than race it.
  await page.waitForFunction(
    () =>
      localStorage.getItem('tillpoint.register.device') !== null &&
      localStorage.getItem('tillpoint.register.cashier') !== null,
    undefined,
    { timeout: 30_000 },
  );
  const found = await page.evaluate(() => {
    const read = (key: string): unknown => JSON.parse(localStorage.getItem(key) ?? 'null');
    const device = read('tillpoint.register.device') as { registerId?: unknown } | null;
    const cashier = read('tillpoint.register.cashier') as { token?: unknown } | null;
    return { registerId: device?.registerId, token: cashier?.token };
  });
  if (typeof found.registerId !== 'string' || typeof found.token !== 'string')
    throw new Error('the page holds no paired register or signed-in cashier');
  return { registerId: found.registerId, token: found.token };
}

/**
 * Polls the page's IndexedDB until a sync has caught up and holds at least `expected`
 * variants; bounded by timeoutMs.
 */
export async function waitForCatalog(
  till: Till,
  expected: number,
  timeoutMs: number,
): Promise<IdbSnapshot & { lastFullSyncAt: number }> {
  const deadline = Date.now() + timeoutMs;
  let last: IdbSnapshot | null = null;
  while (Date.now() < deadline) {
    last = await snapshot(till.page);
    if (last.lastFullSyncAt !== null && last.variants >= expected) {
      // The sell screen replaces "Getting the catalog" once the synced context is loaded.
      await scanField(till.page).waitFor({ state: 'visible', timeout: 30_000 });
      return { ...last, lastFullSyncAt: last.lastFullSyncAt };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `the catalog did not reach ${expected} variants in ${timeoutMs / 1000} s (last: ${JSON.stringify(last)})`,
  );
}
