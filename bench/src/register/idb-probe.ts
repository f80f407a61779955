// Reads of the register's IndexedDB from inside the page (page.evaluate), without the app's
// code. Each function is serialised into the page: it may use only its argument and browser APIs.
// The database is opened without a version and only once it exists, so a probe never creates
// an empty database that would keep the app's own upgrade from running.
import type { Page } from 'playwright-core';

/** apps/register/app/offline/db.ts REGISTER_DB_NAME */
export const REGISTER_DB_NAME = 'tillpoint-register';

export interface IdbSnapshot {
  readonly exists: boolean;
  readonly variants: number;
  readonly outbox: number;
  /** meta.lastFullSyncAt: epoch ms the app stamped when a sync caught up with the feed. */
  readonly lastFullSyncAt: number | null;
  readonly hasCursor: boolean;
}

export function snapshot(page: Page): Promise<IdbSnapshot> {
  return page.evaluate(async (name: string) => {
    const empty = { exists: false, variants: 0, outbox: 0, lastFullSyncAt: null, hasCursor: false };
    const known = await indexedDB.databases();
    if (!known.some((entry) => entry.name === name)) return empty;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      if (!db.objectStoreNames.contains('variants')) return empty;
      const tx = db.transaction(['variants', 'outbox', 'meta'], 'readonly');
      const ask = <T>(request: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      const [variants, outbox, last, cursor] = await Promise.all([
        ask(tx.objectStore('variants').count()),
        ask(tx.objectStore('outbox').count()),
        ask(tx.objectStore('meta').get('lastFullSyncAt')),
        ask(tx.objectStore('meta').get('catalogCursor')),
      ]);
      return {
        exists: true,
        variants,
        outbox,
        lastFullSyncAt: typeof last === 'number' ? last : null,
        hasCursor: cursor !== undefined,
      };
    } finally {
      db.close();
    }
  }, REGISTER_DB_NAME);
}

/** One meta value (taxTable, salesSettings...) as the app stored it. */
export function readMeta<T>(page: Page, key: string): Promise<T | undefined> {
  return page.evaluate(
    async ({ name, key }: { name: string; key: string }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      try {
        const request = db.transaction('meta', 'readonly').objectStore('meta').get(key);
        return await new Promise<unknown>((resolve, reject) => {
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      } finally {
        db.close();
      }
    },
    { name: REGISTER_DB_NAME, key },
  ) as Promise<T | undefined>;
}

export interface RawGetResult {
  /** Milliseconds per get, transaction start to the value in hand. */
  readonly latencies: readonly number[];
  /** Keys whose variant was not found: a wrong baseline would be fast for nothing. */
  readonly misses: number;
}

/**
 * The floor under a scan: for each key, a readonly transaction and one get on the `barcodes`
 * index (one connection opened beforehand, as the app keeps one open).
 */
export function rawIndexGets(page: Page, keys: readonly string[]): Promise<RawGetResult> {
  return page.evaluate(
    async ({ name, keys }: { name: string; keys: readonly string[] }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const latencies: number[] = [];
      let misses = 0;
      try {
        for (const key of keys) {
          const started = performance.now();
          const request = db
            .transaction('variants', 'readonly')
            .objectStore('variants')
            .index('barcodes')
            .get(key);
          const value = await new Promise<unknown>((resolve, reject) => {
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          });
          latencies.push(performance.now() - started);
          if (value === undefined) misses += 1;
        }
      } finally {
        db.close();
      }
      return { latencies, misses };
    },
    { name: REGISTER_DB_NAME, keys },
  );
}

/**
 * Adds entries to the outbox store as the app's enqueueSale does (one durable readwrite
 * transaction each; the key generator assigns seq). Returns how many the store then holds.
 */
export function writeOutbox(page: Page, entries: readonly unknown[]): Promise<number> {
  return page.evaluate(
    async ({ name, entries }: { name: string; entries: readonly unknown[] }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      try {
        for (const entry of entries) {
          const tx = db.transaction('outbox', 'readwrite', { durability: 'strict' });
          tx.objectStore('outbox').add(entry);
          await new Promise<void>((resolve, reject) => {
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
            tx.onabort = () => reject(tx.error);
          });
        }
        const count = db.transaction('outbox', 'readonly').objectStore('outbox').count();
        return await new Promise<number>((resolve, reject) => {
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => reject(count.error);
        });
      } finally {
        db.close();
      }
    },
    { name: REGISTER_DB_NAME, entries },
  );
}
