import { isCatalogError, normalizePlu } from '@tillpoint/domain';
import type { CatalogItem } from '../api-types.ts';
import { barcodeKeys } from './barcode-keys.ts';
import type { CachedVariant } from './records.ts';
import { nameWords } from './words.ts';

/** A PLU as the server canonicalises it, or null for one that cannot be keyed (never blocks a sync). */
export function pluKeyOf(plu: string | null): string | null {
  if (plu === null) return null;
  try {
    return normalizePlu(plu);
  } catch (error) {
    if (isCatalogError(error)) return null;
    throw error;
  }
}

/** The stored form of a feed item: the item as given, keyed by variant id, plus its index keys. */
export function toCachedVariant(item: CatalogItem): CachedVariant {
  const { variantId, archived: _archived, unit, ...fields } = item;
  const pluKey = pluKeyOf(item.plu);
  return {
    ...fields,
    id: variantId,
    unit: unit === 'weight' ? 'weight' : 'each',
    barcodeKeys: barcodeKeys(item.barcodes),
    skuKey: item.sku.toLowerCase(),
    words: nameWords(item.name),
    ...(pluKey === null ? {} : { pluKey }),
  };
}
