import { sql, type Tx } from '@tillpoint/db';
import type { AttributeValue } from '@tillpoint/domain';

export interface ProductFields {
  readonly name: string;
  readonly description: string;
  readonly categoryId: string | null;
  readonly taxCategoryId: string | null;
  readonly unit: 'each' | 'weight';
  readonly trackStock: boolean;
  readonly optionNames: readonly string[];
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

export interface ProductRow extends ProductFields {
  readonly id: string;
  readonly archivedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const productColumns = sql`id, name, description, category_id as "categoryId",
  tax_category_id as "taxCategoryId", unit, track_stock as "trackStock",
  option_names as "optionNames", attributes, to_json(archived_at) #>> '{}' as "archivedAt",
  to_json(created_at) #>> '{}' as "createdAt", to_json(updated_at) #>> '{}' as "updatedAt"`;

export function selectProductRows(tx: Tx, ids: readonly string[]): Promise<ProductRow[]> {
  return tx.query<ProductRow>(
    sql`select ${productColumns} from products where id = any(${ids}::uuid[])`,
  );
}

/** Locks the product so concurrent edits of it (and its variants) apply one after the other. */
export function selectProductForUpdate(tx: Tx, id: string): Promise<ProductRow | null> {
  return tx.maybeOne<ProductRow>(
    sql`select ${productColumns} from products where id = ${id} for update`,
  );
}

export async function insertProduct(
  tx: Tx,
  tenantId: string,
  id: string,
  fields: ProductFields,
): Promise<void> {
  await tx.execute(sql`insert into products (tenant_id, id, name, description, category_id,
      tax_category_id, unit, track_stock, option_names, attributes)
    values (${tenantId}, ${id}, ${fields.name}, ${fields.description}, ${fields.categoryId},
      ${fields.taxCategoryId}, ${fields.unit}, ${fields.trackStock}, ${fields.optionNames}::text[],
      ${sql.json(fields.attributes)})`);
}

export async function updateProductRow(tx: Tx, id: string, fields: ProductFields): Promise<void> {
  await tx.execute(sql`update products set name = ${fields.name},
      description = ${fields.description}, category_id = ${fields.categoryId},
      tax_category_id = ${fields.taxCategoryId}, unit = ${fields.unit},
      track_stock = ${fields.trackStock}, option_names = ${fields.optionNames}::text[],
      attributes = ${sql.json(fields.attributes)}
    where id = ${id}`);
}

export async function setProductArchived(tx: Tx, id: string, archived: boolean): Promise<void> {
  await tx.execute(sql`update products
    set archived_at = case when ${archived} then now() else null end where id = ${id}`);
}

export async function countActiveVariants(tx: Tx, productId: string): Promise<number> {
  const { n } = await tx.one<{ n: number }>(sql`select count(*)::int as n from variants
    where product_id = ${productId} and archived_at is null`);
  return n;
}

export async function taxCategoryExists(tx: Tx, id: string): Promise<boolean> {
  return (await tx.maybeOne(sql`select 1 from tax_categories where id = ${id}`)) !== null;
}
