// The baselines that need no browser: the delta feed read by Node with plain fetch (network and
// server only, nothing stored), and sales posted one after another by Node.
import type { CatalogItem, ChangesPage } from '../../../apps/register/app/api-types.ts';
import type { SubmitBody } from './sale-bodies.ts';

export interface FeedRead {
  readonly ms: number;
  readonly pages: number;
  readonly items: readonly CatalogItem[];
}

/** Every page of GET /api/v1/catalog/changes from the start, as a freshly paired register asks. */
export async function readFeed(
  platformUrl: string,
  token: string,
  storeId: string,
  limit: number,
): Promise<FeedRead> {
  const items: CatalogItem[] = [];
  let cursor: string | undefined;
  let pages = 0;
  const started = performance.now();
  // Bounded: 1,000 pages of at least 100 is far beyond any catalog this benchmark seeds.
  for (; pages < 1_000; ) {
    const query = new URLSearchParams({ storeId, limit: String(limit) });
    if (cursor !== undefined) query.set('cursor', cursor);
    const response = await fetch(`${platformUrl}/api/v1/catalog/changes?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok)
      throw new Error(`catalog feed answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as ChangesPage;
    pages += 1;
    for (const item of page.items) items.push(item);
    const stuck = page.nextCursor === cursor && page.items.length === 0;
    cursor = page.nextCursor;
    if (!page.hasMore || stuck) break;
  }
  return { ms: performance.now() - started, pages, items };
}

export interface SubmitRun {
  readonly ms: number;
  /** Milliseconds per request, in order. */
  readonly latencies: readonly number[];
}

/** POST /api/v1/sales/submit for each body, one after another, each answered 201 or failing. */
export async function submitSequentially(
  platformUrl: string,
  sessionToken: string,
  bodies: readonly SubmitBody[],
): Promise<SubmitRun> {
  const latencies: number[] = [];
  const started = performance.now();
  for (const body of bodies) {
    const sent = performance.now();
    const response = await fetch(`${platformUrl}/api/v1/sales/submit`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sessionToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== 201)
      throw new Error(`submit of ${body.id} answered ${response.status}: ${text.slice(0, 500)}`);
    latencies.push(performance.now() - sent);
  }
  return { ms: performance.now() - started, latencies };
}
