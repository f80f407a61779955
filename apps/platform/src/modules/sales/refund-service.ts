import {
  type Database,
  isCheckViolation,
  isUniqueViolation,
  newId,
  sql,
  type Tx,
} from '@tillpoint/db';
import type { RequestContext, ServiceContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Outbox } from '../../events/outbox.ts';
import { authorize, canAccessStore, storeFilter } from '../identity/authorize.ts';
import { planNoReceiptRefund } from './refund-no-receipt.ts';
import {
  planReceiptRefund,
  type ReturnedLine,
  restockReasonOf,
  returnedQuantity,
} from './refund-plan.ts';
import { selectRefund, selectRefundIdsOfSale, selectRefunds } from './refund-queries.ts';
import { loadRefundRegister, type RefundRegister, registerIdFor } from './refund-register.ts';
import { isSameNoReceiptRefund, isSameReceiptRefund } from './refund-replay.ts';
import {
  assertCompleted,
  lockSaleForRefund,
  refundedToTendersBefore,
  selectCapturedTenders,
  selectRefundableLines,
} from './refund-sale.ts';
import type {
  CreateRefundInput,
  NoReceiptRefundInput,
  ReceiptRefundInput,
  RefundKind,
  RefundPageView,
  RefundView,
} from './refund-schemas.ts';
import { type RefundPlan, writeRefund } from './refund-write.ts';
import { loadSalesSettings } from './settings.ts';

// Refund use cases. A refund with a receipt locks the sale, reprices the returned quantities from
// the stored lines and routes the money to the sale's tenders (or to store credit); one without a
// receipt is priced from today's catalog under a manager's approval. Both are written by
// writeRefund in one transaction.

/**
 * Refunds lock the sale, stock levels, the register and stored-value rows; a sale completing on
 * the same register takes some of those in another order, so a deadlock is possible (rare) and
 * the whole transaction, which is pure database work, is simply run again.
 */
export const RETRY = { retries: 2 } as const;

export interface RefundResult {
  readonly refund: RefundView;
  /** A replay of a refund already made under this id: nothing new was written. */
  readonly replayed: boolean;
}

export async function refundView(tx: Tx, id: string): Promise<RefundView> {
  const view = await selectRefund(tx, id);
  if (!view) throw notFound('refund', id);
  return view;
}

function idConflict(id: string): AppError {
  return new AppError(
    'refund.id_conflict',
    `A different refund was already made under id ${id}; choose a new id for a new refund.`,
    { refundId: id },
  );
}

function totalMismatch(expected: number, plan: RefundPlan): AppError {
  return new AppError(
    'refund.total_mismatch',
    `The refund comes to ${plan.totals.totalMinor}, not the ${expected} expected; ` +
      'reload the sale and check the lines before refunding.',
    { expectedTotalMinor: expected, totalMinor: plan.totals.totalMinor },
  );
}

/** The sale counters' CHECKs are the last guard: a breach there is an over-refund. */
export function overRefundGuard(error: unknown): never {
  if (isCheckViolation(error))
    throw new AppError(
      'refund.over_refund',
      'This would give back more than the sale sold or was paid; reload the sale and try again.',
    );
  throw error;
}

export interface SaleRefundArgs {
  readonly id: string;
  readonly kind: RefundKind;
  readonly saleId: string;
  readonly register: RefundRegister;
  readonly returned: readonly ReturnedLine[];
  /** Asked for explicitly; undefined: the tenant's setting. */
  readonly destination: 'original_tenders' | 'store_credit' | undefined;
  readonly reason: string | null;
  readonly approvalId: string | null;
  readonly expectedTotalMinor?: number | undefined;
  readonly exchange?: { readonly saleId: string; readonly valueMinor: number };
}

/**
 * A refund against a sale, in the caller's transaction: locks the sale (again, harmlessly, if the
 * caller already did), plans the refund, refuses what does not add up, and writes it.
 */
export async function refundSale(
  tx: Tx,
  ctx: ServiceContext,
  outbox: Outbox,
  args: SaleRefundArgs,
): Promise<RefundPlan> {
  const sale = await lockSaleForRefund(tx, args.saleId);
  assertCompleted(sale);
  const settings = await loadSalesSettings(tx);
  // The tenant's default only sends money to store credit when there is a customer to hold it.
  const destination =
    args.destination ??
    (settings.refundDestination === 'store_credit' && sale.customerId
      ? 'store_credit'
      : 'original_tenders');
  if (destination === 'store_credit' && !sale.customerId)
    throw new AppError(
      'refund.customer_required',
      'This sale has no customer to hold store credit; refund to the original tenders instead.',
      { saleId: sale.id },
    );
  const plan = planReceiptRefund({
    id: args.id,
    kind: args.kind,
    sale,
    lines: await selectRefundableLines(tx, sale.id),
    tenders: await selectCapturedTenders(tx, sale.id),
    refundedToTendersBeforeMinor: await refundedToTendersBefore(tx, sale.id),
    register: args.register,
    returned: args.returned,
    destination,
    reason: args.reason,
    approvalId: args.approvalId,
    ...(args.exchange ? { exchange: args.exchange } : {}),
  });
  if (args.expectedTotalMinor !== undefined && args.expectedTotalMinor !== plan.totals.totalMinor)
    throw totalMismatch(args.expectedTotalMinor, plan);
  await writeRefund(tx, ctx, outbox, plan);
  return plan;
}

export function returnedLinesOf(input: Pick<ReceiptRefundInput, 'lines'>): ReturnedLine[] {
  return input.lines.map((line, index) => ({
    saleLineId: line.saleLineId,
    quantityMilli: returnedQuantity(line.quantity, `Line ${index + 1}`),
    restock: line.restock,
    restockReason: restockReasonOf(line),
  }));
}

