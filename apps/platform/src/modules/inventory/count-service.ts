import { type Database, newId, sql, type Tx } from '@tillpoint/db';
import { fromMilli } from '@tillpoint/domain';
import { actorId, type RequestContext, type ServiceContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Outbox } from '../../events/outbox.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, authorizeStore } from '../identity/authorize.ts';
import {
  type CountHeader,
  lockCountLevels,
  type PlannedCountLine,
  recordApprovedLines,
  selectCountHeader,
  selectCountLines,
  selectCountPlan,
  selectCounts,
  toVarianceView,
} from './count-queries.ts';
import type {
  CountEntriesInput,
  CountStatus,
  CountSummaryView,
  CountVarianceReportView,
  CountView,
  CreateCountInput,
  UpdateCountInput,
} from './count-schemas.ts';
import {
  assertDistinctItems,
  assertStockItems,
  assertStoreAccess,
  countedMilli,
  openStore,
} from './document-checks.ts';
import { applyMovements } from './ledger.ts';

// Count states: draft (counters enter quantities) -> submitted (frozen, waiting for a manager)
// -> approved (variances posted, final). A submitted count can be reopened for a recount; draft
// and submitted counts can be cancelled. Approval posts nothing for items whose count matches.

const REFERENCE = 'stock_count';

function stateError(count: CountHeader, wanted: string): AppError {
  const details = { countId: count.id, status: count.status };
  switch (count.status) {
    case 'approved':
      return new AppError(
        'stock_count.already_approved',
        'This count is already approved; start a new count to correct it.',
        details,
      );
    case 'cancelled':
      return new AppError('stock_count.cancelled', 'This count was cancelled.', details);
    case 'submitted':
      return new AppError(
        'stock_count.not_draft',
        `This count was submitted; ${wanted} needs a draft (a manager can reopen it).`,
        details,
      );
    case 'draft':
      return new AppError(
        'stock_count.not_submitted',
        `This count is still a draft; submit it before ${wanted}.`,
        details,
      );
  }
}

