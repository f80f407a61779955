import { type Database, isUniqueViolation, newId, sql, type Tx } from '@tillpoint/db';
import { deviceOf, type RequestContext, type ServiceContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import type { Outbox } from '../../events/outbox.ts';
import { recordAudit } from '../audit/service.ts';
import { requirePermissionOrApproval } from '../identity/approval-gate.ts';
import { authorize } from '../identity/authorize.ts';
import type { ReturnedLine } from './refund-plan.ts';
import { loadRefundRegister } from './refund-register.ts';
import {
  assertCompleted,
  lockSaleForRefund,
  type RefundableSale,
  selectRefundableLines,
} from './refund-sale.ts';
import type { RefundView, ReverseInput } from './refund-schemas.ts';
import { overRefundGuard, RETRY, refundSale, refundView } from './refund-service.ts';

// A reversal undoes a sale on the day it was made: whatever has not been refunded yet comes back
// (tracked items onto the shelf) and every tender gets back exactly what it kept, cash rounding
// included. It is a refund document of kind 'reversal' (at most one per sale, unique index); the
// sale stays completed, and both documents stay visible.

function alreadyReversed(saleId: string): AppError {
  return new AppError('sale.already_reversed', 'This sale has already been reversed.', { saleId });
}

/** Same business day: the completion's and today's dates agree in the sale's store's timezone. */
async function assertSameBusinessDay(tx: Tx, sale: RefundableSale): Promise<void> {
  const { sameDay, timezone } = await tx.one<{ sameDay: boolean; timezone: string }>(sql`select
      (s.completed_at at time zone st.timezone)::date = (now() at time zone st.timezone)::date
        as "sameDay", st.timezone
    from sales s join stores st on st.tenant_id = s.tenant_id and st.id = s.store_id
    where s.id = ${sale.id}`);
  if (!sameDay)
    throw new AppError(
      'sale.reversal_window_closed',
      'A sale can only be reversed on the business day it was completed; refund its lines instead.',
      { saleId: sale.id, completedAt: sale.completedAt, timezone },
    );
}

async function reverseLocked(
  tx: Tx,
  authed: ServiceContext,
  outbox: Outbox,
  saleId: string,
  input: ReverseInput,
): Promise<RefundView> {
  // A manager's decision first (a refused request rolls back, so an approval is only used up
  // by a reversal that happens).
  const gate = await requirePermissionOrApproval(
    tx,
    authed,
    'sales.reverse',
    'sale.reverse',
    input.approvalId,
  );
  const sale = await lockSaleForRefund(tx, saleId);
  // On a register the money goes back through its own drawer; from the back office, through the
  // register that took it.
  const device = deviceOf(authed.actor);
  const register = await loadRefundRegister(tx, authed, device?.registerId ?? sale.registerId);
  assertCompleted(sale);
  if (await tx.maybeOne(sql`select 1 from refunds where sale_id = ${saleId} and kind = 'reversal'`))
    throw alreadyReversed(saleId);
  await assertSameBusinessDay(tx, sale);
  const lines = await selectRefundableLines(tx, saleId);
  const returned: ReturnedLine[] = lines
    .filter((line) => line.refundedQuantityMilli < line.quantityMilli)
    .map((line) => ({
      saleLineId: line.id,
      quantityMilli: line.quantityMilli - line.refundedQuantityMilli,
      restock: line.kind === 'item',
      restockReason: line.kind === 'item' ? null : 'gift_card',
    }));
  if (returned.length === 0)
    throw new AppError(
      'sale.nothing_to_reverse',
      'Everything on this sale has already been refunded; there is nothing left to reverse.',
      { saleId },
    );
  const id = newId();
  await refundSale(tx, authed, outbox, {
    id,
    kind: 'reversal',
    saleId,
    register,
    returned,
    destination: 'original_tenders',
    reason: input.reason.trim(),
    approvalId: gate.approvalId,
  });
  // The sale's own trail says it was reversed, and by whose decision.
  await recordAudit(tx, authed, {
    action: 'sale.reversed',
    targetType: 'sale',
    targetId: saleId,
    storeId: sale.storeId,
    after: { refundId: id, reason: input.reason.trim(), approvalId: gate.approvalId },
  });
  return refundView(tx, id);
}

export function createReversalService(db: Database, outbox: Outbox) {
  return {
    async reverse(ctx: RequestContext, saleId: string, input: ReverseInput): Promise<RefundView> {
      // Reversing starts as a refund; the reversal itself is a manager's (or approved) decision.
      const authed = authorize(ctx, 'sales.refund');
      try {
        return await db.withTenant(
          authed,
          (tx) => reverseLocked(tx, authed, outbox, saleId, input),
          RETRY,
        );
      } catch (error) {
        if (isUniqueViolation(error, 'refunds_one_reversal')) throw alreadyReversed(saleId);
        return overRefundGuard(error);
      }
    },
  };
}

export type ReversalService = ReturnType<typeof createReversalService>;
