// 1. A freshly paired register syncs the whole catalog into IndexedDB through the delta feed.
// Baseline: the same pages read by Node with plain fetch (network and server only), once before
// and once after the browser, so neither side alone gets the warm caches.
import { readFeed } from './node-baselines.ts';
import type { NodeRegister } from './node-register.ts';
import { type MeasureResult, span } from './results.ts';
import { type Till, waitForCatalog } from './till.ts';

export async function measureCatalog(
  till: Till,
  baseline: { platformUrl: string; storeId: string; register: NodeRegister },
  expected: number,
  before: { ms: number; pages: number; items: number; limit: number },
): Promise<MeasureResult> {
  const synced = await waitForCatalog(till, expected, 15 * 60_000);
  const limit = [...till.feed.limits][0] ?? before.limit;
  const after = await readFeed(
    baseline.platformUrl,
    baseline.register.sessionToken,
    baseline.storeId,
    limit,
  );
  const firstRequest = till.feed.first ?? till.pairedAt;
  return {
    id: 'catalog',
    title: '1. catalog sync',
    rows: [
      span(
        'register',
        'pairing code submitted -> all variants in IndexedDB (meta.lastFullSyncAt)',
        synced.variants,
        synced.lastFullSyncAt - till.pairedAt,
      ),
      span(
        'register',
        'first feed request -> all variants in IndexedDB',
        synced.variants,
        synced.lastFullSyncAt - firstRequest,
      ),
      span(
        'baseline',
        'Node fetch of every feed page, before the browser',
        before.items,
        before.ms,
      ),
      span(
        'baseline',
        'Node fetch of every feed page, after the browser',
        after.items.length,
        after.ms,
      ),
    ],
    notes: [
      `register: ${till.feed.requests} feed requests (limit ${[...till.feed.limits].join('/')}; ${till.feed.fromStart} from the start of the feed; by token kind ${[...till.feed.tokens].map(([kind, count]) => `${kind}…: ${count}`).join(', ')}), ${synced.variants} variants cached`,
      `baseline: ${before.pages} and ${after.pages} pages of ${limit} (${before.items} and ${after.items.length} items)`,
    ],
  };
}
