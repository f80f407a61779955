import { sql, type Tx } from '@tillpoint/db';
import { fromMilli } from '@tillpoint/domain';
import type {
  CountLineView,
  CountStatus,
  CountSummaryView,
  CountVarianceView,
  CountView,
} from './count-schemas.ts';

const headerColumns = sql`c.id, c.store_id as "storeId", c.scope, c.status, c.name, c.note,
  c.zero_uncounted as "zeroUncounted", c.created_by as "createdBy",
  to_json(c.created_at) #>> '{}' as "createdAt", to_json(c.submitted_at) #>> '{}' as "submittedAt",
  c.submitted_by as "submittedBy", to_json(c.approved_at) #>> '{}' as "approvedAt",
  c.approved_by as "approvedBy", to_json(c.cancelled_at) #>> '{}' as "cancelledAt",
  c.cancelled_by as "cancelledBy", to_json(c.updated_at) #>> '{}' as "updatedAt"`;

export type CountHeader = Omit<CountView, 'lines'>;

/** The count row, locked for the rest of the transaction when it is about to change. */
export function selectCountHeader(
  tx: Tx,
  id: string,
  lock: 'for update' | 'none' = 'none',
): Promise<CountHeader | null> {
  return tx.maybeOne<CountHeader>(sql`select ${headerColumns} from stock_counts c where c.id = ${id}
    ${lock === 'for update' ? sql`for update` : sql.empty}`);
}

interface LineRow {
  variantId: string;
  countedMilli: number | null;
  countedAt: string | null;
  countedBy: string | null;
  onHandMilli: number | null;
  varianceMilli: number | null;
  zeroed: boolean;
}

/**
 * Lines with the variance against the level now; an approved count shows what was frozen at
 * approval instead, so its history never shifts with later sales.
 */
export async function selectCountLines(
  tx: Tx,
  count: Pick<CountHeader, 'id' | 'storeId' | 'status'>,
): Promise<CountLineView[]> {
  const frozen = count.status === 'approved';
  const rows = await tx.query<LineRow>(sql`select l.variant_id as "variantId",
      l.counted_milli as "countedMilli", to_json(l.counted_at) #>> '{}' as "countedAt",
      l.counted_by as "countedBy", l.zeroed,
      case when ${frozen} then l.on_hand_before_milli
        when p.track_stock then coalesce(s.on_hand_milli, 0) end as "onHandMilli",
      case when ${frozen} then l.variance_milli
        when p.track_stock then l.counted_milli - coalesce(s.on_hand_milli, 0) end as "varianceMilli"
    from stock_count_lines l
    join variants v on v.tenant_id = l.tenant_id and v.id = l.variant_id
    join products p on p.tenant_id = v.tenant_id and p.id = v.product_id
    left join stock_levels s on s.tenant_id = l.tenant_id and s.store_id = ${count.storeId}
      and s.variant_id = l.variant_id
    where l.count_id = ${count.id}
    order by l.variant_id`);
  return rows.map((row) => ({
    variantId: row.variantId,
    counted: row.countedMilli === null ? null : fromMilli(row.countedMilli),
    countedAt: row.countedAt,
    countedBy: row.countedBy,
    onHand: row.onHandMilli === null ? null : fromMilli(row.onHandMilli),
    variance: row.varianceMilli === null ? null : fromMilli(row.varianceMilli),
    zeroed: row.zeroed,
  }));
}

export async function selectCounts(
  tx: Tx,
  storeId: string,
  filter: { status?: CountStatus; before?: string; limit: number },
): Promise<CountSummaryView[]> {
  return tx.query<CountSummaryView>(sql`select ${headerColumns},
      (select count(*)::int from stock_count_lines l where l.count_id = c.id) as "lineCount",
      (select count(*)::int from stock_count_lines l where l.count_id = c.id
        and l.counted_milli is not null) as "countedCount"
    from stock_counts c
    where c.store_id = ${storeId}
      and (${filter.status ?? null}::text is null or c.status = ${filter.status ?? null}::text)
      and (${filter.before ?? null}::uuid is null or c.id < ${filter.before ?? null}::uuid)
    order by c.id desc limit ${filter.limit}`);
}

export interface PlannedCountLine {
  readonly variantId: string;
  readonly countedMilli: number;
  readonly onHandMilli: number;
  readonly zeroed: boolean;
}

