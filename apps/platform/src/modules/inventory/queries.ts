import { sql, type Tx } from '@tillpoint/db';
import type { MovementView, StockLevelView } from './schemas.ts';

const levelColumns = sql`l.store_id as "storeId", l.variant_id as "variantId",
  l.on_hand_milli / 1000.0 as "onHand", l.committed_milli / 1000.0 as "committed",
  (l.on_hand_milli - l.committed_milli) / 1000.0 as available,
  l.reorder_point_milli / 1000.0 as "reorderPoint", to_json(l.updated_at) #>> '{}' as "updatedAt"`;

// numeric / 1000.0 comes back as a decimal string (exact); the service turns it into a number.
type Raw<T> = {
  [K in keyof T]: T[K] extends number ? string : T[K] extends number | null ? string | null : T[K];
};

function toLevel(row: Raw<StockLevelView>): StockLevelView {
  return {
    ...row,
    onHand: Number(row.onHand),
    committed: Number(row.committed),
    available: Number(row.available),
    reorderPoint: row.reorderPoint === null ? null : Number(row.reorderPoint),
  };
}

export async function selectLevels(
  tx: Tx,
  storeId: string,
  filter: {
    variantIds?: readonly string[];
    belowReorderPoint?: boolean;
    after?: string;
    limit: number;
  },
): Promise<StockLevelView[]> {
  const rows = await tx.query<Raw<StockLevelView>>(sql`select ${levelColumns} from stock_levels l
    where l.store_id = ${storeId}
      and (${filter.variantIds === undefined} or l.variant_id = any(${filter.variantIds ?? []}::uuid[]))
      and (${!filter.belowReorderPoint} or l.on_hand_milli <= l.reorder_point_milli)
      and (${filter.after ?? null}::uuid is null or l.variant_id > ${filter.after ?? null}::uuid)
    order by l.variant_id limit ${filter.limit}`);
  return rows.map(toLevel);
}

export async function selectVariantLevels(
  tx: Tx,
  variantId: string,
  storeIds: readonly string[] | null,
): Promise<StockLevelView[]> {
  const rows = await tx.query<Raw<StockLevelView>>(sql`select ${levelColumns} from stock_levels l
    where l.variant_id = ${variantId} and (${storeIds === null} or l.store_id = any(${storeIds ?? []}::uuid[]))
    order by l.store_id`);
  return rows.map(toLevel);
}

export async function selectMovements(
  tx: Tx,
  storeId: string,
  filter: { variantId?: string; before?: string; limit: number },
): Promise<MovementView[]> {
  const rows = await tx.query<
    Raw<MovementView>
  >(sql`select id, store_id as "storeId", variant_id as "variantId", kind,
      quantity_milli / 1000.0 as quantity, on_hand_after_milli / 1000.0 as "onHandAfter", reason, note,
      unit_cost_minor as "unitCost", reference_type as "referenceType", reference_id as "referenceId",
      actor_type as "actorType", actor_id as "actorId", to_json(occurred_at) #>> '{}' as "occurredAt",
      to_json(recorded_at) #>> '{}' as "recordedAt"
    from stock_movements
    where store_id = ${storeId} and (${filter.variantId ?? null}::uuid is null or variant_id = ${filter.variantId ?? null}::uuid)
      and (${filter.before ?? null}::uuid is null or id < ${filter.before ?? null}::uuid)
    order by id desc limit ${filter.limit}`);
  return rows.map((row) => ({
    ...row,
    quantity: Number(row.quantity),
    onHandAfter: Number(row.onHandAfter),
    unitCost: row.unitCost === null ? null : Number(row.unitCost),
  }));
}

/** Sets every level of the store to the sum of its ledger; returns the levels that were off. */
export function rebuildLevels(
  tx: Tx,
  storeId: string,
): Promise<{ variantId: string; was: number; now: number }[]> {
  return tx.query(sql`
    with ledger as (
      select variant_id, sum(quantity_milli) as total from stock_movements where store_id = ${storeId} group by variant_id
    ), fixed as (
      update stock_levels l set on_hand_milli = coalesce(ledger.total, 0), updated_at = now()
      from stock_levels old left join ledger on ledger.variant_id = old.variant_id
      where l.store_id = ${storeId} and old.store_id = l.store_id and old.variant_id = l.variant_id
        and l.on_hand_milli <> coalesce(ledger.total, 0)
      returning l.variant_id, old.on_hand_milli as was, l.on_hand_milli as now
    )
    select variant_id as "variantId", was / 1000.0 as was, now / 1000.0 as now from fixed`);
}
