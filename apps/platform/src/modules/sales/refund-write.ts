import { sql, type Tx } from '@tillpoint/db';
import { fromMilli, type LineAmounts, type SaleTotals } from '@tillpoint/domain';
import type { ServiceContext } from '../../context.ts';
import { actorId } from '../../context.ts';
import type { Outbox } from '../../events/outbox.ts';
import { recordAudit } from '../audit/service.ts';
import { changeStoreCredit } from '../customers/store-credit-ledger.ts';
import { changeGiftCardBalance } from '../gift-cards/gift-card-ledger.ts';
import { applyMovements } from '../inventory/ledger.ts';
import { requestCardRefund } from '../payments/card-refunds.ts';
import { issueReceiptNumber } from './receipt-numbers.ts';
import { drawerFor, type RefundRegister } from './refund-register.ts';
import type { RefundDestinationValue, RefundKind, RefundPaymentKind } from './refund-schemas.ts';

// Writing a refund document: every refund kind (with receipt, without, exchange, reversal) is
// planned first (pure: priced by the money engine, routed to tenders) and then written here, in
// the caller's one transaction, so money, stock, the sale's counters, the receipt number, the
// audit row and the event commit or roll back together.

export interface RefundLinePlan {
  readonly saleLineId: string | null;
  readonly variantId: string | null;
  /** A sold gift card given back: its loaded value comes off the card. */
  readonly giftCardId: string | null;
  readonly name: string;
  readonly quantityMilli: number;
  readonly amounts: LineAmounts;
  readonly restock: boolean;
  readonly restockReason: string | null;
}

export interface RefundPaymentPlan {
  readonly kind: RefundPaymentKind;
  readonly amountMinor: number;
  readonly salePaymentId: string | null;
  readonly giftCardId: string | null;
  readonly customerId: string | null;
  readonly reference: string | null;
}

export interface RefundPlan {
  readonly id: string;
  readonly kind: RefundKind;
  readonly saleId: string | null;
  readonly register: RefundRegister;
  readonly customerId: string | null;
  readonly destination: RefundDestinationValue;
  readonly reason: string | null;
  readonly approvalId: string | null;
  readonly exchangeSaleId: string | null;
  readonly currency: string;
  readonly totals: SaleTotals;
  readonly lines: readonly RefundLinePlan[];
  readonly payments: readonly RefundPaymentPlan[];
  readonly cashRoundingMinor: number;
}

export function paidOutOf(plan: Pick<RefundPlan, 'payments'>): number {
  return plan.payments.reduce((sum, payment) => sum + payment.amountMinor, 0);
}

