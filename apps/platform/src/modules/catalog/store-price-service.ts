import { type Database, sql, type Tx } from '@tillpoint/db';
import type { RequestContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { authorizeStore } from '../identity/authorize.ts';
import type { VariantView } from './schemas.ts';
import { variantChanger } from './variant-change.ts';
import { deleteStorePrice, upsertStorePrice } from './variant-queries.ts';

async function assertOpenStore(tx: Tx, storeId: string): Promise<void> {
  const store = await tx.maybeOne<{ archived: boolean }>(
    sql`select archived_at is not null as archived from stores where id = ${storeId}`,
  );
  if (!store || store.archived) throw notFound('store', storeId);
}

/** Per-store overrides of a variant's price; changing one needs access to that store. */
export function createStorePriceService(db: Database) {
  const change = variantChanger(db);

  return {
    setStorePrice(
      ctx: RequestContext,
      id: string,
      storeId: string,
      priceMinor: number,
    ): Promise<VariantView> {
      const authed = authorizeStore(ctx, 'catalog.manage', storeId);
      return change(authed, id, async (tx) => {
        await assertOpenStore(tx, storeId);
        const { previousMinor } = await upsertStorePrice(tx, authed.tenantId, {
          variantId: id,
          storeId,
          priceMinor,
        });
        return {
          action: 'variant.store_price_set',
          storeId,
          before: { priceMinor: previousMinor },
          after: { priceMinor },
        };
      });
    },

    removeStorePrice(ctx: RequestContext, id: string, storeId: string): Promise<VariantView> {
      const authed = authorizeStore(ctx, 'catalog.manage', storeId);
      return change(authed, id, async (tx) => {
        await assertOpenStore(tx, storeId);
        const removed = await deleteStorePrice(tx, id, storeId);
        if (!removed) return null;
        return { action: 'variant.store_price_removed', storeId, before: removed };
      });
    },
  };
}
