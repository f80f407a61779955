import type { RegisterDb } from './db.ts';
import type { CachedVariant } from './records.ts';
import { matchesAllWords, nameWords, scanWord } from './words.ts';

// Bounds the work of one keystroke's search at 100,000 variants: a common prefix whose other
// words rarely match would otherwise walk most of the index (a cursor step costs ~40 µs).
const MAX_SCANNED = 2500;

/** Keys from `prefix` up to every string that starts with it. */
function prefixRange(prefix: string): IDBKeyRange {
  return IDBKeyRange.bound(prefix, `${prefix}\uffff`);
}

async function bySkuPrefix(db: RegisterDb, prefix: string, limit: number) {
  const found: CachedVariant[] = [];
  const index = db.transaction('variants').store.index('sku');
  for await (const cursor of index.iterate(prefixRange(prefix))) {
    found.push(cursor.value);
    if (found.length >= limit) break;
  }
  return found;
}

async function byNameWords(db: RegisterDb, words: readonly string[], limit: number) {
  const first = scanWord(words);
  const found = new Map<string, CachedVariant>();
  if (first === undefined) return [];
  const index = db.transaction('variants').store.index('words');
  let scanned = 0;
  for await (const cursor of index.iterate(prefixRange(first))) {
    scanned += 1;
    // One variant appears once per word starting with the prefix ("tea" in "Tea Teapot").
    const variant = cursor.value;
    if (!found.has(variant.id) && matchesAllWords(variant.words, words)) {
      found.set(variant.id, variant);
    }
    if (found.size >= limit || scanned >= MAX_SCANNED) break;
  }
  return [...found.values()];
}

/**
 * Variants whose name has a word starting with each query word (accents and case ignored), and
 * variants whose SKU starts with the text. An exact SKU comes first, then name matches, then
 * other SKU prefixes. Index range scans only, each stopped at `limit`.
 */
export async function searchCatalog(
  db: RegisterDb,
  text: string,
  limit = 20,
): Promise<CachedVariant[]> {
  const query = text.trim();
  if (query === '' || limit <= 0) return [];
  const skuKey = query.toLowerCase();
  const [skus, names] = await Promise.all([
    bySkuPrefix(db, skuKey, limit),
    byNameWords(db, nameWords(query), limit),
  ]);
  const ordered = [
    ...skus.filter((variant) => variant.skuKey === skuKey),
    ...names,
    ...skus.filter((variant) => variant.skuKey !== skuKey),
  ];
  const results = new Map<string, CachedVariant>();
  for (const variant of ordered) {
    if (results.size >= limit) break;
    if (!results.has(variant.id)) results.set(variant.id, variant);
  }
  return [...results.values()];
}
