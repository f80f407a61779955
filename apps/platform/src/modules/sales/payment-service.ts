import { type Database, newId, type Tx } from '@tillpoint/db';
import type { RequestContext, ServiceContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import type { Outbox } from '../../events/outbox.ts';
import { recordAudit } from '../audit/service.ts';
import { findGiftCardByCode } from '../gift-cards/gift-card-ledger.ts';
import { authorize } from '../identity/authorize.ts';
import { balanceDue, completeSale, emptySale } from './completion.ts';
import { type PaymentRow, selectPayment, selectSale } from './sale-queries.ts';
import type { PaymentInput, PaymentResultView, SaleView } from './sale-schemas.ts';
import { assertExpectedTotal, assertOpen, lockSale } from './sale-state.ts';
import { loadSalesSettings } from './settings.ts';
import { captureTenders } from './tenders.ts';
import { loadSaleView, paymentView } from './views.ts';

// Taking payment on a sale, one tender per request, and completing it in the same transaction
// when the balance reaches zero. The sale row lock serializes two registers (or two taps) paying
// the same sale: the second sees what the first left due.

// A deadlock between two completions (gift cards and registers locked in different orders) is
// retried as a whole; everything in these transactions is database work.
const RETRY = { retries: 2 } as const;

async function samePayment(tx: Tx, stored: PaymentRow, input: PaymentInput): Promise<boolean> {
  if (
    stored.kind !== input.kind ||
    stored.tenderedMinor !== input.amountMinor ||
    stored.reference !== (input.reference ?? null)
  )
    return false;
  if (input.kind !== 'gift_card') return true;
  const card = input.giftCardCode ? await findGiftCardByCode(tx, input.giftCardCode) : null;
  return card?.id === stored.giftCardId;
}

/** Completes a fully paid sale taken online (payments here, card payments confirmed later). */
export async function completePaidSale(
  tx: Tx,
  ctx: ServiceContext,
  outbox: Outbox,
  saleId: string,
): Promise<void> {
  const settings = await loadSalesSettings(tx);
  await completeSale(tx, ctx, outbox, saleId, {
    offline: false,
    occurredAt: null,
    flags: [],
    allowNegativeStock: settings.allowNegativeStock,
  });
}

export function createPaymentService(db: Database, outbox: Outbox) {
  return {
    async pay(
      ctx: RequestContext,
      saleId: string,
      input: PaymentInput,
    ): Promise<{ result: PaymentResultView; replayed: boolean }> {
      const authed = authorize(ctx, 'sales.sell');
      return db.withTenant(
        authed,
        async (tx) => {
          const sale = await lockSale(tx, authed, saleId);
          const paymentId = input.id ?? newId();
          if (input.id) {
            const stored = await selectPayment(tx, input.id);
            if (stored) {
              if (stored.saleId !== saleId || !(await samePayment(tx, stored, input)))
                throw new AppError(
                  'payment.id_conflict',
                  'Another payment already has this id; give the new payment a new id.',
                  { paymentId: input.id },
                );
              const view = await loadSaleView(tx, saleId);
              return { result: { ...view, payment: paymentView(stored) }, replayed: true };
            }
          }
          assertOpen(sale);
          assertExpectedTotal(input.expectedTotalMinor, sale.totalMinor);
          if (sale.lineCount === 0) throw emptySale(saleId);
          const [payment] = await captureTenders(tx, authed, sale, [{ ...input, id: paymentId }], {
            offline: false,
            flags: [],
            occurredAt: null,
          });
          await recordAudit(tx, authed, {
            action: 'sale.payment_captured',
            targetType: 'sale',
            targetId: saleId,
            storeId: sale.storeId,
            after: payment,
          });
          const after = await selectSale(tx, saleId);
          if (after && after.paidMinor === after.totalMinor)
            await completePaidSale(tx, authed, outbox, saleId);
          const view = await loadSaleView(tx, saleId);
          const stored = view.payments.find((p) => p.id === paymentId);
          if (!stored) throw new Error('captured payment is missing');
          return { result: { ...view, payment: stored }, replayed: false };
        },
        RETRY,
      );
    },

    /** For a sale already fully paid (or fully discounted): takes its receipt number. */
    async complete(
      ctx: RequestContext,
      saleId: string,
      expectedTotalMinor: number,
    ): Promise<SaleView> {
      const authed = authorize(ctx, 'sales.sell');
      return db.withTenant(
        authed,
        async (tx) => {
          const sale = await lockSale(tx, authed, saleId);
          assertOpen(sale);
          assertExpectedTotal(expectedTotalMinor, sale.totalMinor);
          if (sale.lineCount === 0) throw emptySale(saleId);
          if (sale.paidMinor !== sale.totalMinor) throw balanceDue(sale);
          await completePaidSale(tx, authed, outbox, saleId);
          return loadSaleView(tx, saleId);
        },
        RETRY,
      );
    },
  };
}
