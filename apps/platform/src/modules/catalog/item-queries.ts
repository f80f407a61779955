import { type SqlFragment, sql, type Tx } from '@tillpoint/db';
import { variantLabel } from '@tillpoint/domain';
import type { CatalogItemView } from './register-schemas.ts';

interface ItemRow extends Omit<CatalogItemView, 'name' | 'variantLabel'> {
  readonly optionValues: string[];
}

interface ChangedItemRow extends ItemRow {
  readonly changeXid: string;
}

/** One flat register record per variant; storeId picks the store price override (null: base). */
function itemSelect(storeId: string | null, extraColumns: SqlFragment = sql.empty): SqlFragment {
  return sql`select v.id as "variantId", p.id as "productId", p.name as "productName",
      v.option_values as "optionValues", v.sku,
      array(select b.code from variant_barcodes b
        where b.tenant_id = v.tenant_id and b.variant_id = v.id order by b.created_at, b.code)
        as barcodes,
      v.plu, coalesce(sp.price_minor, v.price_minor) as "priceMinor",
      v.price_minor as "basePriceMinor", p.tax_category_id as "taxCategoryId",
      tc.code as "taxCategoryCode", p.unit, p.track_stock as "trackStock",
      (v.archived_at is not null or p.archived_at is not null) as archived ${extraColumns}
    from variants v
    join products p on p.tenant_id = v.tenant_id and p.id = v.product_id
    left join tax_categories tc on tc.tenant_id = p.tenant_id and tc.id = p.tax_category_id
    left join variant_store_prices sp
      on sp.tenant_id = v.tenant_id and sp.variant_id = v.id and sp.store_id = ${storeId}::uuid`;
}

function toItem({ optionValues, ...row }: ItemRow): CatalogItemView {
  const label = variantLabel(optionValues);
  return {
    ...row,
    name: label ? `${row.productName} - ${label}` : row.productName,
    variantLabel: label,
  };
}

/** The live variant a scanned code belongs to (archived items are not sold). */
export async function selectItemByBarcode(
  tx: Tx,
  lookupKey: string,
  storeId: string | null,
): Promise<CatalogItemView | null> {
  const row = await tx.maybeOne<ItemRow>(sql`${itemSelect(storeId)}
    where v.id = (select variant_id from variant_barcodes where lookup_key = ${lookupKey})
      and v.archived_at is null and p.archived_at is null`);
  return row ? toItem(row) : null;
}

export async function selectItemByPlu(
  tx: Tx,
  plu: string,
  storeId: string | null,
): Promise<CatalogItemView | null> {
  const row = await tx.maybeOne<ItemRow>(sql`${itemSelect(storeId)}
    where v.plu = ${plu} and v.archived_at is null and p.archived_at is null`);
  return row ? toItem(row) : null;
}

export interface ChangedItem {
  readonly item: CatalogItemView;
  /** The variant's change_xid: with the variant id, the feed position just after this item. */
  readonly xid: string;
}

/**
 * Variants whose change_xid is after the cursor, in (change_xid, id) order. Only transactions
 * below the snapshot's xmin are read: every one of them has finished, so no transaction still in
 * flight can later commit a change that sorts before what was already handed out.
 */
export async function selectChangedItems(
  tx: Tx,
  storeId: string,
  after: { xid: string; id: string },
  limit: number,
): Promise<ChangedItem[]> {
  const rows = await tx.query<ChangedItemRow>(sql`
    with horizon as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin)
    ${itemSelect(storeId, sql`, v.change_xid::text as "changeXid"`)}
    where v.change_xid < (select xmin from horizon)
      and (v.change_xid, v.id) > (${after.xid}::xid8, ${after.id}::uuid)
    order by v.change_xid, v.id
    limit ${limit}`);
  return rows.map(({ changeXid, ...row }) => ({ item: toItem(row), xid: changeXid }));
}
