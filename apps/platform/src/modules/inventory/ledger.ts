import { sql, type Tx } from '@tillpoint/db';
import {
  assertMovementSign,
  assertUnitQuantity,
  crossedReorderPoint,
  fromMilli,
  type MovementKind,
} from '@tillpoint/domain';
import { actorId, type ServiceContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import type { DomainEvent, Outbox } from '../../events/outbox.ts';

export interface MovementInput {
  readonly storeId: string;
  readonly variantId: string;
  readonly kind: MovementKind;
  readonly quantityMilli: number;
  readonly reason?: string | null;
  readonly note?: string | null;
  readonly unitCostMinor?: number | null;
  readonly referenceType?: string | null;
  readonly referenceId?: string | null;
  /** The register's clock for offline sales; defaults to now. */
  readonly occurredAt?: string | null;
}

export interface LevelChange {
  readonly storeId: string;
  readonly variantId: string;
  readonly beforeMilli: number;
  readonly afterMilli: number;
  readonly committedMilli: number;
  readonly reorderPointMilli: number | null;
}

export interface ApplyOptions {
  /** Untracked items: a sale skips them, an adjustment is refused. */
  readonly untracked: 'skip' | 'refuse';
  /** Overrides the tenant setting, e.g. offline sales that already happened at the till. */
  readonly allowNegative?: boolean;
}

interface VariantFacts {
  id: string;
  trackStock: boolean;
  unit: 'each' | 'weight';
}

/**
 * The only way stock changes. In the caller's transaction: each movement updates its level with a
 * single guarded UPDATE (row lock, so concurrent sales of the last unit cannot both succeed unless
 * negative stock is allowed), appends the ledger row with the resulting level, and queues a
 * level-changed event (and a low-stock event when the reorder point is crossed) for after commit.
 */
export async function applyMovements(
  tx: Tx,
  ctx: ServiceContext,
  outbox: Outbox,
  movements: readonly MovementInput[],
  options: ApplyOptions,
): Promise<LevelChange[]> {
  if (movements.length === 0) return [];
  const variants = await loadVariants(tx, [...new Set(movements.map((m) => m.variantId))]);
  const allowNegative =
    options.allowNegative ??
    (await tx.one<{ allow: boolean }>(sql`select allow_negative_stock as allow from tenants`))
      .allow;

  // Lock levels in one global order so two multi-line transactions can never deadlock.
  const ordered = [...movements].sort((a, b) =>
    a.storeId === b.storeId
      ? a.variantId.localeCompare(b.variantId)
      : a.storeId.localeCompare(b.storeId),
  );
  const changes = new Map<string, LevelChange>();
  const device =
    ctx.actor.type === 'device'
      ? ctx.actor.device
      : ctx.actor.type === 'user'
        ? ctx.actor.device
        : null;

  for (const movement of ordered) {
    const variant = variants.get(movement.variantId);
    if (!variant)
      throw new AppError(
        'variant.not_found',
        `No product variant with id ${movement.variantId} here.`,
      );
    if (!variant.trackStock) {
      if (options.untracked === 'skip') continue;
      throw new AppError(
        'inventory.not_tracked',
        'Stock is not tracked for this item; turn tracking on first.',
        {
          variantId: variant.id,
        },
      );
    }
    assertMovementSign(movement.kind, movement.quantityMilli);
    assertUnitQuantity(movement.quantityMilli, variant.unit);

    await tx.execute(sql`insert into stock_levels (tenant_id, store_id, variant_id)
      values (${ctx.tenantId}, ${movement.storeId}, ${movement.variantId}) on conflict do nothing`);
    const level = await tx.maybeOne<{
      after: number;
      committed: number;
      reorderPoint: number | null;
    }>(sql`
      update stock_levels set on_hand_milli = on_hand_milli + ${movement.quantityMilli}, updated_at = now()
      where store_id = ${movement.storeId} and variant_id = ${movement.variantId}
        and (${allowNegative} or ${movement.quantityMilli} > 0 or on_hand_milli + ${movement.quantityMilli} >= 0)
      returning on_hand_milli as after, committed_milli as committed, reorder_point_milli as "reorderPoint"`);
    if (!level) {
      const current = await tx.one<{
        onHand: number;
      }>(sql`select on_hand_milli as "onHand" from stock_levels
        where store_id = ${movement.storeId} and variant_id = ${movement.variantId}`);
      throw new AppError(
        'inventory.insufficient_stock',
        `Only ${fromMilli(current.onHand)} in stock; cannot take ${fromMilli(-movement.quantityMilli)}.`,
        {
          storeId: movement.storeId,
          variantId: movement.variantId,
          onHand: fromMilli(current.onHand),
        },
      );
    }
    await tx.execute(sql`insert into stock_movements (tenant_id, store_id, variant_id, kind, quantity_milli,
        on_hand_after_milli, reason, note, unit_cost_minor, reference_type, reference_id, actor_type, actor_id,
        device_id, occurred_at)
      values (${ctx.tenantId}, ${movement.storeId}, ${movement.variantId}, ${movement.kind}, ${movement.quantityMilli},
        ${level.after}, ${movement.reason ?? null}, ${movement.note ?? null}, ${movement.unitCostMinor ?? null},
        ${movement.referenceType ?? null}, ${movement.referenceId ?? null}, ${ctx.actor.type}, ${actorId(ctx.actor)},
        ${device?.deviceId ?? null}, coalesce(${movement.occurredAt ?? null}::timestamptz, now()))`);

    const key = `${movement.storeId}:${movement.variantId}`;
    const first = changes.get(key);
    changes.set(key, {
      storeId: movement.storeId,
      variantId: movement.variantId,
      beforeMilli: first?.beforeMilli ?? level.after - movement.quantityMilli,
      afterMilli: level.after,
      committedMilli: level.committed,
      reorderPointMilli: level.reorderPoint,
    });
  }

  const result = [...changes.values()];
  await outbox.emitMany(tx, ctx.tenantId, result.flatMap(eventsOf));
  return result;
}

async function loadVariants(tx: Tx, ids: readonly string[]): Promise<Map<string, VariantFacts>> {
  const rows = await tx.query<VariantFacts>(sql`select v.id, p.track_stock as "trackStock", p.unit
    from variants v join products p on p.id = v.product_id where v.id = any(${ids}::uuid[])`);
  return new Map(rows.map((row) => [row.id, row]));
}

export function levelPayload(
  change: Pick<
    LevelChange,
    'storeId' | 'variantId' | 'afterMilli' | 'committedMilli' | 'reorderPointMilli'
  >,
) {
  return {
    storeId: change.storeId,
    variantId: change.variantId,
    onHand: fromMilli(change.afterMilli),
    committed: fromMilli(change.committedMilli),
    available: fromMilli(change.afterMilli - change.committedMilli),
    reorderPoint: change.reorderPointMilli === null ? null : fromMilli(change.reorderPointMilli),
    changedAt: new Date().toISOString(),
  };
}

function eventsOf(change: LevelChange): DomainEvent[] {
  const events: DomainEvent[] = [
    { topic: 'inventory.level_changed', storeId: change.storeId, payload: levelPayload(change) },
  ];
  if (crossedReorderPoint(change.beforeMilli, change.afterMilli, change.reorderPointMilli)) {
    events.push({
      topic: 'inventory.low_stock',
      storeId: change.storeId,
      payload: levelPayload(change),
    });
  }
  return events;
}
