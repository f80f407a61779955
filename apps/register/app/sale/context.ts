import {
  type Currency,
  getCurrency,
  type RoundingMode,
  type TaxMode,
  type TaxRate,
  type TaxRounding,
} from '@tillpoint/domain';
import type { SalesSettings, TaxTable } from '../api-types.ts';

// What the register prices with: the store's tax table (the same terms and rates the server
// resolves for a sale opened now, see modules/tax/tax-table.ts) and the tenant's sales settings.
// Built once per refresh of those two caches, then handed to every pricing call.

export interface SaleContext {
  /** The tenant's currency with the cash increment the server settles cash to. */
  readonly currency: Currency;
  readonly taxMode: TaxMode;
  readonly taxRounding: TaxRounding;
  readonly roundingMode: RoundingMode;
  readonly cashIncrementMinor: number;
  readonly defaultTaxCategoryId: string | null;
  readonly ratesByCategory: ReadonlyMap<string, readonly TaxRate[]>;
  /** Tenders the register may take while offline (settings.offlineTenders). */
  readonly offlineTenders: readonly string[];
}

export function saleContextOf(
  taxTable: TaxTable,
  settings: Pick<SalesSettings, 'offlineTenders'>,
): SaleContext {
  const ratesByCategory = new Map<string, readonly TaxRate[]>();
  for (const category of taxTable.categories)
    ratesByCategory.set(
      category.id,
      // The engine's TaxRate: compound only when set, as the server snapshots it.
      category.rates.map((rate) => ({
        id: rate.id,
        ratePpm: rate.ratePpm,
        ...(rate.compound ? { compound: true } : {}),
      })),
    );
  return {
    currency: getCurrency(taxTable.currency, { cashIncrementMinor: taxTable.cashIncrementMinor }),
    taxMode: taxTable.taxMode,
    taxRounding: taxTable.taxRounding,
    roundingMode: taxTable.roundingMode,
    cashIncrementMinor: taxTable.cashIncrementMinor,
    defaultTaxCategoryId: taxTable.defaultTaxCategoryId,
    ratesByCategory,
    offlineTenders: [...settings.offlineTenders],
  };
}

/**
 * The rates a variant is charged here, in charging order: its tax category's, else the default
 * category's (resolveVariantTaxes on the server). A category the cached table does not know
 * charges nothing; online the server then refuses with sale.tax_changed and the register
 * refreshes its table.
 */
export function ratesFor(context: SaleContext, taxCategoryId: string | null): readonly TaxRate[] {
  const category = taxCategoryId ?? context.defaultTaxCategoryId;
  return category === null ? [] : (context.ratesByCategory.get(category) ?? []);
}
