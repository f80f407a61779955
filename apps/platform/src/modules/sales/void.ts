import { type Database, sql, type Tx } from '@tillpoint/db';
import type { RequestContext, ServiceContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import type { Outbox } from '../../events/outbox.ts';
import { recordAudit } from '../audit/service.ts';
import { changeStoreCredit } from '../customers/store-credit-ledger.ts';
import { changeGiftCardBalance } from '../gift-cards/gift-card-ledger.ts';
import { requirePermissionOrApproval } from '../identity/approval-gate.ts';
import { authorize } from '../identity/authorize.ts';
import { activeCardPaymentOf } from '../payments/card-queries.ts';
import { requestCardRefund } from '../payments/card-refunds.ts';
import { type PaymentRow, selectPayments } from './sale-queries.ts';
import type { VoidInput, VoidResultView } from './sale-schemas.ts';
import { lockSale, stateError } from './sale-state.ts';
import { loadSaleView } from './views.ts';

// Voiding an unfinished sale: nothing was sold, so every captured payment goes back in the same
// transaction — stored value to its ledger, cash and terminal payments marked reversed (the
// drawer hands the cash back; the terminal payment must be voided on the terminal, which the
// answer lists), card payments refunded through their processor once the void has committed.
// A completed sale is not voided but refunded.

/** Gives one captured payment back; card payments through their processor after commit. */
async function reverse(
  tx: Tx,
  ctx: ServiceContext,
  outbox: Outbox,
  sale: { id: string; storeId: string },
  payment: PaymentRow,
) {
  const saleId = sale.id;
  if (payment.kind === 'card' && payment.cardPaymentId && payment.appliedMinor > 0)
    await requestCardRefund(tx, ctx.tenantId, outbox, {
      cardPaymentId: payment.cardPaymentId,
      refundPaymentId: null,
      reason: 'void',
      amountMinor: payment.appliedMinor,
      storeId: sale.storeId,
    });
  if (payment.kind === 'gift_card' && payment.giftCardId && payment.appliedMinor > 0)
    await changeGiftCardBalance(tx, ctx, {
      giftCardId: payment.giftCardId,
      kind: 'redeem_reversal',
      amountMinor: payment.appliedMinor,
      saleId,
    });
  if (payment.kind === 'store_credit' && payment.customerId && payment.appliedMinor > 0)
    await changeStoreCredit(tx, ctx, {
      customerId: payment.customerId,
      kind: 'payment_reversal',
      amountMinor: payment.appliedMinor,
      saleId,
    });
  await tx.execute(sql`update sale_payments set status = 'reversed', reversed_at = now()
    where id = ${payment.id}`);
}

export function createVoidService(db: Database, outbox: Outbox) {
  return {
    async voidSale(ctx: RequestContext, saleId: string, input: VoidInput): Promise<VoidResultView> {
      const authed = authorize(ctx, 'sales.sell');
      const reason = input.reason.trim();
      if (!reason)
        throw new AppError('sale.void_reason_required', 'Say why the sale is voided (reason).');
      return db.withTenant(authed, async (tx) => {
        const sale = await lockSale(tx, authed, saleId);
        if (sale.status !== 'open' && sale.status !== 'parked') throw stateError(sale);
        const onReader = await activeCardPaymentOf(tx, saleId);
        if (onReader)
          throw new AppError(
            'payment.card_in_progress',
            'A card payment is on the reader for this sale: cancel it before voiding the sale.',
            { saleId, cardPaymentId: onReader.id },
          );
        // Throwing away an empty sale is no loss; one with items needs a manager.
        const approval =
          sale.lineCount > 0
            ? await requirePermissionOrApproval(
                tx,
                authed,
                'sales.void',
                'sale.void',
                input.approvalId,
              )
            : { approvedBy: null, approvalId: null };
        const captured = (await selectPayments(tx, saleId)).filter(
          (payment) => payment.status === 'captured',
        );
        for (const payment of captured) await reverse(tx, authed, outbox, sale, payment);
        await tx.execute(sql`update sales set status = 'voided', voided_at = now(),
            void_reason = ${reason}, paid_minor = 0,
            change_minor = 0, cash_rounding_minor = 0, version = version + 1
          where id = ${saleId}`);
        const terminalVoids = captured
          .filter((payment) => payment.kind === 'external')
          .map((payment) => ({
            paymentId: payment.id,
            reference: payment.reference,
            amountMinor: payment.appliedMinor,
          }));
        await recordAudit(tx, authed, {
          action: 'sale.voided',
          targetType: 'sale',
          targetId: saleId,
          storeId: sale.storeId,
          before: { status: sale.status, totalMinor: sale.totalMinor, paidMinor: sale.paidMinor },
          after: {
            reason,
            approvedBy: approval.approvedBy,
            approvalId: approval.approvalId,
            reversedPayments: captured.map((payment) => ({
              id: payment.id,
              kind: payment.kind,
              appliedMinor: payment.appliedMinor,
            })),
          },
        });
        return { ...(await loadSaleView(tx, saleId)), terminalVoids };
      });
    },
  };
}