export function createRefundService(db: Database, outbox: Outbox) {
  async function withReceipt(
    authed: ServiceContext,
    input: ReceiptRefundInput,
  ): Promise<RefundResult> {
    const registerId = registerIdFor(authed, input.registerId);
    const returned = returnedLinesOf(input);
    const id = input.id ?? newId();
    return db.withTenant(
      authed,
      async (tx) => {
        const register = await loadRefundRegister(tx, authed, registerId);
        // The sale lock comes first: a replay racing its original waits here and then finds it.
        await lockSaleForRefund(tx, input.saleId);
        if (input.id) {
          const stored = await selectRefund(tx, input.id);
          if (stored) {
            if (!isSameReceiptRefund(stored, input, registerId)) throw idConflict(input.id);
            return { refund: stored, replayed: true };
          }
        }
        await refundSale(tx, authed, outbox, {
          id,
          kind: 'refund',
          saleId: input.saleId,
          register,
          returned,
          destination: input.destination,
          reason: input.reason ?? null,
          approvalId: null,
          expectedTotalMinor: input.expectedTotalMinor,
        });
        return { refund: await refundView(tx, id), replayed: false };
      },
      RETRY,
    );
  }

  async function withoutReceipt(
    authed: ServiceContext,
    input: NoReceiptRefundInput,
  ): Promise<RefundResult> {
    const registerId = registerIdFor(authed, input.registerId);
    const id = input.id ?? newId();
    return db.withTenant(
      authed,
      async (tx) => {
        const register = await loadRefundRegister(tx, authed, registerId);
        if (input.id) {
          const stored = await selectRefund(tx, input.id);
          if (stored) {
            if (!isSameNoReceiptRefund(stored, input, registerId)) throw idConflict(input.id);
            return { refund: stored, replayed: true };
          }
        }
        const plan = await planNoReceiptRefund(tx, authed, id, register, input);
        if (
          input.expectedTotalMinor !== undefined &&
          input.expectedTotalMinor !== plan.totals.totalMinor
        )
          throw totalMismatch(input.expectedTotalMinor, plan);
        await writeRefund(tx, authed, outbox, plan);
        return { refund: await refundView(tx, id), replayed: false };
      },
      RETRY,
    );
  }

  /** Two requests under one new id at once: the loser finds the winner's refund. */
  async function afterIdRace(
    authed: ServiceContext,
    input: CreateRefundInput,
    error: unknown,
  ): Promise<RefundResult> {
    if (
      !input.id ||
      !(isUniqueViolation(error, 'refunds_pkey') || isUniqueViolation(error, 'refunds_id_key'))
    )
      return overRefundGuard(error);
    const id = input.id;
    const stored = await db.withTenant(authed, (tx) => selectRefund(tx, id));
    const registerId = registerIdFor(authed, input.registerId);
    const same =
      stored !== null &&
      ('saleId' in input
        ? isSameReceiptRefund(stored, input, registerId)
        : isSameNoReceiptRefund(stored, input, registerId));
    if (!stored || !same) throw idConflict(id);
    return { refund: stored, replayed: true };
  }

  return {
    async create(ctx: RequestContext, input: CreateRefundInput): Promise<RefundResult> {
      const authed = authorize(ctx, 'sales.refund');
      try {
        return await ('saleId' in input
          ? withReceipt(authed, input)
          : withoutReceipt(authed, input));
      } catch (error) {
        return afterIdRace(authed, input, error);
      }
    },

    async get(ctx: RequestContext, id: string): Promise<RefundView> {
      const authed = authorize(ctx, 'sales.read');
      return db.withTenant(authed, async (tx) => {
        const refund = await refundView(tx, id);
        if (!canAccessStore(authed.actor, refund.storeId))
          throw new AppError('auth.store_forbidden', 'You are not assigned to this store.', {
            storeId: refund.storeId,
          });
        return refund;
      });
    },

    /** Every refund of a sale (refunds, exchange returns, the reversal), oldest first. */
    async ofSale(ctx: RequestContext, saleId: string): Promise<RefundView[]> {
      const authed = authorize(ctx, 'sales.read');
      return db.withTenant(authed, async (tx) => {
        const sale = await tx.maybeOne<{ storeId: string }>(
          sql`select store_id as "storeId" from sales where id = ${saleId}`,
        );
        if (!sale) throw notFound('sale', saleId);
        if (!canAccessStore(authed.actor, sale.storeId))
          throw new AppError('auth.store_forbidden', 'You are not assigned to this store.', {
            storeId: sale.storeId,
          });
        const ids = await selectRefundIdsOfSale(tx, saleId);
        const views: RefundView[] = [];
        for (const id of ids) views.push(await refundView(tx, id));
        return views;
      });
    },

    async list(
      ctx: RequestContext,
      query: { storeId?: string; registerId?: string; cursor?: string; limit: number },
    ): Promise<RefundPageView> {
      const authed = authorize(ctx, 'sales.read');
      if (query.storeId && !canAccessStore(authed.actor, query.storeId))
        throw new AppError('auth.store_forbidden', 'You are not assigned to this store.', {
          storeId: query.storeId,
        });
      const rows = await db.withTenant(authed, (tx) =>
        selectRefunds(tx, {
          storeIds: storeFilter(authed.actor),
          ...(query.storeId ? { storeId: query.storeId } : {}),
          ...(query.registerId ? { registerId: query.registerId } : {}),
          ...(query.cursor ? { before: query.cursor } : {}),
          limit: query.limit + 1,
        }),
      );
      const page = rows.slice(0, query.limit);
      return {
        refunds: page,
        nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
      };
    },
  };
}

export type RefundService = ReturnType<typeof createRefundService>;
