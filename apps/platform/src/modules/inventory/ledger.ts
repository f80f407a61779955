import { sql, type Tx } from '@tillpoint/db';
import {
  assertMovementSign,
  assertUnitQuantity,
  crossedReorderPoint,
  fromMilli,
  type MovementKind,
} from '@tillpoint/domain';
import { actorId, deviceOf, type ServiceContext } from '../../context.ts';
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
 * The only way stock changes. In the caller's transaction, with a fixed number of statements
 * whatever the number of movements: the levels are created if missing and locked in one global
 * order (store, variant) so two multi-line transactions can never deadlock; each movement is
 * checked against the locked level in turn (concurrent sales of the last unit cannot both
 * succeed unless negative stock is allowed); the levels are written once; the ledger rows are
 * appended with the level after each movement; level-changed events (and a low-stock event when
 * the reorder point is crossed) are queued for after commit.
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
  const applicable = movements.filter((movement) => {
    const variant = variants.get(movement.variantId);
    if (!variant)
      throw new AppError(
        'variant.not_found',
        `No product variant with id ${movement.variantId} here.`,
      );
    if (!variant.trackStock) {
      if (options.untracked === 'skip') return false;
      throw new AppError(
        'inventory.not_tracked',
        'Stock is not tracked for this item; turn tracking on first.',
        { variantId: variant.id },
      );
    }
    assertMovementSign(movement.kind, movement.quantityMilli);
    assertUnitQuantity(movement.quantityMilli, variant.unit);
    return true;
  });
  if (applicable.length === 0) return [];
  const allowNegative =
    options.allowNegative ??
    (await tx.one<{ allow: boolean }>(sql`select allow_negative_stock as allow from tenants`))
      .allow;

  const keyOf = (m: { storeId: string; variantId: string }) => `${m.storeId}:${m.variantId}`;
  const keys = [...new Map(applicable.map((m) => [keyOf(m), m])).values()];
  const storeIds = keys.map((m) => m.storeId);
  const variantIds = keys.map((m) => m.variantId);
  await tx.execute(sql`insert into stock_levels (tenant_id, store_id, variant_id)
    select ${ctx.tenantId}, k.store_id, k.variant_id
    from unnest(${storeIds}::uuid[], ${variantIds}::uuid[]) as k(store_id, variant_id)
    on conflict do nothing`);
  // ORDER BY below FOR UPDATE: rows are locked in (store, variant) order in every transaction.
  const locked = await tx.query<{
    storeId: string;
    variantId: string;
    onHand: number;
    committed: number;
    reorderPoint: number | null;
  }>(sql`select store_id as "storeId", variant_id as "variantId", on_hand_milli as "onHand",
      committed_milli as committed, reorder_point_milli as "reorderPoint"
    from stock_levels
    where (store_id, variant_id) in (
      select * from unnest(${storeIds}::uuid[], ${variantIds}::uuid[]))
    order by store_id, variant_id
    for update`);
  const levels = new Map(locked.map((level) => [keyOf(level), level]));

  const changes = new Map<string, LevelChange>();
  const rows = applicable.map((movement) => {
    const key = keyOf(movement);
    const level = levels.get(key);
    if (!level) throw new Error(`stock level ${key} was not created`);
    const after = level.onHand + movement.quantityMilli;
    if (!allowNegative && movement.quantityMilli < 0 && after < 0) {
      throw new AppError(
        'inventory.insufficient_stock',
        `Only ${fromMilli(level.onHand)} in stock; cannot take ${fromMilli(-movement.quantityMilli)}.`,
        {
          storeId: movement.storeId,
          variantId: movement.variantId,
          onHand: fromMilli(level.onHand),
        },
      );
    }
    changes.set(key, {
      storeId: movement.storeId,
      variantId: movement.variantId,
      beforeMilli: changes.get(key)?.beforeMilli ?? level.onHand,
      afterMilli: after,
      committedMilli: level.committed,
      reorderPointMilli: level.reorderPoint,
    });
    levels.set(key, { ...level, onHand: after });
    return { movement, after };
  });

  const result = [...changes.values()];
  await tx.execute(sql`update stock_levels l set on_hand_milli = k.after, updated_at = now()
    from unnest(${result.map((c) => c.storeId)}::uuid[], ${result.map((c) => c.variantId)}::uuid[],
      ${result.map((c) => c.afterMilli)}::bigint[]) as k(store_id, variant_id, after)
    where l.store_id = k.store_id and l.variant_id = k.variant_id`);

  const device = deviceOf(ctx.actor);
  const column = <T>(pick: (row: (typeof rows)[number]) => T): T[] => rows.map(pick);
  await tx.execute(sql`insert into stock_movements (tenant_id, store_id, variant_id, kind,
      quantity_milli, on_hand_after_milli, reason, note, unit_cost_minor, reference_type,
      reference_id, actor_type, actor_id, device_id, occurred_at)
    select ${ctx.tenantId}, m.store_id, m.variant_id, m.kind, m.quantity_milli, m.after,
      m.reason, m.note, m.unit_cost, m.reference_type, m.reference_id, ${ctx.actor.type},
      ${actorId(ctx.actor)}, ${device?.deviceId ?? null}, coalesce(m.occurred_at, now())
    from unnest(
      ${column((r) => r.movement.storeId)}::uuid[],
      ${column((r) => r.movement.variantId)}::uuid[],
      ${column((r) => r.movement.kind)}::text[],
      ${column((r) => r.movement.quantityMilli)}::bigint[],
      ${column((r) => r.after)}::bigint[],
      ${column((r) => r.movement.reason ?? null)}::text[],
      ${column((r) => r.movement.note ?? null)}::text[],
      ${column((r) => r.movement.unitCostMinor ?? null)}::bigint[],
      ${column((r) => r.movement.referenceType ?? null)}::text[],
      ${column((r) => r.movement.referenceId ?? null)}::uuid[],
      ${column((r) => r.movement.occurredAt ?? null)}::timestamptz[]
    ) with ordinality as m(store_id, variant_id, kind, quantity_milli, after, reason, note,
      unit_cost, reference_type, reference_id, occurred_at, position)
    order by m.position`);

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
