import { type Database, sql, type Tx } from '@tillpoint/db';
import type { RequestContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, storeFilter } from '../identity/authorize.ts';
import {
  lockTaxCategory,
  replaceScopeRates,
  selectCategoryRateSets,
  selectScopeRateIds,
  storeExists,
} from './category-rate-queries.ts';
import type { CategoryRatesView, ReplaceCategoryRatesInput } from './category-rate-schemas.ts';
import { rateArchived } from './errors.ts';
import { selectTaxRatesByIds } from './rate-queries.ts';

// A tax category charges its tenant-wide set of rates in every store, except in a store that has
// its own set for it, which replaces the tenant-wide one there entirely (resolveVariantTaxes and
// the register's tax table apply the same rule). Changes apply to sales opened afterwards.

async function loadSets(
  tx: Tx,
  taxCategoryId: string,
  storeIds: readonly string[] | null,
): Promise<CategoryRatesView> {
  const view: { tenantWide: CategoryRatesView['tenantWide']; stores: CategoryRatesView['stores'] } =
    { tenantWide: [], stores: {} };
  for (const { storeId, ...rate } of await selectCategoryRateSets(tx, taxCategoryId, storeIds)) {
    if (storeId === null) {
      view.tenantWide.push(rate);
    } else {
      const set = view.stores[storeId] ?? [];
      set.push(rate);
      view.stores[storeId] = set;
    }
  }
  return view;
}

export function createCategoryRateService(db: Database) {
  return {
    /** A user limited to some stores sees the tenant-wide set and their stores' own sets. */
    async get(ctx: RequestContext, taxCategoryId: string): Promise<CategoryRatesView> {
      const authed = authorize(ctx, 'catalog.read');
      return db.withTenant(authed, async (tx) => {
        const category = await tx.maybeOne(
          sql`select 1 from tax_categories where id = ${taxCategoryId}`,
        );
        if (!category) throw notFound('tax_category', taxCategoryId);
        return loadSets(tx, taxCategoryId, storeFilter(authed.actor));
      });
    },

    async replace(
      ctx: RequestContext,
      taxCategoryId: string,
      input: ReplaceCategoryRatesInput,
    ): Promise<CategoryRatesView> {
      const authed = authorize(ctx, 'settings.manage');
      const storeId = input.storeId ?? null;
      const rateIds = input.rateIds;
      return db.withTenant(authed, async (tx) => {
        // The category row lock orders concurrent replacements of its sets.
        if (!(await lockTaxCategory(tx, taxCategoryId)))
          throw notFound('tax_category', taxCategoryId);
        if (storeId !== null && !(await storeExists(tx, storeId))) throw notFound('store', storeId);
        const found = new Map(
          (await selectTaxRatesByIds(tx, rateIds)).map((rate) => [rate.id, rate]),
        );
        for (const id of rateIds) {
          const rate = found.get(id);
          if (!rate) throw notFound('tax_rate', id);
          if (rate.archivedAt !== null) throw rateArchived(rate);
        }
        const before = await selectScopeRateIds(tx, taxCategoryId, storeId);
        await replaceScopeRates(tx, authed.tenantId, taxCategoryId, storeId, rateIds);
        await recordAudit(tx, authed, {
          action: 'tax_category.rates_replaced',
          targetType: 'tax_category',
          targetId: taxCategoryId,
          storeId,
          before: { storeId, rateIds: before },
          after: { storeId, rateIds },
        });
        return loadSets(tx, taxCategoryId, storeFilter(authed.actor));
      });
    },
  };
}

export type CategoryRateService = ReturnType<typeof createCategoryRateService>;
