import { sql, type Tx } from '@tillpoint/db';

export interface StoreCategoryRateRow {
  readonly categoryId: string;
  readonly code: string;
  readonly isDefault: boolean;
  readonly rateId: string | null;
  readonly ratePpm: number | null;
  readonly compound: boolean | null;
}

/**
 * Every tax category with the rates it charges in the store, one row per rate in charging order
 * (one row with a null rate when it charges none). The rule is resolveVariantTaxes's
 * (tax-table.ts): the store's own set when it has one for the category, the tenant-wide set
 * otherwise; archived rates are not charged.
 */
export function selectStoreCategoryRates(tx: Tx, storeId: string): Promise<StoreCategoryRateRow[]> {
  return tx.query<StoreCategoryRateRow>(sql`
    with scoped as (
      select tc.id as category_id, tc.code, tc.is_default, tcr.tax_rate_id, tcr.position,
        tcr.store_id is not null as store_specific,
        bool_or(tcr.store_id is not null) over (partition by tc.id) as store_has_own
      from tax_categories tc
      left join tax_category_rates tcr on tcr.tax_category_id = tc.id
        and (tcr.store_id is null or tcr.store_id = ${storeId})
    )
    select s.category_id as "categoryId", s.code, s.is_default as "isDefault",
      r.id as "rateId", r.rate_ppm as "ratePpm", r.compound
    from scoped s
    left join tax_rates r on r.id = s.tax_rate_id and r.archived_at is null
    where s.tax_rate_id is null or s.store_specific = coalesce(s.store_has_own, false)
    order by s.code, s.category_id, s.position`);
}
