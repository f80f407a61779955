import { sql, type Tx } from '@tillpoint/db';
import type { RoundingMode, TaxMode, TaxRounding } from '@tillpoint/domain';
import { getCurrency } from '@tillpoint/domain';

/** The tenant's selling rules, fixed onto each sale when it opens. */
export interface SalesSettings {
  readonly currency: string;
  readonly taxMode: TaxMode;
  readonly taxRounding: TaxRounding;
  readonly roundingMode: RoundingMode;
  /** Resolved: the tenant's setting or the currency's smallest coin. */
  readonly cashIncrementMinor: number;
  readonly refundDestination: 'original_tenders' | 'store_credit';
  /** Role -> largest discount without approval, ppm of gross. Roles absent: no limit. */
  readonly discountLimits: Readonly<Record<string, number>>;
  readonly allowNegativeStock: boolean;
}

export async function loadSalesSettings(tx: Tx): Promise<SalesSettings> {
  const row = await tx.one<
    Omit<SalesSettings, 'cashIncrementMinor'> & { cashIncrementMinor: number | null }
  >(
    sql`select currency, tax_mode as "taxMode", tax_rounding as "taxRounding",
      rounding_mode as "roundingMode", cash_increment_minor as "cashIncrementMinor",
      refund_destination as "refundDestination", discount_limits as "discountLimits",
      allow_negative_stock as "allowNegativeStock"
    from tenants`,
  );
  return {
    ...row,
    cashIncrementMinor: row.cashIncrementMinor ?? getCurrency(row.currency).cashIncrementMinor,
  };
}