/**
 * What approving the count would post, against the levels as they are now: every counted line,
 * plus (when the count zeroes what was not counted) the uncounted lines and, for a full count,
 * every tracked item with stock in the store that is not on the count. Items no longer tracked
 * are left out: their stock is not kept. The preview and the approval both use this one query,
 * so the manager approves exactly what was shown (given the same levels).
 */
export function selectCountPlan(
  tx: Tx,
  count: Pick<CountHeader, 'id' | 'storeId' | 'scope' | 'zeroUncounted'>,
): Promise<PlannedCountLine[]> {
  const zero = count.zeroUncounted;
  const fullZero = zero && count.scope === 'full';
  return tx.query<PlannedCountLine>(sql`
    with planned as (
      select l.variant_id, coalesce(l.counted_milli, 0) as counted_milli,
        l.counted_milli is null as zeroed
      from stock_count_lines l
      where l.count_id = ${count.id} and (l.counted_milli is not null or ${zero})
      union all
      select s.variant_id, 0, true
      from stock_levels s
      where ${fullZero} and s.store_id = ${count.storeId} and s.on_hand_milli <> 0
        and not exists (select 1 from stock_count_lines l
          where l.count_id = ${count.id} and l.variant_id = s.variant_id)
    )
    select pl.variant_id as "variantId", pl.counted_milli as "countedMilli",
      coalesce(s.on_hand_milli, 0) as "onHandMilli", pl.zeroed
    from planned pl
    join variants v on v.id = pl.variant_id
    join products p on p.tenant_id = v.tenant_id and p.id = v.product_id and p.track_stock
    left join stock_levels s on s.store_id = ${count.storeId} and s.variant_id = pl.variant_id
    order by pl.variant_id`);
}

/**
 * Locks the levels approval will change (every level of the store when a full count zeroes what
 * was not counted), creating missing ones first, so no sale moves them between reading the level
 * and posting the variance.
 */
export async function lockCountLevels(
  tx: Tx,
  tenantId: string,
  count: Pick<CountHeader, 'id' | 'storeId' | 'scope' | 'zeroUncounted'>,
): Promise<void> {
  await tx.execute(sql`insert into stock_levels (tenant_id, store_id, variant_id)
    select ${tenantId}, ${count.storeId}, l.variant_id from stock_count_lines l
    where l.count_id = ${count.id}
    on conflict do nothing`);
  const wholeStore = count.zeroUncounted && count.scope === 'full';
  await tx.execute(sql`select 1 from stock_levels s where s.store_id = ${count.storeId}
      and (${wholeStore} or s.variant_id in (
        select l.variant_id from stock_count_lines l where l.count_id = ${count.id}))
    order by s.variant_id for update`);
}

export function toVarianceView(line: PlannedCountLine): CountVarianceView {
  return {
    variantId: line.variantId,
    counted: fromMilli(line.countedMilli),
    onHand: fromMilli(line.onHandMilli),
    variance: fromMilli(line.countedMilli - line.onHandMilli),
    zeroed: line.zeroed,
  };
}

/** Freezes what approval saw on every line and adds the zeroed items a full count had no line for. */
export async function recordApprovedLines(
  tx: Tx,
  tenantId: string,
  countId: string,
  approverId: string | null,
  plan: readonly PlannedCountLine[],
): Promise<void> {
  if (plan.length === 0) return;
  const rows = plan.map(
    (line) =>
      sql`(${line.variantId}::uuid, ${line.countedMilli}::bigint, ${line.onHandMilli}::bigint, ${line.zeroed}::boolean)`,
  );
  await tx.execute(sql`insert into stock_count_lines as l (tenant_id, count_id, variant_id,
      counted_milli, counted_at, counted_by, on_hand_before_milli, variance_milli, zeroed)
    select ${tenantId}, ${countId}, p.variant_id, p.counted, now(), ${approverId}, p.on_hand,
      p.counted - p.on_hand, p.zeroed
    from (values ${sql.join(rows)}) as p (variant_id, counted, on_hand, zeroed)
    on conflict (tenant_id, count_id, variant_id) do update set
      counted_milli = excluded.counted_milli,
      counted_at = coalesce(l.counted_at, excluded.counted_at),
      counted_by = coalesce(l.counted_by, excluded.counted_by),
      on_hand_before_milli = excluded.on_hand_before_milli,
      variance_milli = excluded.variance_milli,
      zeroed = excluded.zeroed`);
}
