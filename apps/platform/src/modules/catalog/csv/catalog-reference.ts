import { sql, type Tx } from '@tillpoint/db';
import {
  type AttributeDefinition,
  type Currency,
  categoryPathKey,
  effectiveAttributeDefinitions,
  getCurrency,
} from '@tillpoint/domain';

export interface CategoryRef {
  readonly id: string;
  /** Names from the root down to this category. */
  readonly path: readonly string[];
  /** Its own definitions and its ancestors', as a product in it must fill in. */
  readonly definitions: readonly AttributeDefinition[];
}

/**
 * What a CSV names by text, loaded once per file: the tenant's currency (prices are decimals in
 * it), categories by path and tax categories by code. Both lists are small next to a catalog.
 */
export interface CatalogReference {
  readonly currency: Currency;
  readonly categoryById: ReadonlyMap<string, CategoryRef>;
  /** By categoryPathKey; null where two categories print the same path (names with ">"). */
  readonly categoryByPath: ReadonlyMap<string, CategoryRef | null>;
  readonly taxIdByCode: ReadonlyMap<string, string>;
  readonly taxCodeById: ReadonlyMap<string, string>;
}

interface CategoryRow {
  readonly id: string;
  readonly parentId: string | null;
  readonly name: string;
  readonly attributeDefinitions: AttributeDefinition[];
}

function categoryRefs(rows: readonly CategoryRow[]): Map<string, CategoryRef> {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const refs = new Map<string, CategoryRef>();
  for (const row of rows) {
    const chain: CategoryRow[] = [];
    // Depth-limited like selectCategoryPath, so a corrupt loop cannot spin.
    for (let at: CategoryRow | undefined = row; at && chain.length < 32; ) {
      chain.unshift(at);
      at = at.parentId ? byId.get(at.parentId) : undefined;
    }
    refs.set(row.id, {
      id: row.id,
      path: chain.map((c) => c.name),
      definitions: effectiveAttributeDefinitions(chain.map((c) => c.attributeDefinitions)),
    });
  }
  return refs;
}

export async function loadCatalogReference(tx: Tx): Promise<CatalogReference> {
  const tenant = await tx.one<{ currency: string }>(sql`select currency from tenants`);
  const categories = await tx.query<CategoryRow>(sql`select id, parent_id as "parentId", name,
    attribute_definitions as "attributeDefinitions" from categories`);
  const taxes = await tx.query<{ id: string; code: string }>(
    sql`select id, code from tax_categories`,
  );
  const categoryById = categoryRefs(categories);
  const categoryByPath = new Map<string, CategoryRef | null>();
  for (const ref of categoryById.values()) {
    const key = categoryPathKey(ref.path.join(' > '));
    if (key === null) continue;
    categoryByPath.set(key, categoryByPath.has(key) ? null : ref);
  }
  return {
    currency: getCurrency(tenant.currency.trim()),
    categoryById,
    categoryByPath,
    taxIdByCode: new Map(taxes.map((t) => [t.code, t.id])),
    taxCodeById: new Map(taxes.map((t) => [t.id, t.code])),
  };
}
