import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { CachedVariant, MetaKey, MetaValues, OutboxEntry, OutboxState } from './records.ts';

export type * from './records.ts';

/**
 * The register's IndexedDB database: one per paired device (one browser profile per till).
 * variants: the catalog cache; meta: small typed values; outbox: sales not yet acknowledged.
 */
export interface RegisterDbSchema extends DBSchema {
  variants: {
    key: string;
    value: CachedVariant;
    indexes: { barcodes: string; sku: string; words: string; plu: string };
  };
  meta: { key: MetaKey; value: unknown };
  outbox: {
    key: number;
    value: OutboxEntry;
    // state: [state, seq], so "the first pending entry" and "how many need attention" are index
    // reads, never a scan of the outbox.
    indexes: { saleId: string; state: [OutboxState, number] };
  };
}

export type RegisterDb = IDBPDatabase<RegisterDbSchema>;

export const REGISTER_DB_NAME = 'tillpoint-register';
const VERSION = 1;

export function openRegisterDb(name: string = REGISTER_DB_NAME): Promise<RegisterDb> {
  return openDB<RegisterDbSchema>(name, VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const variants = db.createObjectStore('variants', { keyPath: 'id' });
        variants.createIndex('barcodes', 'barcodeKeys', { multiEntry: true });
        variants.createIndex('sku', 'skuKey');
        variants.createIndex('words', 'words', { multiEntry: true });
        variants.createIndex('plu', 'pluKey');
        db.createObjectStore('meta');
        const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
        outbox.createIndex('saleId', 'saleId', { unique: true });
        outbox.createIndex('state', ['state', 'seq']);
      }
    },
    // A newer version of the app opened in another tab: let it upgrade instead of hanging.
    blocking(_current, _blocked, event) {
      (event.target as IDBDatabase | null)?.close();
    },
  });
}

/**
 * Asks the browser not to evict this origin's storage under pressure (unsynced sales live here).
 * Chromium grants it silently to installed or often-used apps; false means best effort only.
 */
export async function requestPersistentStorage(): Promise<boolean> {
  const storage = globalThis.navigator?.storage;
  if (!storage?.persist) return false;
  return (await storage.persisted()) || storage.persist();
}

export async function getMeta<K extends MetaKey>(
  db: RegisterDb,
  key: K,
): Promise<MetaValues[K] | undefined> {
  return (await db.get('meta', key)) as MetaValues[K] | undefined;
}

export async function setMeta<K extends MetaKey>(
  db: RegisterDb,
  key: K,
  value: MetaValues[K],
): Promise<void> {
  await db.put('meta', value, key);
}
