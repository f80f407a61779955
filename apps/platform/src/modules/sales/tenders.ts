import { sql, type Tx } from '@tillpoint/db';
import {
  applyTenders,
  isPricingError,
  type TenderInput,
  type TenderSettlement,
} from '@tillpoint/domain';
import type { ServiceContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { openCashSessionOf } from '../cash/open-session.ts';
import { changeStoreCredit } from '../customers/store-credit-ledger.ts';
import { changeGiftCardBalance, findGiftCardByCode } from '../gift-cards/gift-card-ledger.ts';
import {
  insertPayments,
  type NewPayment,
  type PaymentRow,
  type SaleRow,
  selectPayments,
} from './sale-queries.ts';
import type { PaymentKind, SaleFlagView } from './sale-schemas.ts';

// Taking money on a sale. applyTenders settles every captured tender of the sale plus the new
// ones against the total, in the order taken, so the sale's paid, change and cash rounding are
// always the engine's figures; each new tender then moves its own ledger (gift card, store
// credit) or points at the register's open drawer (cash).

export interface TenderRequest {
  readonly id: string;
  readonly kind: PaymentKind;
  readonly amountMinor: number;
  readonly giftCardCode?: string | undefined;
  readonly reference?: string | undefined;
  /** Card tenders: the card payment the processor confirmed; this tender takes its id. */
  readonly cardPaymentId?: string | undefined;
}

export interface TenderOptions {
  /** Offline sales happened already: a missing drawer is flagged, not refused. */
  readonly offline: boolean;
  readonly flags: SaleFlagView[];
  readonly occurredAt: string | null;
}

/** What a tender must carry before anything is looked up. */
export function assertTenderShape(request: TenderRequest, customerId: string | null): void {
  const details = { paymentId: request.id, kind: request.kind };
  switch (request.kind) {
    case 'card':
      // Only the card payment flow records card tenders, once the processor confirmed the money.
      if (!request.cardPaymentId)
        throw new AppError(
          'payment.card_needs_reader',
          "Card payments are taken on the register's card reader: start one with POST " +
            '/sales/{id}/card-payments. A card taken on a stand-alone terminal is recorded as ' +
            "'external' with the terminal's approval code as reference.",
          details,
        );
      return;
    case 'external':
    case 'other':
      if (!request.reference)
        throw new AppError(
          'payment.reference_required',
          request.kind === 'external'
            ? "Enter the card terminal's approval code as the payment reference."
            : 'Say what this payment is (a cheque number, a voucher...) in the reference.',
          details,
        );
      return;
    case 'gift_card':
      if (!request.giftCardCode)
        throw new AppError(
          'payment.gift_card_code_required',
          'Scan or type the gift card number (giftCardCode) to pay with it.',
          details,
        );
      return;
    case 'store_credit':
      if (customerId === null)
        throw new AppError(
          'payment.customer_required',
          'Store credit belongs to a customer: add the customer to the sale first.',
          details,
        );
      return;
    case 'cash':
      return;
  }
}

function settle(sale: SaleRow, tenders: readonly TenderInput[]): TenderSettlement {
  try {
    return applyTenders({
      currency: sale.currency,
      balanceDueMinor: sale.totalMinor,
      tenders,
      cashIncrementMinor: sale.cashIncrementMinor,
      roundingMode: sale.roundingMode,
    });
  } catch (error) {
    if (isPricingError(error) && error.code === 'pricing.tender_exceeds_balance') {
      const balance = error.details?.balanceMinor;
      throw new AppError(
        'payment.amount_exceeds_balance',
        typeof balance === 'number'
          ? `Only ${balance} (minor units) is still due; only cash can be more than the balance ` +
              '(it gives change). Take the balance or less.'
          : 'Nothing is due on this sale any more; complete it instead of taking more money.',
        { saleId: sale.id, ...(typeof balance === 'number' ? { balanceDueMinor: balance } : {}) },
      );
    }
    throw error;
  }
}

/**
 * Captures tenders on a locked, open sale and stores the new settlement on it. Returns the new
 * payments as applied. The caller completes the sale when paid reaches the total.
 */
export async function captureTenders(
  tx: Tx,
  ctx: ServiceContext,
  sale: SaleRow,
  requests: readonly TenderRequest[],
  options: TenderOptions,
): Promise<NewPayment[]> {
  for (const request of requests) assertTenderShape(request, sale.customerId);
  const captured = (await selectPayments(tx, sale.id)).filter((p) => p.status === 'captured');
  const settlement = settle(sale, [
    ...captured.map(
      (p: PaymentRow): TenderInput => ({ kind: p.kind, amountMinor: p.tenderedMinor }),
    ),
    ...requests.map((r): TenderInput => ({ kind: r.kind, amountMinor: r.amountMinor, id: r.id })),
  ]);
  const applied = settlement.payments.slice(captured.length);

  let drawer: { id: string } | null | undefined;
  const payments: NewPayment[] = [];
  for (const [index, request] of requests.entries()) {
    const tender = applied[index];
    if (!tender) throw new Error('applyTenders lost a tender');
    let cashSessionId: string | null = null;
    let giftCardId: string | null = null;
    if (request.kind === 'cash') {
      if (drawer === undefined) drawer = await openCashSessionOf(tx, sale.registerId);
      cashSessionId = drawer?.id ?? null;
      if (!drawer) {
        if (!options.offline)
          throw new AppError(
            'cash_session.not_open',
            'There is no open cash drawer on this register: open a cash session before taking ' +
              'cash.',
            { registerId: sale.registerId },
          );
        options.flags.push({
          code: 'no_cash_session',
          message: 'Cash was taken while no cash session was open on the register.',
          paymentId: request.id,
        });
      }
    } else if (request.kind === 'gift_card') {
      giftCardId = await redeemGiftCard(tx, ctx, sale, request, tender.appliedMinor);
    } else if (request.kind === 'store_credit' && sale.customerId) {
      await changeStoreCredit(tx, ctx, {
        customerId: sale.customerId,
        kind: 'payment',
        amountMinor: -tender.appliedMinor,
        saleId: sale.id,
      });
    }
    payments.push({
      id: request.id,
      kind: request.kind,
      tenderedMinor: tender.tenderedMinor,
      appliedMinor: tender.appliedMinor,
      changeMinor: tender.changeMinor,
      cashRoundingMinor: tender.cashRoundingMinor,
      reference: request.reference ?? null,
      giftCardId,
      customerId: request.kind === 'store_credit' ? sale.customerId : null,
      cashSessionId,
      cardPaymentId: request.kind === 'card' ? (request.cardPaymentId ?? null) : null,
    });
  }
  await insertPayments(tx, ctx.tenantId, sale.id, options.occurredAt, payments);
  const sessionId = payments.find((p) => p.cashSessionId !== null)?.cashSessionId ?? null;
  await tx.execute(sql`update sales set paid_minor = ${settlement.paidMinor},
      change_minor = ${settlement.changeMinor}, cash_rounding_minor = ${settlement.cashRoundingMinor},
      cash_session_id = coalesce(cash_session_id, ${sessionId}::uuid), version = version + 1
    where id = ${sale.id}`);
  return payments;
}

async function redeemGiftCard(
  tx: Tx,
  ctx: ServiceContext,
  sale: SaleRow,
  request: TenderRequest,
  appliedMinor: number,
): Promise<string> {
  const card = await findGiftCardByCode(tx, request.giftCardCode ?? '');
  if (!card)
    throw new AppError(
      'gift_card.not_found',
      'No gift card with this number here; check the number and try again.',
    );
  if (card.currency !== sale.currency)
    throw new AppError(
      'gift_card.currency_mismatch',
      `Gift card ending ${card.last4} holds ${card.currency}, not ${sale.currency}.`,
    );
  await changeGiftCardBalance(tx, ctx, {
    giftCardId: card.id,
    kind: 'redeem',
    amountMinor: -appliedMinor,
    saleId: sale.id,
  });
  return card.id;
}
