import { type Database, sql } from '@tillpoint/db';
import type { RequestContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { authorizeStore } from '../identity/authorize.ts';
import { loadSalesSettings } from '../sales/settings.ts';
import { selectStoreCategoryRates } from './tax-table-queries.ts';
import type { TaxTableView } from './tax-table-schemas.ts';

type Category = TaxTableView['categories'][number];

export function createTaxTableService(db: Database) {
  return {
    /**
     * What a register in this store prices with: the same settings a sale opened now would fix
     * (loadSalesSettings) and the same rates resolveVariantTaxes would charge. A paired device may
     * read its own store's table (catalog.read) to keep selling offline.
     */
    async get(ctx: RequestContext, storeId: string): Promise<TaxTableView> {
      const authed = authorizeStore(ctx, 'catalog.read', storeId);
      return db.withTenant(authed, async (tx) => {
        const store = await tx.maybeOne(sql`select 1 from stores where id = ${storeId}`);
        if (!store) throw notFound('store', storeId);
        const settings = await loadSalesSettings(tx);
        const categories = new Map<string, Category>();
        let defaultTaxCategoryId: string | null = null;
        for (const row of await selectStoreCategoryRates(tx, storeId)) {
          if (row.isDefault) defaultTaxCategoryId = row.categoryId;
          const category = categories.get(row.categoryId) ?? {
            id: row.categoryId,
            code: row.code,
            rates: [],
          };
          if (row.rateId !== null && row.ratePpm !== null)
            category.rates.push({
              id: row.rateId,
              ratePpm: row.ratePpm,
              compound: row.compound === true,
            });
          categories.set(row.categoryId, category);
        }
        return {
          taxMode: settings.taxMode,
          taxRounding: settings.taxRounding,
          roundingMode: settings.roundingMode,
          currency: settings.currency,
          cashIncrementMinor: settings.cashIncrementMinor,
          defaultTaxCategoryId,
          categories: [...categories.values()],
        };
      });
    },
  };
}

export type TaxTableService = ReturnType<typeof createTaxTableService>;
