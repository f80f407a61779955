import { sql, type Tx } from '@tillpoint/db';
import type { ProductFields } from '../product-queries.ts';

// What the checks need to know about the catalog the file is imported into, looked up by the
// file's own keys (SKUs, product ids, barcodes, PLUs) in batches, never the whole catalog.

export interface ExistingVariant {
  readonly id: string;
  readonly skuKey: string;
  readonly productId: string;
  readonly archived: boolean;
}

export function selectVariantsBySku(
  tx: Tx,
  skuKeys: readonly string[],
): Promise<ExistingVariant[]> {
  return tx.query<ExistingVariant>(sql`select id, sku_key as "skuKey", product_id as "productId",
      archived_at is not null as archived
    from variants where sku_key = any(${skuKeys}::text[])`);
}

export interface ExistingProduct extends ProductFields {
  readonly id: string;
  readonly archived: boolean;
  /** Highest variant position in use; new variants go after it. */
  readonly maxPosition: number;
}

export function selectProducts(tx: Tx, ids: readonly string[]): Promise<ExistingProduct[]> {
  return tx.query<ExistingProduct>(sql`select p.id, p.name, p.description,
      p.category_id as "categoryId", p.tax_category_id as "taxCategoryId", p.unit,
      p.track_stock as "trackStock", p.option_names as "optionNames", p.attributes,
      p.archived_at is not null as archived,
      coalesce((select max(v.position) from variants v where v.product_id = p.id), -1)
        as "maxPosition"
    from products p where p.id = any(${ids}::uuid[])`);
}

export interface ActiveVariantOptions {
  readonly productId: string;
  readonly sku: string;
  readonly skuKey: string;
  readonly optionValues: readonly string[];
}

/** Option values in use on these products: two active variants of a product may not share them. */
export function selectActiveOptions(
  tx: Tx,
  productIds: readonly string[],
): Promise<ActiveVariantOptions[]> {
  return tx.query<ActiveVariantOptions>(sql`select product_id as "productId", sku,
      sku_key as "skuKey", option_values as "optionValues"
    from variants where product_id = any(${productIds}::uuid[]) and archived_at is null`);
}

export interface Owner {
  readonly key: string;
  readonly variantId: string;
  readonly skuKey: string;
  readonly sku: string;
}

export function selectBarcodeOwners(tx: Tx, lookupKeys: readonly string[]): Promise<Owner[]> {
  return tx.query<Owner>(sql`select b.lookup_key as key, b.variant_id as "variantId",
      v.sku_key as "skuKey", v.sku
    from variant_barcodes b join variants v on v.tenant_id = b.tenant_id and v.id = b.variant_id
    where b.lookup_key = any(${lookupKeys}::text[])`);
}

export function selectPluOwners(tx: Tx, plus: readonly string[]): Promise<Owner[]> {
  return tx.query<Owner>(sql`select plu as key, id as "variantId", sku_key as "skuKey", sku
    from variants where plu = any(${plus}::text[])`);
}
