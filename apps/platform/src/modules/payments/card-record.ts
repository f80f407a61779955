import type { Tx } from '@tillpoint/db';
import type { PaymentSnapshot } from '@tillpoint/plugin-sdk';
import type { ServiceContext } from '../../context.ts';
import type { Outbox } from '../../events/outbox.ts';
import { recordAudit } from '../audit/service.ts';
import { completePaidSale } from '../sales/payment-service.ts';
import { selectSale } from '../sales/sale-queries.ts';
import { captureTenders } from '../sales/tenders.ts';
import { type CardPaymentRow, markRecorded, markReversed } from './card-queries.ts';
import { requestCardRefund } from './card-refunds.ts';

// Turning money the processor confirmed into a card tender on the sale, exactly once: the card
// payment row is locked and recorded_at is set in the same transaction as the sale_payments row
// (which takes the card payment's id, so a second insert could not succeed anyway). When the sale
// can no longer take it (voided, completed by other tenders, balance smaller than the card
// amount), the money is given back instead of being kept without a sale.

export type RecordOutcome = 'recorded' | 'already_recorded' | 'orphaned';

export async function recordSucceededPayment(
  tx: Tx,
  ctx: ServiceContext,
  outbox: Outbox,
  payment: CardPaymentRow,
  snapshot: PaymentSnapshot,
): Promise<RecordOutcome> {
  if (payment.recordedAt !== null) return 'already_recorded';
  if (payment.status === 'reversed') return 'orphaned';
  const sale = await selectSale(tx, payment.saleId, 'for update');
  if (!sale) throw new Error(`sale ${payment.saleId} of card payment ${payment.id} vanished`);
  const amountMinor = snapshot.capturedMinor;
  const balanceMinor = sale.totalMinor - sale.paidMinor;
  const takeable =
    (sale.status === 'open' || sale.status === 'parked') &&
    amountMinor > 0 &&
    amountMinor <= balanceMinor;
  if (!takeable) {
    await markReversed(tx, payment.id);
    await requestCardRefund(tx, ctx.tenantId, outbox, {
      cardPaymentId: payment.id,
      refundPaymentId: null,
      reason: 'orphaned',
      amountMinor: amountMinor > 0 ? amountMinor : payment.amountMinor,
      storeId: payment.storeId,
    });
    await recordAudit(tx, ctx, {
      action: 'card_payment.orphaned',
      targetType: 'card_payment',
      targetId: payment.id,
      storeId: payment.storeId,
      after: { saleStatus: sale.status, balanceMinor, amountMinor },
    });
    return 'orphaned';
  }
  const [tender] = await captureTenders(
    tx,
    ctx,
    sale,
    [
      {
        id: payment.id,
        kind: 'card',
        amountMinor,
        reference: snapshot.providerPaymentId.slice(0, 100),
        cardPaymentId: payment.id,
      },
    ],
    { offline: false, flags: [], occurredAt: null },
  );
  await markRecorded(tx, payment.id);
  await recordAudit(tx, ctx, {
    action: 'sale.payment_captured',
    targetType: 'sale',
    targetId: sale.id,
    storeId: sale.storeId,
    after: { ...tender, providerPaymentId: snapshot.providerPaymentId },
  });
  const after = await selectSale(tx, sale.id);
  if (after && after.status === 'open' && after.paidMinor === after.totalMinor)
    await completePaidSale(tx, ctx, outbox, sale.id);
  return 'recorded';
}
