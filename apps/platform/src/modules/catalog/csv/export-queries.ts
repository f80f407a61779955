import { sql, type Tx } from '@tillpoint/db';
import type { AttributeValue } from '@tillpoint/domain';

export interface ExportRow {
  readonly productId: string;
  readonly name: string;
  readonly description: string;
  readonly categoryId: string | null;
  readonly taxCategoryId: string | null;
  readonly unit: string;
  readonly trackStock: boolean;
  readonly optionNames: readonly string[];
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly sku: string;
  readonly optionValues: readonly string[];
  readonly priceMinor: number;
  readonly costMinor: number | null;
  readonly plu: string | null;
  readonly barcodes: readonly string[];
}

/** Attribute columns of an export: every key a category defines or a live product uses. */
export async function selectAttributeKeys(tx: Tx): Promise<string[]> {
  const rows = await tx.query<{ key: string }>(sql`
    select key from (
      select jsonb_array_elements(attribute_definitions) ->> 'key' as key from categories
      union
      select jsonb_object_keys(attributes) from products where archived_at is null
    ) keys where key is not null order by key`);
  return rows.map((row) => row.key);
}

/**
 * The next `limit` live products after `afterId`: keyset paging on the primary key, so each
 * page is one index range however deep into the catalog.
 */
export async function selectExportPageIds(
  tx: Tx,
  afterId: string | null,
  limit: number,
): Promise<string[]> {
  const after = afterId ? sql`and id > ${afterId}` : sql.empty;
  const rows = await tx.query<{ id: string }>(
    sql`select id from products where archived_at is null ${after} order by id limit ${limit}`,
  );
  return rows.map((row) => row.id);
}

/** The rows of these products: live variants in position order, barcodes in the order added. */
export function selectExportRows(tx: Tx, productIds: readonly string[]): Promise<ExportRow[]> {
  return tx.query<ExportRow>(sql`
    select p.id as "productId", p.name, p.description, p.category_id as "categoryId",
      p.tax_category_id as "taxCategoryId", p.unit, p.track_stock as "trackStock",
      p.option_names as "optionNames", p.attributes, v.sku, v.option_values as "optionValues",
      v.price_minor as "priceMinor", v.cost_minor as "costMinor", v.plu,
      coalesce((select array_agg(b.code order by b.created_at, b.code) from variant_barcodes b
        where b.variant_id = v.id), '{}') as barcodes
    from products p join variants v on v.product_id = p.id and v.archived_at is null
    where p.id = any(${productIds}::uuid[])
    order by p.id, v.position, v.id`);
}