export async function writeRefund(
  tx: Tx,
  ctx: ServiceContext,
  outbox: Outbox,
  plan: RefundPlan,
): Promise<void> {
  const { id, register, totals } = plan;
  const cashSessionId = await drawerFor(
    tx,
    register.id,
    plan.payments.some((payment) => payment.kind === 'cash'),
  );
  // Stock and the sale's counters first, the receipt number (the register row lock, which orders
  // every document on the register) as late as the refund row allows, like a sale's completion.
  await restock(tx, ctx, outbox, plan);
  if (plan.saleId) await bumpSale(tx, plan.saleId, plan);
  const receiptNumber = await issueReceiptNumber(tx, ctx, register.id, { type: 'refund', id });
  const paidOutMinor = paidOutOf(plan);

  await tx.execute(sql`insert into refunds (tenant_id, id, sale_id, kind, store_id, register_id,
      cash_session_id, receipt_number, customer_id, destination, reason, approval_id,
      exchange_sale_id, currency, gross_minor, line_discount_minor, order_discount_minor,
      subtotal_minor, tax_minor, exempt_tax_removed_minor, total_minor, tax_totals,
      paid_out_minor, cash_rounding_minor, actor_id)
    values (${ctx.tenantId}, ${id}, ${plan.saleId}, ${plan.kind}, ${register.storeId},
      ${register.id}, ${cashSessionId}, ${receiptNumber}, ${plan.customerId}, ${plan.destination},
      ${plan.reason}, ${plan.approvalId}, ${plan.exchangeSaleId}, ${plan.currency},
      ${totals.grossMinor}, ${totals.lineDiscountMinor}, ${totals.orderDiscountMinor},
      ${totals.subtotalMinor}, ${totals.taxMinor}, ${totals.exemptTaxRemovedMinor},
      ${totals.totalMinor}, ${sql.json(totals.taxes)}, ${paidOutMinor}, ${plan.cashRoundingMinor},
      ${actorId(ctx.actor)})`);

  // Ledger entries point at the refund row, so stored value moves after it is written.
  await insertLines(tx, ctx, plan);
  await payOut(tx, ctx, outbox, plan, cashSessionId);
  await unloadGiftCards(tx, ctx, plan);

  const after = {
    kind: plan.kind,
    saleId: plan.saleId,
    registerId: register.id,
    receiptNumber,
    destination: plan.destination,
    exchangeSaleId: plan.exchangeSaleId,
    approvalId: plan.approvalId,
    reason: plan.reason,
    totalMinor: totals.totalMinor,
    paidOutMinor,
    cashRoundingMinor: plan.cashRoundingMinor,
    lines: plan.lines.map((line) => ({
      saleLineId: line.saleLineId,
      variantId: line.variantId,
      quantity: fromMilli(line.quantityMilli),
      totalMinor: line.amounts.totalMinor,
      restock: line.restock,
      restockReason: line.restockReason,
    })),
    payments: plan.payments.map((payment) => ({
      kind: payment.kind,
      amountMinor: payment.amountMinor,
      salePaymentId: payment.salePaymentId,
    })),
  };
  await recordAudit(tx, ctx, {
    action: 'refund.completed',
    targetType: 'refund',
    targetId: id,
    storeId: register.storeId,
    after,
  });
  await outbox.emit(tx, ctx.tenantId, {
    topic: 'refund.completed',
    storeId: register.storeId,
    payload: {
      refundId: id,
      kind: plan.kind,
      saleId: plan.saleId,
      exchangeSaleId: plan.exchangeSaleId,
      storeId: register.storeId,
      registerId: register.id,
      receiptNumber,
      currency: plan.currency,
      totalMinor: totals.totalMinor,
      paidOutMinor,
    },
  });
}

async function insertLines(tx: Tx, ctx: ServiceContext, plan: RefundPlan): Promise<void> {
  const rows = plan.lines.map((line, position) => {
    const a = line.amounts;
    return sql`(${ctx.tenantId}::uuid, ${plan.id}::uuid, ${position}::int,
      ${line.saleLineId}::uuid, ${line.variantId}::uuid, ${line.name}::text,
      ${line.quantityMilli}::bigint, ${a.grossMinor}::bigint, ${a.lineDiscountMinor}::bigint,
      ${a.orderDiscountMinor}::bigint, ${a.netMinor}::bigint, ${a.taxMinor}::bigint,
      ${a.exemptTaxRemovedMinor}::bigint, ${a.totalMinor}::bigint, ${sql.json(a.taxes)}::jsonb,
      ${line.restock}::boolean, ${line.restockReason}::text)`;
  });
  await tx.execute(sql`insert into refund_lines (tenant_id, refund_id, position, sale_line_id,
      variant_id, name, quantity_milli, gross_minor, line_discount_minor, order_discount_minor,
      net_minor, tax_minor, exempt_tax_removed_minor, total_minor, line_taxes, restock,
      restock_reason)
    values ${sql.join(rows)}`);
}

