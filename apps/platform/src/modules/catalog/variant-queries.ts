import { sql, type Tx } from '@tillpoint/db';
import type { BarcodeKind } from '@tillpoint/domain';

export interface VariantFields {
  readonly sku: string;
  readonly optionValues: readonly string[];
  readonly priceMinor: number;
  readonly costMinor: number | null;
  readonly plu: string | null;
  readonly position: number;
}

export interface VariantRow extends VariantFields {
  readonly id: string;
  readonly productId: string;
  readonly archivedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const variantColumns = sql`v.id, v.product_id as "productId", v.sku,
  v.option_values as "optionValues", v.price_minor as "priceMinor", v.cost_minor as "costMinor",
  v.plu, v.position, to_json(v.archived_at) #>> '{}' as "archivedAt",
  to_json(v.created_at) #>> '{}' as "createdAt", to_json(v.updated_at) #>> '{}' as "updatedAt"`;

export function selectVariantRows(tx: Tx, productIds: readonly string[]): Promise<VariantRow[]> {
  return tx.query<VariantRow>(sql`select ${variantColumns} from variants v
    where v.product_id = any(${productIds}::uuid[]) order by v.position, v.id`);
}

/** A variant with its product locked, as every variant edit needs both. */
export async function selectVariantForUpdate(
  tx: Tx,
  id: string,
): Promise<(VariantRow & { productArchivedAt: string | null; optionNames: string[] }) | null> {
  const owner = await tx.maybeOne<{ productId: string }>(
    sql`select product_id as "productId" from variants where id = ${id}`,
  );
  if (!owner) return null;
  const product = await tx.one<{ archivedAt: string | null; optionNames: string[] }>(sql`
    select to_json(archived_at) #>> '{}' as "archivedAt", option_names as "optionNames"
    from products where id = ${owner.productId} for update`);
  const variant = await tx.one<VariantRow>(
    sql`select ${variantColumns} from variants v where v.id = ${id} for update`,
  );
  return { ...variant, productArchivedAt: product.archivedAt, optionNames: product.optionNames };
}

export async function insertVariant(
  tx: Tx,
  tenantId: string,
  productId: string,
  id: string,
  fields: VariantFields,
): Promise<void> {
  await tx.execute(sql`insert into variants (tenant_id, id, product_id, sku, option_values,
      price_minor, cost_minor, plu, position)
    values (${tenantId}, ${id}, ${productId}, ${fields.sku}, ${fields.optionValues}::text[],
      ${fields.priceMinor}, ${fields.costMinor}, ${fields.plu}, ${fields.position})`);
}

export async function updateVariantRow(tx: Tx, id: string, fields: VariantFields): Promise<void> {
  await tx.execute(sql`update variants set sku = ${fields.sku},
      option_values = ${fields.optionValues}::text[], price_minor = ${fields.priceMinor},
      cost_minor = ${fields.costMinor}, plu = ${fields.plu}, position = ${fields.position}
    where id = ${id}`);
}

export async function setVariantArchived(tx: Tx, id: string, archived: boolean): Promise<void> {
  await tx.execute(sql`update variants
    set archived_at = case when ${archived} then now() else null end where id = ${id}`);
}

export interface BarcodeRow {
  readonly variantId: string;
  readonly code: string;
  readonly kind: BarcodeKind;
}

export function selectBarcodes(tx: Tx, variantIds: readonly string[]): Promise<BarcodeRow[]> {
  return tx.query<BarcodeRow>(sql`select variant_id as "variantId", code, kind
    from variant_barcodes where variant_id = any(${variantIds}::uuid[]) order by created_at, code`);
}

export async function insertBarcode(
  tx: Tx,
  tenantId: string,
  variantId: string,
  barcode: { code: string; kind: BarcodeKind; lookupKey: string },
): Promise<void> {
  await tx.execute(sql`insert into variant_barcodes (tenant_id, variant_id, code, kind, lookup_key)
    values (${tenantId}, ${variantId}, ${barcode.code}, ${barcode.kind}, ${barcode.lookupKey})`);
}

export function deleteBarcode(
  tx: Tx,
  variantId: string,
  lookupKey: string,
): Promise<BarcodeRow | null> {
  return tx.maybeOne<BarcodeRow>(sql`delete from variant_barcodes
    where variant_id = ${variantId} and lookup_key = ${lookupKey}
    returning variant_id as "variantId", code, kind`);
}

export interface StorePriceRow {
  readonly variantId: string;
  readonly storeId: string;
  readonly priceMinor: number;
}

/** storeIds null: every store. */
export function selectStorePrices(
  tx: Tx,
  variantIds: readonly string[],
  storeIds: readonly string[] | null,
): Promise<StorePriceRow[]> {
  const visible = storeIds === null ? sql.empty : sql`and store_id = any(${storeIds}::uuid[])`;
  return tx.query<StorePriceRow>(sql`select variant_id as "variantId", store_id as "storeId",
      price_minor as "priceMinor"
    from variant_store_prices
    where variant_id = any(${variantIds}::uuid[]) ${visible}
    order by store_id`);
}

export function upsertStorePrice(
  tx: Tx,
  tenantId: string,
  price: StorePriceRow,
): Promise<{ previousMinor: number | null }> {
  return tx.one<{ previousMinor: number | null }>(sql`
    with previous as (
      select price_minor from variant_store_prices
      where variant_id = ${price.variantId} and store_id = ${price.storeId}
    ), written as (
      insert into variant_store_prices (tenant_id, variant_id, store_id, price_minor)
      values (${tenantId}, ${price.variantId}, ${price.storeId}, ${price.priceMinor})
      on conflict (tenant_id, variant_id, store_id) do update set price_minor = excluded.price_minor
      returning 1
    )
    select (select price_minor from previous) as "previousMinor" from written`);
}

export function deleteStorePrice(
  tx: Tx,
  variantId: string,
  storeId: string,
): Promise<{ priceMinor: number } | null> {
  return tx.maybeOne<{ priceMinor: number }>(sql`delete from variant_store_prices
    where variant_id = ${variantId} and store_id = ${storeId} returning price_minor as "priceMinor"`);
}

/** Which of these SKUs (any case) other variants already use, for a precise conflict message. */
export function selectTakenSkus(
  tx: Tx,
  skus: readonly string[],
  exceptVariantId: string | null,
): Promise<{ sku: string; variantId: string }[]> {
  const lowered = skus.map((sku) => sku.toLowerCase());
  return tx.query(sql`select sku, id as "variantId" from variants
    where sku_key = any(${lowered}::text[]) and id is distinct from ${exceptVariantId}::uuid`);
}

export function selectTakenBarcodes(
  tx: Tx,
  lookupKeys: readonly string[],
): Promise<{ code: string; variantId: string }[]> {
  return tx.query(sql`select code, variant_id as "variantId" from variant_barcodes
    where lookup_key = any(${lookupKeys}::text[])`);
}

export function selectTakenPlus(
  tx: Tx,
  plus: readonly string[],
  exceptVariantId: string | null,
): Promise<{ plu: string; variantId: string }[]> {
  return tx.query(sql`select plu, id as "variantId" from variants
    where plu = any(${plus}::text[]) and id is distinct from ${exceptVariantId}::uuid`);
}
