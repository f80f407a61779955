import { type Database, isUniqueViolation, newId, type Tx } from '@tillpoint/db';
import { toMilli } from '@tillpoint/domain';
import type { RequestContext, ServiceContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import type { Outbox } from '../../events/outbox.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize } from '../identity/authorize.ts';
import { balanceDue, completeSale } from './completion.ts';
import { checkNewSaleShape, writeExchangeSale } from './exchange-sale.ts';
import type { ExchangeInput, ExchangeView } from './exchange-schemas.ts';
import { lineQuantityMilli } from './line-build.ts';
import { selectRefund } from './refund-queries.ts';
import { loadRefundRegister, registerIdFor } from './refund-register.ts';
import { assertCompleted, lockSaleForRefund } from './refund-sale.ts';
import type { RefundView } from './refund-schemas.ts';
import {
  overRefundGuard,
  RETRY,
  refundSale,
  refundView,
  returnedLinesOf,
} from './refund-service.ts';
import { selectSale } from './sale-queries.ts';
import { loadSalesSettings } from './settings.ts';
import { captureTenders } from './tenders.ts';
import { loadSaleView } from './views.ts';

// An exchange, in ONE transaction: the returned lines become a refund of kind 'exchange' whose
// value pays the new sale as a tender (kind 'other', reference 'exchange:<refund id>'), the
// customer's payments cover any difference, the new sale completes (stock out, receipt number),
// and a return worth more than the new sale sends the rest back as any refund would.

export interface ExchangeResult {
  readonly exchange: ExchangeView;
  readonly replayed: boolean;
}

/** A replay asks for the same return against the same new sale. */
function isSameExchange(stored: RefundView, input: ExchangeInput): boolean {
  const asked = input.return.lines;
  return (
    stored.kind === 'exchange' &&
    stored.saleId === input.return.saleId &&
    stored.exchangeSaleId === input.sale.id &&
    stored.lines.length === asked.length &&
    asked.every((line, index) => {
      const row = stored.lines[index];
      return (
        row !== undefined &&
        row.saleLineId === line.saleLineId &&
        toMilli(row.quantity) === toMilli(line.quantity) &&
        row.restock === line.restock
      );
    })
  );
}

async function resultOf(tx: Tx, refundId: string, saleId: string): Promise<ExchangeView> {
  const refund = await refundView(tx, refundId);
  const sale = await loadSaleView(tx, saleId);
  return { refund, sale, differenceMinor: sale.totalMinor - refund.totalMinor };
}

export function createExchangeService(db: Database, outbox: Outbox) {
  async function exchangeLocked(
    tx: Tx,
    authed: ServiceContext,
    input: ExchangeInput,
    refundId: string,
    registerId: string,
  ): Promise<ExchangeResult> {
    const register = await loadRefundRegister(tx, authed, registerId);
    // The returned sale's lock orders this exchange with every other refund of that sale (and
    // with a replay of itself, which then finds the stored exchange).
    const original = await lockSaleForRefund(tx, input.return.saleId);
    if (input.id) {
      const stored = await selectRefund(tx, input.id);
      if (stored) {
        if (!isSameExchange(stored, input) || !stored.exchangeSaleId)
          throw new AppError(
            'refund.id_conflict',
            `A different refund was already made under id ${input.id}; choose a new id.`,
            { refundId: input.id },
          );
        return { exchange: await resultOf(tx, stored.id, stored.exchangeSaleId), replayed: true };
      }
    }
    assertCompleted(original);
    const settings = await loadSalesSettings(tx);
    if (original.currency !== settings.currency)
      throw new AppError(
        'exchange.currency_mismatch',
        `The returned sale was in ${original.currency}; new sales are in ${settings.currency}.`,
      );
    const newSale = await writeExchangeSale(
      tx,
      authed,
      register,
      settings,
      input.sale,
      original.customerId,
    );

    const plan = await refundSale(tx, authed, outbox, {
      id: refundId,
      kind: 'exchange',
      saleId: original.id,
      register,
      returned: returnedLinesOf(input.return),
      destination: input.return.destination,
      reason: input.return.reason ?? null,
      approvalId: null,
      expectedTotalMinor: input.return.expectedTotalMinor,
      exchange: { saleId: input.sale.id, valueMinor: newSale.totalMinor },
    });
    const valueMinor = plan.payments
      .filter((payment) => payment.kind === 'exchange')
      .reduce((sum, payment) => sum + payment.amountMinor, 0);

    const sale = await selectSale(tx, input.sale.id, 'for update');
    if (!sale) throw new Error('exchange sale vanished');
    await captureTenders(
      tx,
      authed,
      sale,
      [
        ...(valueMinor > 0
          ? [
              {
                id: newId(),
                kind: 'other' as const,
                amountMinor: valueMinor,
                reference: `exchange:${refundId}`,
              },
            ]
          : []),
        ...input.sale.payments,
      ],
      { offline: false, flags: [], occurredAt: null },
    );
    const paid = await selectSale(tx, input.sale.id);
    if (!paid || paid.paidMinor !== paid.totalMinor) throw balanceDue(paid ?? sale);
    const receiptNumber = await completeSale(tx, authed, outbox, input.sale.id, {
      offline: false,
      occurredAt: null,
      flags: [],
      allowNegativeStock: settings.allowNegativeStock,
    });

    await recordAudit(tx, authed, {
      action: 'exchange.completed',
      targetType: 'refund',
      targetId: refundId,
      storeId: register.storeId,
      after: {
        returnedSaleId: original.id,
        saleId: input.sale.id,
        saleReceiptNumber: receiptNumber,
        returnMinor: plan.totals.totalMinor,
        saleMinor: newSale.totalMinor,
        exchangeValueMinor: valueMinor,
      },
    });
    return { exchange: await resultOf(tx, refundId, input.sale.id), replayed: false };
  }

  return {
    async exchange(ctx: RequestContext, input: ExchangeInput): Promise<ExchangeResult> {
      const authed = authorize(ctx, 'sales.refund');
      authorize(ctx, 'sales.sell');
      const registerId = registerIdFor(authed, input.registerId);
      checkNewSaleShape(input.sale);
      for (const line of input.sale.lines)
        if (line.kind !== 'gift_card') lineQuantityMilli(line.quantity);
      returnedLinesOf(input.return);
      const refundId = input.id ?? newId();
      try {
        return await db.withTenant(
          authed,
          (tx) => exchangeLocked(tx, authed, input, refundId, registerId),
          RETRY,
        );
      } catch (error) {
        if (isUniqueViolation(error, 'refunds_pkey') || isUniqueViolation(error, 'refunds_id_key'))
          throw new AppError(
            'refund.id_conflict',
            `A different refund was already made under id ${refundId}; choose a new id.`,
            { refundId },
          );
        return overRefundGuard(error);
      }
    },
  };
}

export type ExchangeService = ReturnType<typeof createExchangeService>;
