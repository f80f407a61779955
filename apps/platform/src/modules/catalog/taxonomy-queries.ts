import { sql, type Tx } from '@tillpoint/db';
import type { AttributeDefinition } from '@tillpoint/domain';
import type { CategoryView, TaxCategoryView } from './taxonomy-schemas.ts';

const taxCategoryColumns = sql`id, name, code, is_default as "isDefault",
  to_json(created_at) #>> '{}' as "createdAt", to_json(updated_at) #>> '{}' as "updatedAt"`;

export function selectTaxCategories(tx: Tx): Promise<TaxCategoryView[]> {
  return tx.query<TaxCategoryView>(
    sql`select ${taxCategoryColumns} from tax_categories order by name, id`,
  );
}

export function selectTaxCategory(
  tx: Tx,
  id: string,
  lock: 'for update' | 'none' = 'none',
): Promise<TaxCategoryView | null> {
  return tx.maybeOne<TaxCategoryView>(
    sql`select ${taxCategoryColumns} from tax_categories where id = ${id}
      ${lock === 'for update' ? sql`for update` : sql.empty}`,
  );
}

export interface TaxCategoryRow {
  readonly name: string;
  readonly code: string;
  readonly isDefault: boolean;
}

export function insertTaxCategory(
  tx: Tx,
  tenantId: string,
  id: string,
  row: TaxCategoryRow,
): Promise<TaxCategoryView> {
  return tx.one<TaxCategoryView>(sql`insert into tax_categories
      (tenant_id, id, name, code, is_default)
    values (${tenantId}, ${id}, ${row.name}, ${row.code}, ${row.isDefault})
    returning ${taxCategoryColumns}`);
}

export function updateTaxCategoryRow(
  tx: Tx,
  id: string,
  row: TaxCategoryRow,
): Promise<TaxCategoryView | null> {
  return tx.maybeOne<TaxCategoryView>(sql`update tax_categories
    set name = ${row.name}, code = ${row.code}, is_default = ${row.isDefault}
    where id = ${id} returning ${taxCategoryColumns}`);
}

/**
 * Takes the tenant's "default tax category" lock and clears the current default (other than
 * keepId), returning it as it was. The lock makes two concurrent "make X the default" requests
 * run one after the other, so neither trips the one-default unique index.
 */
export async function clearDefaultTaxCategory(
  tx: Tx,
  keepId: string | null,
): Promise<{ before: TaxCategoryView; after: TaxCategoryView } | null> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended('catalog.default_tax_category:' || app_current_tenant()::text, 0))`,
  );
  const before = await tx.maybeOne<TaxCategoryView>(sql`select ${taxCategoryColumns}
    from tax_categories where is_default and id is distinct from ${keepId}::uuid for update`);
  if (!before) return null;
  const after = await tx.one<TaxCategoryView>(sql`update tax_categories set is_default = false
    where id = ${before.id} returning ${taxCategoryColumns}`);
  return { before, after };
}

const categoryColumns = sql`id, parent_id as "parentId", name,
  attribute_definitions as "attributeDefinitions", to_json(created_at) #>> '{}' as "createdAt",
  to_json(updated_at) #>> '{}' as "updatedAt"`;

export function selectCategories(tx: Tx): Promise<CategoryView[]> {
  return tx.query<CategoryView>(sql`select ${categoryColumns} from categories order by name, id`);
}

export function selectCategory(tx: Tx, id: string): Promise<CategoryView | null> {
  return tx.maybeOne<CategoryView>(sql`select ${categoryColumns} from categories where id = ${id}`);
}

export interface CategoryRow {
  readonly name: string;
  readonly parentId: string | null;
  readonly attributeDefinitions: readonly AttributeDefinition[];
}

export function insertCategory(
  tx: Tx,
  tenantId: string,
  id: string,
  row: CategoryRow,
): Promise<CategoryView> {
  return tx.one<CategoryView>(sql`insert into categories
      (tenant_id, id, parent_id, name, attribute_definitions)
    values (${tenantId}, ${id}, ${row.parentId}, ${row.name}, ${sql.json(row.attributeDefinitions)})
    returning ${categoryColumns}`);
}

export function updateCategoryRow(
  tx: Tx,
  id: string,
  row: CategoryRow,
): Promise<CategoryView | null> {
  return tx.maybeOne<CategoryView>(sql`update categories set parent_id = ${row.parentId},
      name = ${row.name}, attribute_definitions = ${sql.json(row.attributeDefinitions)}
    where id = ${id} returning ${categoryColumns}`);
}

/** The category and its ancestors, root first. Depth-limited so a corrupt loop cannot spin. */
export async function selectCategoryPath(
  tx: Tx,
  id: string,
): Promise<{ id: string; attributeDefinitions: AttributeDefinition[] }[]> {
  const rows = await tx.query<{ id: string; attributeDefinitions: AttributeDefinition[] }>(sql`
    with recursive path as (
      select id, parent_id, attribute_definitions, 0 as depth from categories where id = ${id}
      union all
      select c.id, c.parent_id, c.attribute_definitions, path.depth + 1
      from categories c join path on c.id = path.parent_id
      where path.depth < 32
    )
    select id, attribute_definitions as "attributeDefinitions" from path order by depth desc`);
  return rows;
}

/** The category and every category below it. */
export async function selectCategorySubtree(tx: Tx, id: string): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(sql`
    with recursive tree as (
      select id, 0 as depth from categories where id = ${id}
      union all
      select c.id, tree.depth + 1 from categories c join tree on c.parent_id = tree.id
      where tree.depth < 32
    )
    select id from tree`);
  return rows.map((row) => row.id);
}

/** Category moves check for cycles; one tenant's moves run one at a time so two cannot cross. */
export async function lockCategoryTree(tx: Tx): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended('catalog.categories:' || app_current_tenant()::text, 0))`,
  );
}
