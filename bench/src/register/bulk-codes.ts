// The barcodes e2e/stack/bulk.ts gives its bulk products: item n carries the EAN-13 built from
// GS1 prefix 0999 and n in eight digits. Recomputed here so scans can pick any item at random.
import { barcodeLookupKey, withCheckDigit } from '@tillpoint/domain';
import type { Random } from '../support/synthetic-catalog.ts';

export interface BulkCode {
  readonly n: number;
  /** What the scanner types. */
  readonly code: string;
  /** The cache's index key for it (GTIN-14), as the register looks it up first. */
  readonly key: string;
  /** The product's name, as the cart line shows it. */
  readonly name: string;
}

export function bulkCode(n: number): BulkCode {
  const code = withCheckDigit(`0999${String(n).padStart(8, '0')}`);
  return { n, code, key: barcodeLookupKey(code), name: `Bulk item ${n}` };
}

/** `count` distinct items out of 1..total, in random order. */
export function randomBulkCodes(random: Random, total: number, count: number): BulkCode[] {
  if (count > total) throw new RangeError(`cannot pick ${count} of ${total}`);
  const picked = new Set<number>();
  while (picked.size < count) picked.add(1 + Math.floor(random() * total));
  return [...picked].map(bulkCode);
}