export function createStockCountService(db: Database, outbox: Outbox) {
  /** Loads and locks the count, then checks the caller works in its store. */
  async function lockCount(
    tx: Tx,
    authed: ServiceContext,
    id: string,
    allowed: readonly CountStatus[],
    wanted: string,
  ): Promise<CountHeader> {
    const count = await selectCountHeader(tx, id, 'for update');
    if (!count) throw notFound('stock_count', id);
    assertStoreAccess(authed.actor, count.storeId);
    if (!allowed.includes(count.status)) throw stateError(count, wanted);
    return count;
  }

  async function view(tx: Tx, id: string): Promise<CountView> {
    const header = await selectCountHeader(tx, id);
    if (!header) throw notFound('stock_count', id);
    return { ...header, lines: await selectCountLines(tx, header) };
  }

  return {
    async create(
      ctx: RequestContext,
      storeId: string,
      input: CreateCountInput,
    ): Promise<CountView> {
      const authed = authorizeStore(ctx, 'inventory.count', storeId);
      const chosen = (input.variantIds ?? []).map((variantId) => ({ variantId, milli: 0 }));
      assertDistinctItems(chosen);
      const id = newId();
      return db.withTenant(authed, async (tx) => {
        await openStore(tx, storeId);
        await assertStockItems(tx, chosen);
        const name = input.name ?? (input.scope === 'full' ? 'Full count' : 'Cycle count');
        await tx.execute(sql`insert into stock_counts (tenant_id, id, store_id, scope, name, note,
            zero_uncounted, created_by)
          values (${authed.tenantId}, ${id}, ${storeId}, ${input.scope}, ${name},
            ${input.note ?? null}, ${input.zeroUncounted ?? false}, ${actorId(authed.actor)})`);
        if (chosen.length > 0)
          await tx.execute(sql`insert into stock_count_lines (tenant_id, count_id, variant_id)
            select ${authed.tenantId}, ${id}, unnest(${chosen.map((c) => c.variantId)}::uuid[])`);
        await recordAudit(tx, authed, {
          action: 'stock_count.created',
          targetType: REFERENCE,
          targetId: id,
          storeId,
          after: {
            scope: input.scope,
            name,
            zeroUncounted: input.zeroUncounted ?? false,
            items: chosen.length,
          },
        });
        return view(tx, id);
      });
    },

    async list(
      ctx: RequestContext,
      storeId: string,
      query: { status?: CountStatus; cursor?: string; limit: number },
    ): Promise<{ counts: CountSummaryView[]; nextCursor: string | null }> {
      const authed = authorizeStore(ctx, 'inventory.read', storeId);
      const rows = await db.withTenant(authed, async (tx) => {
        if (!(await tx.maybeOne(sql`select 1 from stores where id = ${storeId}`)))
          throw notFound('store', storeId);
        return selectCounts(tx, storeId, {
          ...(query.status ? { status: query.status } : {}),
          ...(query.cursor ? { before: query.cursor } : {}),
          limit: query.limit + 1,
        });
      });
      const page = rows.slice(0, query.limit);
      return {
        counts: page,
        nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
      };
    },

    async get(ctx: RequestContext, id: string): Promise<CountView> {
      const authed = authorize(ctx, 'inventory.read');
      return db.withTenant(authed, async (tx) => {
        const count = await view(tx, id);
        assertStoreAccess(authed.actor, count.storeId);
        return count;
      });
    },

    async update(ctx: RequestContext, id: string, input: UpdateCountInput): Promise<CountView> {
      const authed = authorize(ctx, 'inventory.count');
      return db.withTenant(authed, async (tx) => {
        const before = await lockCount(tx, authed, id, ['draft', 'submitted'], 'changing it');
        // Once submitted, what approval will post is the approver's call (zero uncounted above all).
        if (before.status === 'submitted') authorize(authed, 'inventory.count_approve');
        await tx.execute(sql`update stock_counts set
            name = coalesce(${input.name ?? null}, name),
            note = case when ${input.note !== undefined} then ${input.note ?? null} else note end,
            zero_uncounted = coalesce(${input.zeroUncounted ?? null}, zero_uncounted)
          where id = ${id}`);
        await recordAudit(tx, authed, {
          action: 'stock_count.updated',
          targetType: REFERENCE,
          targetId: id,
          storeId: before.storeId,
          before: { name: before.name, note: before.note, zeroUncounted: before.zeroUncounted },
          after: input,
        });
        return view(tx, id);
      });
    },

    /** Counters enter what they see; "add" sums the same item found on several shelves. */
    async enter(ctx: RequestContext, id: string, input: CountEntriesInput): Promise<CountView> {
      const authed = authorize(ctx, 'inventory.count');
      const lines = input.lines.map((line) => ({
        variantId: line.variantId,
        milli: countedMilli({ variantId: line.variantId, quantity: line.counted }),
      }));
      assertDistinctItems(lines);
      const add = input.mode === 'add';
      return db.withTenant(authed, async (tx) => {
        const count = await lockCount(tx, authed, id, ['draft'], 'entering counts');
        await assertStockItems(tx, lines);
        const rows = lines.map((line) => sql`(${line.variantId}::uuid, ${line.milli}::bigint)`);
        await tx.execute(sql`insert into stock_count_lines as l (tenant_id, count_id, variant_id,
            counted_milli, counted_at, counted_by)
          select ${authed.tenantId}, ${id}, e.variant_id, e.counted, now(), ${actorId(authed.actor)}
          from (values ${sql.join(rows)}) as e (variant_id, counted)
          on conflict (tenant_id, count_id, variant_id) do update set
            counted_milli = case when ${add} then coalesce(l.counted_milli, 0) + excluded.counted_milli
              else excluded.counted_milli end,
            counted_at = excluded.counted_at, counted_by = excluded.counted_by`);
        await recordAudit(tx, authed, {
          action: 'stock_count.counted',
          targetType: REFERENCE,
          targetId: id,
          storeId: count.storeId,
          after: { mode: add ? 'add' : 'set', lines: input.lines },
        });
        return view(tx, id);
      });
    },

    async removeLine(ctx: RequestContext, id: string, variantId: string): Promise<CountView> {
      const authed = authorize(ctx, 'inventory.count');
      return db.withTenant(authed, async (tx) => {
        const count = await lockCount(tx, authed, id, ['draft'], 'removing items');
        const removed = await tx.maybeOne<{ countedMilli: number | null }>(sql`delete from
            stock_count_lines where count_id = ${id} and variant_id = ${variantId}
          returning counted_milli as "countedMilli"`);
        if (!removed)
          throw new AppError('stock_count.item_not_on_count', 'This item is not on the count.', {
            variantId,
          });
        await recordAudit(tx, authed, {
          action: 'stock_count.line_removed',
          targetType: REFERENCE,
          targetId: id,
          storeId: count.storeId,
          before: {
            variantId,
            counted: removed.countedMilli === null ? null : fromMilli(removed.countedMilli),
          },
        });
        return view(tx, id);
      });
    },

    async submit(ctx: RequestContext, id: string): Promise<CountView> {
      const authed = authorize(ctx, 'inventory.count');
      return db.withTenant(authed, async (tx) => {
        const count = await lockCount(tx, authed, id, ['draft'], 'submitting');
        const counted = await tx.one<{ n: number }>(sql`select count(*)::int as n
          from stock_count_lines where count_id = ${id} and counted_milli is not null`);
        // An empty full count with "zero uncounted" would wipe the whole store: never by accident.
        if (counted.n === 0)
          throw new AppError(
            'stock_count.nothing_counted',
            'Nothing has been counted yet; enter at least one counted quantity.',
          );
        await tx.execute(sql`update stock_counts set status = 'submitted', submitted_at = now(),
          submitted_by = ${actorId(authed.actor)} where id = ${id}`);
        await recordAudit(tx, authed, {
          action: 'stock_count.submitted',
          targetType: REFERENCE,
          targetId: id,
          storeId: count.storeId,
          after: { countedLines: counted.n },
        });
        return view(tx, id);
      });
    },

    /** A manager sends a submitted count back for a recount. */
    async reopen(ctx: RequestContext, id: string): Promise<CountView> {
      const authed = authorize(ctx, 'inventory.count_approve');
      return db.withTenant(authed, async (tx) => {
        const count = await lockCount(tx, authed, id, ['submitted'], 'reopening it');
        await tx.execute(sql`update stock_counts set status = 'draft', submitted_at = null,
          submitted_by = null where id = ${id}`);
        await recordAudit(tx, authed, {
          action: 'stock_count.reopened',
          targetType: REFERENCE,
          targetId: id,
          storeId: count.storeId,
        });
        return view(tx, id);
      });
    },

    async variances(ctx: RequestContext, id: string): Promise<CountVarianceReportView> {
      const authed = authorize(ctx, 'inventory.read');
      return db.withTenant(authed, async (tx) => {
        const count = await selectCountHeader(tx, id);
        if (!count) throw notFound('stock_count', id);
        assertStoreAccess(authed.actor, count.storeId);
        const plan =
          count.status === 'approved'
            ? await frozenPlan(tx, id)
            : count.status === 'cancelled'
              ? []
              : await selectCountPlan(tx, count);
        return report(count, plan);
      });
    },

    /** Posts every variance as one `counted` movement per item, atomically with the approval. */
    async approve(ctx: RequestContext, id: string): Promise<CountView> {
      const authed = authorize(ctx, 'inventory.count_approve');
      return db.withTenant(authed, async (tx) => {
        const count = await lockCount(tx, authed, id, ['submitted'], 'approving');
        await lockCountLevels(tx, authed.tenantId, count);
        const plan = await selectCountPlan(tx, count);
        const changes = plan.filter((line) => line.countedMilli !== line.onHandMilli);
        await applyMovements(
          tx,
          authed,
          outbox,
          changes.map((line) => ({
            storeId: count.storeId,
            variantId: line.variantId,
            kind: 'counted' as const,
            quantityMilli: line.countedMilli - line.onHandMilli,
            referenceType: REFERENCE,
            referenceId: id,
          })),
          { untracked: 'refuse' },
        );
        await recordApprovedLines(tx, authed.tenantId, id, actorId(authed.actor), plan);
        await tx.execute(sql`update stock_counts set status = 'approved', approved_at = now(),
          approved_by = ${actorId(authed.actor)} where id = ${id}`);
        const { totals } = report(count, changes);
        await recordAudit(tx, authed, {
          action: 'stock_count.approved',
          targetType: REFERENCE,
          targetId: id,
          storeId: count.storeId,
          after: {
            ...totals,
            zeroed: changes.filter((line) => line.zeroed).length,
            variances: changes.map((line) => ({
              variantId: line.variantId,
              variance: fromMilli(line.countedMilli - line.onHandMilli),
            })),
          },
        });
        return view(tx, id);
      });
    },

    /** A draft is the counter's to drop; a submitted count waits on a manager, so only one may. */
    async cancel(ctx: RequestContext, id: string): Promise<CountView> {
      const authed = authorize(ctx, 'inventory.count');
      return db.withTenant(authed, async (tx) => {
        const count = await lockCount(tx, authed, id, ['draft', 'submitted'], 'cancelling it');
        if (count.status === 'submitted') authorize(authed, 'inventory.count_approve');
        await tx.execute(sql`update stock_counts set status = 'cancelled', cancelled_at = now(),
          cancelled_by = ${actorId(authed.actor)} where id = ${id}`);
        await recordAudit(tx, authed, {
          action: 'stock_count.cancelled',
          targetType: REFERENCE,
          targetId: id,
          storeId: count.storeId,
          before: { status: count.status },
        });
        return view(tx, id);
      });
    },
  };
}

function frozenPlan(tx: Tx, countId: string): Promise<PlannedCountLine[]> {
  return tx.query<PlannedCountLine>(sql`select variant_id as "variantId",
      counted_milli as "countedMilli", on_hand_before_milli as "onHandMilli", zeroed
    from stock_count_lines where count_id = ${countId} and variance_milli is not null
    order by variant_id`);
}

/** The lines that change a level, with their gains and losses summed exactly in thousandths. */
function report(count: CountHeader, plan: readonly PlannedCountLine[]): CountVarianceReportView {
  const changes = plan.filter((line) => line.countedMilli !== line.onHandMilli);
  let gainMilli = 0;
  let lossMilli = 0;
  for (const line of changes) {
    const variance = line.countedMilli - line.onHandMilli;
    if (variance > 0) gainMilli += variance;
    else lossMilli += variance;
  }
  return {
    countId: count.id,
    status: count.status,
    zeroUncounted: count.zeroUncounted,
    asOf: count.approvedAt ?? new Date().toISOString(),
    lines: changes.map(toVarianceView),
    totals: { items: changes.length, gain: fromMilli(gainMilli), loss: fromMilli(lossMilli) },
  };
}
