import { sql, type Tx } from '@tillpoint/db';
import { taxRateColumns } from './rate-queries.ts';
import type { TaxRateView } from './rate-schemas.ts';

export type ScopedRate = TaxRateView & { readonly storeId: string | null };

/** Every set of the category (tenant-wide first), each in charging order. */
export function selectCategoryRateSets(
  tx: Tx,
  taxCategoryId: string,
  storeIds: readonly string[] | null,
): Promise<ScopedRate[]> {
  return tx.query<ScopedRate>(sql`
    select tcr.store_id as "storeId", r.*
    from tax_category_rates tcr
    join lateral (select ${taxRateColumns} from tax_rates where id = tcr.tax_rate_id) r on true
    where tcr.tax_category_id = ${taxCategoryId}
      and (tcr.store_id is null or ${storeIds === null} or tcr.store_id = any(${storeIds ?? []}::uuid[]))
    order by tcr.store_id nulls first, tcr.position`);
}

/** The ids of one scope's set, in charging order. */
export async function selectScopeRateIds(
  tx: Tx,
  taxCategoryId: string,
  storeId: string | null,
): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(sql`select tax_rate_id as id
    from tax_category_rates
    where tax_category_id = ${taxCategoryId} and store_id is not distinct from ${storeId}::uuid
    order by position`);
  return rows.map((row) => row.id);
}

/** Replaces one scope's set; positions follow the order given. */
export async function replaceScopeRates(
  tx: Tx,
  tenantId: string,
  taxCategoryId: string,
  storeId: string | null,
  rateIds: readonly string[],
): Promise<void> {
  await tx.execute(sql`delete from tax_category_rates
    where tax_category_id = ${taxCategoryId} and store_id is not distinct from ${storeId}::uuid`);
  if (rateIds.length === 0) return;
  await tx.execute(sql`insert into tax_category_rates
      (tenant_id, tax_category_id, tax_rate_id, store_id, position)
    select ${tenantId}, ${taxCategoryId}, rate.id, ${storeId}::uuid, rate.ordinality - 1
    from unnest(${rateIds}::uuid[]) with ordinality as rate (id, ordinality)`);
}

/** Locks the tax category so replacements of its sets run one at a time. */
export async function lockTaxCategory(tx: Tx, id: string): Promise<boolean> {
  const row = await tx.maybeOne(sql`select 1 from tax_categories where id = ${id} for update`);
  return row !== null;
}

export async function storeExists(tx: Tx, id: string): Promise<boolean> {
  return (await tx.maybeOne(sql`select 1 from stores where id = ${id}`)) !== null;
}
