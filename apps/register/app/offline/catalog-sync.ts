import { ok, TillpointApiError, type TillpointClient } from '@tillpoint/api-client';
import type { CatalogItem } from '../api-types.ts';
import { toCachedVariant } from './catalog-record.ts';
import { getMeta, type RegisterDb } from './db.ts';
import type { MetaValues } from './records.ts';

export interface SyncOptions {
  /** Items per page (the feed allows 1..1000). */
  readonly limit?: number;
  /** Checked between pages: an aborted sync keeps every page it wrote and resumes from there. */
  readonly signal?: AbortSignal;
  readonly now?: () => number;
  /** Called after each page is stored, for a progress display. */
  readonly onPage?: (progress: { pages: number; upserted: number; removed: number }) => void;
}

export interface SyncResult {
  readonly pages: number;
  readonly upserted: number;
  readonly removed: number;
  /** The cache was emptied first because it held another store's prices. */
  readonly reset: boolean;
  readonly cachedVariants: number;
  /** Settings refreshed into meta; the others were not readable by this caller and kept. */
  readonly refreshed: readonly SettingsKey[];
}

type Api = TillpointClient['api'];

/** Drops the cached catalog and its cursor (another store's prices, or an unpaired device). */
export async function resetCatalog(db: RegisterDb): Promise<void> {
  const tx = db.transaction(['variants', 'meta'], 'readwrite');
  await Promise.all([
    tx.objectStore('variants').clear(),
    tx.objectStore('meta').delete('catalogCursor'),
    tx.objectStore('meta').delete('lastFullSyncAt'),
    tx.done,
  ]);
}

/**
 * One page in one transaction: upserts, removals of archived variants and the cursor commit
 * together, so an interrupted sync resumes exactly after the last page it stored.
 */
async function storePage(
  db: RegisterDb,
  storeId: string,
  items: readonly CatalogItem[],
  cursor: string,
): Promise<{ upserted: number; removed: number }> {
  const tx = db.transaction(['variants', 'meta'], 'readwrite');
  const variants = tx.objectStore('variants');
  const writes: Promise<unknown>[] = [];
  let removed = 0;
  for (const item of items) {
    if (item.archived) {
      removed += 1;
      writes.push(variants.delete(item.variantId));
    } else {
      writes.push(variants.put(toCachedVariant(item)));
    }
  }
  const position: MetaValues['catalogCursor'] = { storeId, cursor };
  writes.push(tx.objectStore('meta').put(position, 'catalogCursor'));
  await Promise.all([...writes, tx.done]);
  return { upserted: items.length - removed, removed };
}

export type SettingsKey = 'taxTable' | 'salesSettings' | 'barcodeRules';

/** A 403 means this caller may not read it (a device token cannot read the sales settings). */
function forbidden(reason: unknown): boolean {
  return reason instanceof TillpointApiError && reason.status === 403;
}

/**
 * Tax table, selling rules and barcode layouts: what pricing and scanning need offline. What the
 * caller may not read keeps its cached value; any other failure is thrown.
 */
async function refreshSettings(db: RegisterDb, api: Api, storeId: string): Promise<SettingsKey[]> {
  const reads = await Promise.allSettled([
    ok(api.GET('/api/v1/stores/{storeId}/tax-table', { params: { path: { storeId } } })),
    ok(api.GET('/api/v1/settings/sales')),
    ok(api.GET('/api/v1/catalog/barcode-rules')),
  ]);
  const failure = reads.find((read) => read.status === 'rejected' && !forbidden(read.reason));
  if (failure?.status === 'rejected') throw failure.reason;
  const [taxTable, salesSettings, barcodeRules] = reads;
  const tx = db.transaction('meta', 'readwrite');
  const refreshed: SettingsKey[] = [];
  const writes: Promise<unknown>[] = [tx.done];
  if (taxTable.status === 'fulfilled') {
    refreshed.push('taxTable');
    writes.push(tx.store.put(taxTable.value, 'taxTable'));
  }
  if (salesSettings.status === 'fulfilled') {
    refreshed.push('salesSettings');
    writes.push(tx.store.put(salesSettings.value, 'salesSettings'));
  }
  if (barcodeRules.status === 'fulfilled') {
    refreshed.push('barcodeRules');
    writes.push(tx.store.put(barcodeRules.value, 'barcodeRules'));
  }
  await Promise.all(writes);
  return refreshed;
}

/**
 * Brings the cache up to date with GET /api/v1/catalog/changes (variants changed since the
 * stored cursor, archived ones included, priced for storeId), page by page until caught up,
 * after refreshing the settings the register prices with. Sync with the cashier's PIN-session
 * client to get the sales settings too (a device token may only read the catalog and the tax
 * table). Throws TillpointApiError on a refusal and the fetch error when offline; what was
 * stored before that stays.
 */
export async function syncCatalog(
  db: RegisterDb,
  api: Api,
  storeId: string,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const now = options.now ?? Date.now;
  const limit = options.limit ?? 500;
  const stored = await getMeta(db, 'catalogCursor');
  const reset = stored !== undefined && stored.storeId !== storeId;
  if (reset) await resetCatalog(db);
  let cursor = reset ? undefined : stored?.cursor;
  let pages = 0;
  let upserted = 0;
  let removed = 0;

  const refreshed = await refreshSettings(db, api, storeId);
  for (;;) {
    options.signal?.throwIfAborted();
    const page = await ok(
      api.GET('/api/v1/catalog/changes', {
        params: { query: { storeId, limit, ...(cursor === undefined ? {} : { cursor }) } },
      }),
    );
    const counts = await storePage(db, storeId, page.items, page.nextCursor);
    pages += 1;
    upserted += counts.upserted;
    removed += counts.removed;
    options.onPage?.({ pages, upserted, removed });
    // The same cursor back with hasMore would loop forever; the feed never does that, but a
    // register must not spin on a proxy's stale answer either.
    const stuck = page.nextCursor === cursor && page.items.length === 0;
    cursor = page.nextCursor;
    if (!page.hasMore || stuck) break;
  }
  await db.put('meta', now(), 'lastFullSyncAt');
  const cachedVariants = await db.count('variants');
  return { pages, upserted, removed, reset, cachedVariants, refreshed };
}
