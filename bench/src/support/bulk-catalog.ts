// Loads a generated catalog straight into the tables the catalog API writes (products, variants,
// variant_barcodes, variant_store_prices), as the database owner, in batches of one statement per
// table. Every column the API sets is set the same way; defaults (created_at, updated_at,
// change_xid, sort_name, sku_key) and triggers (variants_stamp, variant_barcodes_touch_variant,
// variant_store_prices_touch_variant) run as they do for API writes.
import type pg from 'pg';
import type { CategoryKey, GeneratedProduct, TaxKey } from './synthetic-catalog.ts';

/** A PostgreSQL array literal ('{"a","b"}') of text values, for `::text[]` per row. */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

export interface CatalogReferences {
  readonly categoryIds: Readonly<Record<CategoryKey, string>>;
  readonly taxCategoryIds: Readonly<Record<TaxKey, string>>;
}

async function inTransaction(client: pg.Client, work: () => Promise<void>): Promise<void> {
  await client.query('begin');
  try {
    await work();
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

async function insertBatch(
  client: pg.Client,
  tenantId: string,
  products: readonly GeneratedProduct[],
  references: CatalogReferences,
): Promise<void> {
  await client.query(
    `insert into products (tenant_id, id, name, description, category_id, tax_category_id, unit,
       track_stock, option_names, attributes, archived_at)
     select $1::uuid, u.id, u.name, u.description, u.category_id, u.tax_category_id, u.unit,
       u.track_stock, u.option_names::text[], u.attributes::jsonb,
       case when u.archived then now() end
     from unnest($2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::text[],
       $8::boolean[], $9::text[], $10::text[], $11::boolean[])
       as u(id, name, description, category_id, tax_category_id, unit, track_stock, option_names,
         attributes, archived)`,
    [
      tenantId,
      products.map((p) => p.id),
      products.map((p) => p.name),
      products.map((p) => p.description),
      products.map((p) => references.categoryIds[p.category]),
      products.map((p) => (p.tax ? references.taxCategoryIds[p.tax] : null)),
      products.map((p) => p.unit),
      products.map((p) => p.trackStock),
      products.map((p) => textArrayLiteral(p.optionNames)),
      products.map((p) => JSON.stringify(p.attributes)),
      products.map((p) => p.archived),
    ],
  );
  const variants = products.flatMap((product) =>
    product.variants.map((variant) => ({ productId: product.id, ...variant })),
  );
  await client.query(
    `insert into variants (tenant_id, id, product_id, sku, option_values, price_minor, cost_minor,
       plu, position, archived_at)
     select $1::uuid, u.id, u.product_id, u.sku, u.option_values::text[], u.price_minor,
       u.cost_minor, null, u.position, case when u.archived then now() end
     from unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::bigint[], $7::bigint[],
       $8::integer[], $9::boolean[])
       as u(id, product_id, sku, option_values, price_minor, cost_minor, position, archived)`,
    [
      tenantId,
      variants.map((v) => v.id),
      variants.map((v) => v.productId),
      variants.map((v) => v.sku),
      variants.map((v) => textArrayLiteral(v.optionValues)),
      variants.map((v) => v.priceMinor),
      variants.map((v) => v.costMinor),
      variants.map((v) => v.position),
      variants.map((v) => v.archived),
    ],
  );
  // One row per barcode, in the order the API inserts them (created_at is clock_timestamp()).
  const barcodes = variants.flatMap((variant) =>
    variant.barcodes.map((barcode) => ({ variantId: variant.id, ...barcode })),
  );
  await client.query(
    `insert into variant_barcodes (tenant_id, variant_id, code, kind, lookup_key)
     select $1::uuid, u.variant_id, u.code, u.kind, u.lookup_key
     from unnest($2::uuid[], $3::text[], $4::text[], $5::text[]) with ordinality
       as u(variant_id, code, kind, lookup_key, n)
     order by u.n`,
    [
      tenantId,
      barcodes.map((b) => b.variantId),
      barcodes.map((b) => b.code),
      barcodes.map((b) => b.kind),
      barcodes.map((b) => b.lookupKey),
    ],
  );
}

/** Inserts the products (with variants and barcodes) in transactions of `batch` products. */
export async function loadCatalog(
  client: pg.Client,
  tenantId: string,
  products: readonly GeneratedProduct[],
  references: CatalogReferences,
  batch = 2_500,
): Promise<void> {
  for (let start = 0; start < products.length; start += batch) {
    const slice = products.slice(start, start + batch);
    await inTransaction(client, () => insertBatch(client, tenantId, slice, references));
  }
}

/** Per-store price overrides, as PUT .../store-prices/:storeId writes them. */
export async function loadStorePrices(
  client: pg.Client,
  tenantId: string,
  prices: readonly { variantId: string; storeId: string; priceMinor: number }[],
): Promise<void> {
  await inTransaction(client, async () => {
    await client.query(
      `insert into variant_store_prices (tenant_id, variant_id, store_id, price_minor)
       select $1::uuid, u.variant_id, u.store_id, u.price_minor
       from unnest($2::uuid[], $3::uuid[], $4::bigint[]) as u(variant_id, store_id, price_minor)`,
      [
        tenantId,
        prices.map((p) => p.variantId),
        prices.map((p) => p.storeId),
        prices.map((p) => p.priceMinor),
      ],
    );
  });
}

/**
 * Each row's columns as "name:json type" — what the API wrote next to what the loader wrote. The
 * same set of shapes on both sides means no column is left at a default the API would have set.
 */
export async function rowShapes(
  client: pg.Client,
  table: 'products' | 'variants' | 'variant_barcodes',
  tenantId: string,
  idColumn: 'id' | 'variant_id',
  ids: readonly string[],
): Promise<Set<string>> {
  const { rows } = await client.query<{ shape: string }>(
    `select distinct (select string_agg(key || ':' || jsonb_typeof(value), ',' order by key)
       from jsonb_each(to_jsonb(t))) as shape
     from ${table} t where tenant_id = $1 and ${idColumn} = any($2::uuid[])`,
    [tenantId, ids],
  );
  return new Set(rows.map((row) => row.shape));
}
