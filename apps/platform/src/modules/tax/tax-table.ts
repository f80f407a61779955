import { sql, type Tx } from '@tillpoint/db';
import type { TaxRate } from '@tillpoint/domain';

export interface VariantTax {
  readonly taxCategoryId: string | null;
  /** In charging order (compound rates depend on it). Empty: untaxed. */
  readonly rates: readonly TaxRate[];
}

/**
 * The rates each variant is charged in a store: its product's tax category (or the tenant's
 * default category when it has none), using the category's rates for that store when the store
 * has its own set, the tenant-wide set otherwise. Archived rates are not charged.
 * Rate ids are the tax_rates ids, so per-rate totals group by jurisdiction across lines.
 */
export async function resolveVariantTaxes(
  tx: Tx,
  storeId: string,
  variantIds: readonly string[],
): Promise<Map<string, VariantTax>> {
  if (variantIds.length === 0) return new Map();
  const rows = await tx.query<{
    variantId: string;
    taxCategoryId: string | null;
    rateId: string | null;
    ratePpm: number | null;
    compound: boolean | null;
  }>(sql`
    with wanted as (
      select v.id as variant_id,
        coalesce(p.tax_category_id, (select id from tax_categories where is_default)) as tax_category_id
      from variants v join products p on p.id = v.product_id
      where v.id = any(${variantIds}::uuid[])
    ),
    scoped as (
      select w.variant_id, w.tax_category_id, tcr.tax_rate_id, tcr.position,
        tcr.store_id is not null as store_specific,
        bool_or(tcr.store_id is not null) over (partition by w.variant_id) as store_has_own
      from wanted w
      left join tax_category_rates tcr on tcr.tax_category_id = w.tax_category_id
        and (tcr.store_id is null or tcr.store_id = ${storeId})
    )
    select s.variant_id as "variantId", s.tax_category_id as "taxCategoryId",
      r.id as "rateId", r.rate_ppm as "ratePpm", r.compound
    from scoped s
    left join tax_rates r on r.id = s.tax_rate_id and r.archived_at is null
    where s.tax_rate_id is null or s.store_specific = coalesce(s.store_has_own, false)
    order by s.variant_id, s.position`);
  const result = new Map<string, VariantTax>();
  for (const row of rows) {
    const entry = result.get(row.variantId) ?? { taxCategoryId: row.taxCategoryId, rates: [] };
    if (row.rateId !== null && row.ratePpm !== null) {
      (entry.rates as TaxRate[]).push({
        id: row.rateId,
        ratePpm: row.ratePpm,
        ...(row.compound ? { compound: true } : {}),
      });
    }
    result.set(row.variantId, entry);
  }
  return result;
}