/** Records every payment and moves the money that moves through a ledger of ours. */
async function payOut(
  tx: Tx,
  ctx: ServiceContext,
  outbox: Outbox,
  plan: RefundPlan,
  cashSessionId: string | null,
): Promise<void> {
  for (const [position, payment] of plan.payments.entries()) {
    const row = await tx.one<{ id: string }>(sql`insert into refund_payments (tenant_id,
        refund_id, position, kind, amount_minor, sale_payment_id, gift_card_id, customer_id,
        cash_session_id, reference)
      values (${ctx.tenantId}, ${plan.id}, ${position}, ${payment.kind}, ${payment.amountMinor},
        ${payment.salePaymentId}, ${payment.giftCardId}, ${payment.customerId},
        ${payment.kind === 'cash' ? cashSessionId : null}, ${payment.reference})
      returning id`);
    // A card tender's money goes back through its processor once this refund has committed.
    if (payment.kind === 'card' && payment.salePaymentId)
      await requestCardRefund(tx, ctx.tenantId, outbox, {
        cardPaymentId: payment.salePaymentId,
        refundPaymentId: row.id,
        reason: 'refund',
        amountMinor: payment.amountMinor,
        storeId: plan.register.storeId,
      });
    if (payment.kind === 'gift_card' && payment.giftCardId)
      await changeGiftCardBalance(tx, ctx, {
        giftCardId: payment.giftCardId,
        kind: 'refund_credit',
        amountMinor: payment.amountMinor,
        saleId: plan.saleId,
        refundId: plan.id,
      });
    if (payment.kind === 'store_credit' && payment.customerId)
      await changeStoreCredit(tx, ctx, {
        customerId: payment.customerId,
        // Back onto the credit the customer spent, or new credit instead of money.
        kind: payment.salePaymentId ? 'payment_reversal' : 'refund_credit',
        amountMinor: payment.amountMinor,
        saleId: plan.saleId,
        refundId: plan.id,
      });
  }
}

/** A gift card sold on the sale and brought back: the value it was loaded with comes off it. */
async function unloadGiftCards(tx: Tx, ctx: ServiceContext, plan: RefundPlan): Promise<void> {
  for (const line of plan.lines) {
    if (!line.giftCardId || line.amounts.totalMinor === 0) continue;
    await changeGiftCardBalance(tx, ctx, {
      giftCardId: line.giftCardId,
      kind: 'adjustment',
      amountMinor: -line.amounts.totalMinor,
      saleId: plan.saleId,
      refundId: plan.id,
      reason: `Refunded on refund ${plan.id}`,
    });
  }
}

/** The sale's counters; their CHECKs are the last guard against giving back more than sold. */
async function bumpSale(tx: Tx, saleId: string, plan: RefundPlan): Promise<void> {
  for (const line of plan.lines) {
    if (!line.saleLineId) continue;
    await tx.execute(sql`update sale_lines
      set refunded_quantity_milli = refunded_quantity_milli + ${line.quantityMilli}
      where id = ${line.saleLineId} and sale_id = ${saleId}`);
  }
  for (const payment of plan.payments) {
    if (!payment.salePaymentId) continue;
    await tx.execute(sql`update sale_payments
      set refunded_minor = refunded_minor + ${payment.amountMinor}
      where id = ${payment.salePaymentId} and sale_id = ${saleId}`);
  }
  await tx.execute(sql`update sales set refunded_minor = refunded_minor + ${plan.totals.totalMinor}
    where id = ${saleId}`);
}

async function restock(
  tx: Tx,
  ctx: ServiceContext,
  outbox: Outbox,
  plan: RefundPlan,
): Promise<void> {
  const movements = plan.lines.flatMap((line) =>
    line.restock && line.variantId
      ? [
          {
            storeId: plan.register.storeId,
            variantId: line.variantId,
            kind: 'returned' as const,
            quantityMilli: line.quantityMilli,
            // Free text from the till; the ledger's reason column is a fixed vocabulary.
            note: line.restockReason,
            referenceType: 'refund',
            referenceId: plan.id,
          },
        ]
      : [],
  );
  await applyMovements(tx, ctx, outbox, movements, { untracked: 'skip' });
}
