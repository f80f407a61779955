import { type SqlFragment, sql, type Tx } from '@tillpoint/db';
import type { AttributeValue } from '@tillpoint/domain';

// Under row-level security only LEAKPROOF operators can use an index (see 0005_catalog.sql), so
// SKUs and names are compared through their stored lower-case columns with plain text operators,
// and trigram and attribute matching go through catalog_name_matches / catalog_attribute_matches.

export interface ProductSearch {
  /** Words of the product name (typos forgiven when nothing matches exactly) or a SKU prefix. */
  readonly q: string | null;
  readonly sku: string | null;
  /** A category and its subcategories. */
  readonly categoryIds: readonly string[] | null;
  /** Each key must match one of its values (a filter value may mean text, number or boolean). */
  readonly attributes: readonly { readonly key: string; readonly values: AttributeValue[] }[];
  readonly includeArchived: boolean;
  readonly limit: number;
}

export interface RankedId {
  readonly id: string;
  /** PostgreSQL real as text: fed back through the cursor unchanged, so ties compare exactly. */
  readonly rank: string;
}

export interface NamedId {
  readonly id: string;
  readonly sortName: string;
}

// Sorts after every character a SKU holds, so [prefix, prefix + this) is "starts with prefix".
const PREFIX_END = '\u{10FFFF}';

/** Words of two letters or more (at most six), longest first: the most selective drive the index. */
function searchWords(q: string): string[] {
  const words = q.split(/\s+/).filter((word) => word.length >= 2);
  return (words.length === 0 ? [q] : words).sort((a, b) => b.length - a.length).slice(0, 6);
}

function hasFilters(search: ProductSearch): boolean {
  return search.sku !== null || search.categoryIds !== null || search.attributes.length > 0;
}

function filters(search: ProductSearch): SqlFragment {
  const conditions: SqlFragment[] = [sql`true`];
  if (!search.includeArchived) conditions.push(sql`p.archived_at is null`);
  if (search.sku !== null) {
    conditions.push(sql`p.id in (select product_id from variants
      where sku_key = ${search.sku.toLowerCase()})`);
  }
  if (search.categoryIds !== null)
    conditions.push(sql`p.category_id = any(${search.categoryIds}::uuid[])`);
  for (const alternatives of attributeProbes(search.attributes)) {
    const json = alternatives.map((alternative) => JSON.stringify(alternative));
    conditions.push(sql`p.id in (select catalog_attribute_matches(${json}::jsonb[]))`);
  }
  return sql.join(conditions, sql` and `);
}

const MAX_COMBINED_PROBES = 27;

/**
 * GIN probes for the attribute filters. All keys in one containment object let the index
 * intersect them ({material: linen, organic: true}); each key's alternative meanings multiply, so
 * past a few combinations every key is probed on its own and the results intersected instead.
 */
function attributeProbes(filters: ProductSearch['attributes']): Record<string, AttributeValue>[][] {
  if (filters.length === 0) return [];
  let combined: Record<string, AttributeValue>[] = [{}];
  for (const { key, values } of filters) {
    combined = combined.flatMap((partial) => values.map((value) => ({ ...partial, [key]: value })));
    if (combined.length > MAX_COMBINED_PROBES)
      return filters.map(({ key, values: each }) => each.map((value) => ({ [key]: value })));
  }
  return [combined];
}

/** Products by relevance to q, best first; after = the last (rank, id) of the previous page. */
export function searchProductsByRank(
  tx: Tx,
  q: string,
  search: ProductSearch,
  after: { rank: string; id: string } | null,
): Promise<RankedId[]> {
  const skuPrefix = q.toLowerCase();
  const live = search.includeArchived
    ? sql.empty
    : sql`and v.archived_at is null and p.archived_at is null`;
  // Only look candidates up again when a filter needs their product row.
  const filtered = hasFilters(search)
    ? sql`and exists (select 1 from products p where p.id = r.id and ${filters(search)})`
    : sql.empty;
  const page = after
    ? sql`and (r.rank < ${after.rank}::real or (r.rank = ${after.rank}::real and r.id > ${after.id}::uuid))`
    : sql.empty;
  // Names containing every word (or, when none does, names with every word forgiving typos; see
  // catalog_name_matches), or SKUs starting with q. The union keeps a product once with its best
  // rank; an exact SKU ranks first.
  return tx.query<RankedId>(sql`
    with matches as (
      select product_id as id, rank
      from catalog_name_matches(${q}, ${searchWords(q)}::text[], ${search.includeArchived})
      union all
      select v.product_id, case when v.sku_key = ${skuPrefix} then 1 else 0.95 end::real
      from variants v join products p on p.id = v.product_id
      where v.sku_key ~>=~ ${skuPrefix} and v.sku_key ~<~ ${skuPrefix + PREFIX_END} ${live}
    ), ranked as (
      select id, max(rank) as rank from matches group by id
    )
    select r.id, r.rank::text as rank from ranked r
    where true ${filtered} ${page}
    order by r.rank desc, r.id
    limit ${search.limit}`);
}

/** Products by name (case-insensitive), then id; after = the last (name, id) of the previous page. */
export function listProductsByName(
  tx: Tx,
  search: ProductSearch,
  after: { name: string; id: string } | null,
): Promise<NamedId[]> {
  const page = after
    ? sql`and (p.sort_name, p.id) > (${after.name}::text, ${after.id}::uuid)`
    : sql.empty;
  return tx.query<NamedId>(sql`
    select p.id, p.sort_name as "sortName" from products p
    where ${filters(search)} ${page}
    order by p.sort_name, p.id
    limit ${search.limit}`);
}
