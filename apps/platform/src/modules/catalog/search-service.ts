import type { Database } from '@tillpoint/db';
import { attributeFilterValues } from '@tillpoint/domain';
import type { RequestContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { authorize, storeFilter } from '../identity/authorize.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { loadProductViews } from './product-views.ts';
import type { ProductView } from './schemas.ts';
import { listProductsByName, type ProductSearch, searchProductsByRank } from './search-queries.ts';
import { selectCategorySubtree } from './taxonomy-queries.ts';

export interface ProductSearchInput {
  readonly q?: string | undefined;
  readonly sku?: string | undefined;
  readonly categoryId?: string | undefined;
  /** attribute key -> filter value as typed (attr.material=cotton). */
  readonly attributes?: Readonly<Record<string, string>> | undefined;
  readonly includeArchived?: boolean | undefined;
  readonly cursor?: string | undefined;
  readonly limit: number;
}

export interface ProductPageView {
  readonly products: ProductView[];
  readonly nextCursor: string | null;
}

/** Product search for the back office and the register: fuzzy name, SKU, category, attributes. */
export function createSearchService(db: Database) {
  return {
    async searchProducts(ctx: RequestContext, input: ProductSearchInput): Promise<ProductPageView> {
      const authed = authorize(ctx, 'catalog.read');
      const q = input.q?.trim() || null;
      const rankAfter = q && input.cursor ? decodeCursor(input.cursor, 'rank') : null;
      const nameAfter = !q && input.cursor ? decodeCursor(input.cursor, 'name') : null;
      return db.withTenant(authed, async (tx) => {
        let categoryIds: string[] | null = null;
        if (input.categoryId) {
          categoryIds = await selectCategorySubtree(tx, input.categoryId);
          if (categoryIds.length === 0) throw notFound('category', input.categoryId);
        }
        const search: ProductSearch = {
          q,
          sku: input.sku?.trim() || null,
          categoryIds,
          attributes: Object.entries(input.attributes ?? {}).map(([key, value]) => ({
            key,
            values: attributeFilterValues(value),
          })),
          includeArchived: input.includeArchived ?? false,
          // One extra row says whether another page exists.
          limit: input.limit + 1,
        };
        let ids: string[];
        let nextCursor: string | null = null;
        if (q) {
          const rows = await searchProductsByRank(tx, q, search, rankAfter);
          const last = rows.length > input.limit ? rows[input.limit - 1] : undefined;
          if (last) nextCursor = encodeCursor({ by: 'rank', rank: last.rank, id: last.id });
          ids = rows.slice(0, input.limit).map((row) => row.id);
        } else {
          const rows = await listProductsByName(tx, search, nameAfter);
          const last = rows.length > input.limit ? rows[input.limit - 1] : undefined;
          if (last) nextCursor = encodeCursor({ by: 'name', name: last.sortName, id: last.id });
          ids = rows.slice(0, input.limit).map((row) => row.id);
        }
        return {
          products: await loadProductViews(tx, ids, storeFilter(authed.actor)),
          nextCursor,
        };
      });
    },
  };
}
