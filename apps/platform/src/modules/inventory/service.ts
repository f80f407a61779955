import { type Database, sql } from '@tillpoint/db';
import { QuantityError, toMilli } from '@tillpoint/domain';
import type { RequestContext, ServiceContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Outbox } from '../../events/outbox.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, authorizeStore, storeFilter } from '../identity/authorize.ts';
import { applyMovements, levelPayload } from './ledger.ts';
import { rebuildLevels, selectLevels, selectMovements, selectVariantLevels } from './queries.ts';
import type { AdjustmentInput, MovementView, StockLevelView } from './schemas.ts';

/** Quantity problems are the caller's to fix: same error shape as everything else. */
function milli(quantity: number): number {
  try {
    return toMilli(quantity);
  } catch (error) {
    if (error instanceof QuantityError) throw new AppError(error.code, error.message);
    throw error;
  }
}

export function createInventoryService(db: Database, outbox: Outbox) {
  async function assertOpenStore(ctx: ServiceContext, storeId: string): Promise<void> {
    const store = await db.withTenant(ctx, (tx) =>
      tx.maybeOne<{ archived: boolean }>(
        sql`select archived_at is not null as archived from stores where id = ${storeId}`,
      ),
    );
    if (!store) throw notFound('store', storeId);
    if (store.archived) throw new AppError('store.archived', 'This store is archived.');
  }

  return {
    async levels(
      ctx: RequestContext,
      storeId: string,
      query: { variantIds?: string[]; belowReorderPoint?: boolean; cursor?: string; limit: number },
    ): Promise<{ levels: StockLevelView[]; nextCursor: string | null }> {
      const authed = authorizeStore(ctx, 'inventory.read', storeId);
      const rows = await db.withTenant(authed, async (tx) => {
        if (!(await tx.maybeOne(sql`select 1 from stores where id = ${storeId}`)))
          throw notFound('store', storeId);
        return selectLevels(tx, storeId, {
          ...(query.variantIds ? { variantIds: query.variantIds } : {}),
          ...(query.belowReorderPoint ? { belowReorderPoint: true } : {}),
          ...(query.cursor ? { after: query.cursor } : {}),
          limit: query.limit + 1,
        });
      });
      const page = rows.slice(0, query.limit);
      return {
        levels: page,
        nextCursor: rows.length > query.limit ? (page.at(-1)?.variantId ?? null) : null,
      };
    },

    async variantLevels(ctx: RequestContext, variantId: string): Promise<StockLevelView[]> {
      const authed = authorize(ctx, 'inventory.read');
      return db.withTenant(authed, async (tx) => {
        if (!(await tx.maybeOne(sql`select 1 from variants where id = ${variantId}`)))
          throw notFound('variant', variantId);
        return selectVariantLevels(tx, variantId, storeFilter(authed.actor));
      });
    },

    /** Manual adjustments with a reason code per line; refused as a whole if any line is. */
    async adjust(
      ctx: RequestContext,
      storeId: string,
      input: AdjustmentInput,
    ): Promise<StockLevelView[]> {
      const authed = authorizeStore(ctx, 'inventory.adjust', storeId);
      await assertOpenStore(authed, storeId);
      const movements = input.lines.map((line) => ({
        storeId,
        variantId: line.variantId,
        kind: 'adjusted' as const,
        quantityMilli: milli(line.quantity),
        reason: line.reason,
        note: input.note ?? null,
        unitCostMinor: line.unitCost ?? null,
        referenceType: 'adjustment',
      }));
      return db.withTenant(authed, async (tx) => {
        const changes = await applyMovements(tx, authed, outbox, movements, {
          untracked: 'refuse',
        });
        await recordAudit(tx, authed, {
          action: 'inventory.adjusted',
          targetType: 'store',
          targetId: storeId,
          storeId,
          after: { lines: input.lines, note: input.note ?? null },
        });
        const now = new Date().toISOString();
        return changes.map((change) => {
          const { changedAt: _changedAt, ...level } = levelPayload(change);
          return { ...level, updatedAt: now };
        });
      });
    },

    async setReorderPoint(
      ctx: RequestContext,
      storeId: string,
      variantId: string,
      reorderPoint: number | null,
    ) {
      const authed = authorizeStore(ctx, 'inventory.adjust', storeId);
      await assertOpenStore(authed, storeId);
      const value = reorderPoint === null ? null : milli(reorderPoint);
      return db.withTenant(authed, async (tx) => {
        if (!(await tx.maybeOne(sql`select 1 from variants where id = ${variantId}`)))
          throw notFound('variant', variantId);
        await tx.execute(sql`insert into stock_levels (tenant_id, store_id, variant_id, reorder_point_milli)
          values (${authed.tenantId}, ${storeId}, ${variantId}, ${value})
          on conflict (tenant_id, store_id, variant_id) do update set reorder_point_milli = excluded.reorder_point_milli`);
        await recordAudit(tx, authed, {
          action: 'inventory.reorder_point_set',
          targetType: 'variant',
          targetId: variantId,
          storeId,
          after: { reorderPoint },
        });
        const [level] = await selectLevels(tx, storeId, { variantIds: [variantId], limit: 1 });
        return level as StockLevelView;
      });
    },

    async movements(
      ctx: RequestContext,
      storeId: string,
      query: { variantId?: string; cursor?: string; limit: number },
    ): Promise<{ movements: MovementView[]; nextCursor: string | null }> {
      const authed = authorizeStore(ctx, 'inventory.read', storeId);
      const rows = await db.withTenant(authed, (tx) =>
        selectMovements(tx, storeId, {
          ...(query.variantId ? { variantId: query.variantId } : {}),
          ...(query.cursor ? { before: query.cursor } : {}),
          limit: query.limit + 1,
        }),
      );
      const page = rows.slice(0, query.limit);
      return {
        movements: page,
        nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
      };
    },

    async settings(ctx: RequestContext): Promise<{ allowNegativeStock: boolean }> {
      const authed = authorize(ctx, 'inventory.read');
      return db.withTenant(authed, (tx) =>
        tx.one<{ allowNegativeStock: boolean }>(
          sql`select allow_negative_stock as "allowNegativeStock" from tenants`,
        ),
      );
    },

    async updateSettings(
      ctx: RequestContext,
      allowNegativeStock: boolean,
    ): Promise<{ allowNegativeStock: boolean }> {
      const authed = authorize(ctx, 'settings.manage');
      return db.withTenant(authed, async (tx) => {
        const before = await tx.one<{ allowNegativeStock: boolean }>(
          sql`select allow_negative_stock as "allowNegativeStock" from tenants for update`,
        );
        await tx.execute(sql`update tenants set allow_negative_stock = ${allowNegativeStock}`);
        await recordAudit(tx, authed, {
          action: 'inventory.settings_changed',
          targetType: 'tenant',
          targetId: authed.tenantId,
          before,
          after: { allowNegativeStock },
        });
        return { allowNegativeStock };
      });
    },

    /** Recomputes every level of a store from its movement ledger; reports what was off. */
    async rebuild(ctx: RequestContext, storeId: string) {
      const authed = authorizeStore(ctx, 'settings.manage', storeId);
      return db.withTenant(authed, async (tx) => {
        if (!(await tx.maybeOne(sql`select 1 from stores where id = ${storeId}`)))
          throw notFound('store', storeId);
        // Stop sales of this store from moving stock while we sum the ledger.
        await tx.execute(sql`select 1 from stock_levels where store_id = ${storeId} for update`);
        const corrected = (await rebuildLevels(tx, storeId)).map((row) => ({
          variantId: row.variantId,
          was: Number(row.was),
          now: Number(row.now),
        }));
        const { n } = await tx.one<{ n: number }>(
          sql`select count(*)::int as n from stock_levels where store_id = ${storeId}`,
        );
        await recordAudit(tx, authed, {
          action: 'inventory.rebuilt',
          targetType: 'store',
          targetId: storeId,
          storeId,
          after: { checked: n, corrected },
        });
        return { checked: n, corrected };
      });
    },
  };
}

export type InventoryService = ReturnType<typeof createInventoryService>;
