import { sql, type Tx } from '@tillpoint/db';
import type { BarcodeKind } from '@tillpoint/domain';
import type { ProductFields } from '../product-queries.ts';
import type { VariantFields } from '../variant-queries.ts';

// Set-based writes for imports: each statement takes a whole batch as one jsonb parameter
// (jsonb_to_recordset), so 50,000 rows are a few dozen statements, not 50,000 round trips.
// The same columns, checks and triggers apply as to the single-row writes of the catalog.

/** One import per tenant at a time: two files touching the same SKUs apply one after the other. */
export async function lockTenantImports(tx: Tx): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended('catalog.import:' || app_current_tenant()::text, 0))`,
  );
}

export function lockProducts(
  tx: Tx,
  ids: readonly string[],
): Promise<{ id: string; archived: boolean }[]> {
  return tx.query(sql`select id, archived_at is not null as archived from products
    where id = any(${ids}::uuid[]) order by id for update`);
}

export type ProductWrite = ProductFields & { readonly id: string };

const productRecord = sql`r(id uuid, name text, description text, category_id uuid,
  tax_category_id uuid, unit text, track_stock boolean, option_names text[], attributes jsonb)`;

function productJson(rows: readonly ProductWrite[]) {
  return sql.json(
    rows.map((p) => ({
      id: p.id,
      name: p.name,
      description: p.description,
      category_id: p.categoryId,
      tax_category_id: p.taxCategoryId,
      unit: p.unit,
      track_stock: p.trackStock,
      option_names: p.optionNames,
      attributes: p.attributes,
    })),
  );
}

export async function insertProducts(
  tx: Tx,
  tenantId: string,
  rows: readonly ProductWrite[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`insert into products (tenant_id, id, name, description, category_id,
      tax_category_id, unit, track_stock, option_names, attributes)
    select ${tenantId}, r.id, r.name, r.description, r.category_id, r.tax_category_id, r.unit,
      r.track_stock, r.option_names, r.attributes
    from jsonb_to_recordset(${productJson(rows)}) as ${productRecord}`);
}

export async function updateProducts(tx: Tx, rows: readonly ProductWrite[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`update products p set name = r.name, description = r.description,
      category_id = r.category_id, tax_category_id = r.tax_category_id, unit = r.unit,
      track_stock = r.track_stock, option_names = r.option_names, attributes = r.attributes
    from jsonb_to_recordset(${productJson(rows)}) as ${productRecord}
    where p.id = r.id`);
}

export interface VariantNow extends VariantFields {
  readonly id: string;
  readonly skuKey: string;
  readonly productId: string;
  readonly archived: boolean;
}

/** The variants of these SKUs as they are now, locked: the import writes over exactly these. */
export function selectVariantsForWrite(tx: Tx, skuKeys: readonly string[]): Promise<VariantNow[]> {
  return tx.query<VariantNow>(sql`select id, sku, sku_key as "skuKey", product_id as "productId",
      option_values as "optionValues", price_minor as "priceMinor", cost_minor as "costMinor",
      plu, position, archived_at is not null as archived
    from variants where sku_key = any(${skuKeys}::text[]) for update`);
}

export type VariantWrite = VariantFields & { readonly id: string; readonly productId: string };

const variantRecord = sql`r(id uuid, product_id uuid, sku text, option_values text[],
  price_minor bigint, cost_minor bigint, plu text, position integer)`;

function variantJson(rows: readonly VariantWrite[]) {
  return sql.json(
    rows.map((v) => ({
      id: v.id,
      product_id: v.productId,
      sku: v.sku,
      option_values: v.optionValues,
      price_minor: v.priceMinor,
      cost_minor: v.costMinor,
      plu: v.plu,
      position: v.position,
    })),
  );
}

export async function insertVariants(
  tx: Tx,
  tenantId: string,
  rows: readonly VariantWrite[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`insert into variants (tenant_id, id, product_id, sku, option_values,
      price_minor, cost_minor, plu, position)
    select ${tenantId}, r.id, r.product_id, r.sku, r.option_values, r.price_minor, r.cost_minor,
      r.plu, r.position
    from jsonb_to_recordset(${variantJson(rows)}) as ${variantRecord}`);
}

export async function updateVariants(tx: Tx, rows: readonly VariantWrite[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`update variants v set sku = r.sku, option_values = r.option_values,
      price_minor = r.price_minor, cost_minor = r.cost_minor, plu = r.plu
    from jsonb_to_recordset(${variantJson(rows)}) as ${variantRecord}
    where v.id = r.id`);
}

export async function clearPlus(tx: Tx, variantIds: readonly string[]): Promise<void> {
  if (variantIds.length === 0) return;
  await tx.execute(sql`update variants set plu = null where id = any(${variantIds}::uuid[])`);
}

export interface BarcodeNow {
  readonly variantId: string;
  readonly code: string;
  readonly lookupKey: string;
}

export function selectBarcodesOf(tx: Tx, variantIds: readonly string[]): Promise<BarcodeNow[]> {
  return tx.query<BarcodeNow>(sql`select variant_id as "variantId", code, lookup_key as "lookupKey"
    from variant_barcodes where variant_id = any(${variantIds}::uuid[])`);
}

export interface BarcodeWrite {
  readonly variantId: string;
  readonly code: string;
  readonly kind: BarcodeKind;
  readonly lookupKey: string;
}

export async function insertBarcodes(
  tx: Tx,
  tenantId: string,
  rows: readonly BarcodeWrite[],
): Promise<void> {
  if (rows.length === 0) return;
  const json = sql.json(
    rows.map((b) => ({
      variant_id: b.variantId,
      code: b.code,
      kind: b.kind,
      lookup_key: b.lookupKey,
    })),
  );
  // ordinality keeps the file's order in created_at (clock_timestamp), as the API does.
  await tx.execute(sql`insert into variant_barcodes (tenant_id, variant_id, code, kind, lookup_key)
    select ${tenantId}, r.variant_id, r.code, r.kind, r.lookup_key
    from rows from (jsonb_to_recordset(${json})
      as (variant_id uuid, code text, kind text, lookup_key text))
      with ordinality as r(variant_id, code, kind, lookup_key, n)
    order by r.n`);
}

export async function deleteBarcodes(
  tx: Tx,
  rows: readonly { readonly variantId: string; readonly lookupKey: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  const json = sql.json(rows.map((b) => ({ variant_id: b.variantId, lookup_key: b.lookupKey })));
  await tx.execute(sql`delete from variant_barcodes b
    using jsonb_to_recordset(${json}) as r(variant_id uuid, lookup_key text)
    where b.variant_id = r.variant_id and b.lookup_key = r.lookup_key`);
}
