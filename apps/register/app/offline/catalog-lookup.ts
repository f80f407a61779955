import { readEmbeddedBarcode } from '@tillpoint/domain';
import { scanKeys } from './barcode-keys.ts';
import { pluKeyOf } from './catalog-record.ts';
import { getMeta, type RegisterDb } from './db.ts';
import type { CachedVariant } from './records.ts';

/**
 * What a price- or weight-embedded label adds to the item, in the shape GET /api/v1/catalog/lookup
 * answers (so online and offline scans are handled alike): price is the label's amount in minor
 * units, weight is thousandths of a kilogram (grams).
 */
export type EmbeddedValue =
  | { readonly kind: 'price'; readonly priceMinor: number }
  | { readonly kind: 'weight'; readonly quantityMilli: number };

export interface ScanMatch {
  readonly variant: CachedVariant;
  readonly embedded: EmbeddedValue | null;
  /** Which rule found it, for the screen and for tests. */
  readonly via: 'barcode' | 'embedded' | 'sku';
}

/** A variant by its PLU / item code as a cashier keys it (leading zeros ignored). */
export async function lookupPlu(db: RegisterDb, plu: string): Promise<CachedVariant | null> {
  const key = pluKeyOf(plu.trim());
  return key === null ? null : ((await db.getFromIndex('variants', 'plu', key)) ?? null);
}

/**
 * A scanned or typed code, resolved as the server's lookup does: a registered barcode (compared
 * under its GTIN-14 key) wins over reading the code as a price/weight label per the cached
 * barcode rules; failing both, an exact SKU (case-insensitive). Only index reads, no scans.
 */
export async function lookupBarcode(db: RegisterDb, code: string): Promise<ScanMatch | null> {
  const scanned = code.trim();
  if (scanned === '') return null;
  for (const key of scanKeys(scanned)) {
    const variant = await db.getFromIndex('variants', 'barcodes', key);
    if (variant) return { variant, embedded: null, via: 'barcode' };
  }
  const reading = readEmbeddedBarcode(scanned, (await getMeta(db, 'barcodeRules')) ?? []);
  if (reading) {
    const variant = await lookupPlu(db, reading.itemCode);
    if (variant) {
      const embedded: EmbeddedValue =
        reading.valueKind === 'price'
          ? { kind: 'price', priceMinor: reading.value }
          : { kind: 'weight', quantityMilli: reading.value };
      return { variant, embedded, via: 'embedded' };
    }
  }
  const bySku = await db.getFromIndex('variants', 'sku', scanned.toLowerCase());
  return bySku ? { variant: bySku, embedded: null, via: 'sku' } : null;
}

export function cachedVariantCount(db: RegisterDb): Promise<number> {
  return db.count('variants');
}
