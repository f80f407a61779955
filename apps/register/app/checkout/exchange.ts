import type { paths } from '@tillpoint/api-client';
import {
  getCurrency,
  type PricedLine,
  type PricedSale,
  priceRefund,
  type RefundQuantity,
} from '@tillpoint/domain';
import type { ServerSale } from '../api-types.ts';
import type { Cart, CartPayment, NewPayment } from '../sale/cart.ts';
import type { SaleContext } from '../sale/context.ts';
import { SaleModelError } from '../sale/errors.ts';
import { toSubmitBody } from '../sale/submit-body.ts';
import {
  type CashPreview,
  type PaymentRefusal,
  paymentRefusal,
  previewCash,
} from '../sale/tender.ts';
import { priceCart, settlePayments } from '../sale/totals.ts';

// An exchange as the register builds it for POST /api/v1/exchanges: lines of a completed sale
// come back, a new cart goes out, and only the difference changes hands. Every figure is the
// money engine's: the return is priced with priceRefund over the stored sale lines (as the
// server's refund plan does), the new cart with priceCart, and the customer's payments are
// settled after the return's value, in the order the server captures them (exchange-service.ts).

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

export type ExchangeBody = Json<paths['/api/v1/exchanges']['post']['requestBody']>;
export type ExchangeReply = Json<paths['/api/v1/exchanges']['post']['responses'][201]>;
/** A refund as GET /sales/{id}/refunds lists it: what earlier returns already took back. */
export type SaleRefund = Json<paths['/api/v1/sales/{id}/refunds']['get']['responses'][200]>[number];
/** The part of a refund the return's pricing reads. */
export interface RefundedLines {
  readonly lines: readonly { readonly saleLineId: string | null; readonly quantity: number }[];
}

export interface ReturnChoice {
  readonly saleLineId: string;
  /** Thousandths of a unit (or of a kg). */
  readonly quantityMilli: number;
  readonly restock: boolean;
}

/** The stored sale in the engine's shape: the figures the server kept, never re-priced. */
export function pricedSaleOf(sale: ServerSale): PricedSale {
  const lines = sale.lines.map(
    (line): PricedLine => ({
      id: line.id,
      quantityMilli: Math.round(line.quantity * 1000),
      listUnitPriceMinor: line.listUnitPriceMinor,
      unitPriceMinor: line.unitPriceMinor,
      grossMinor: line.grossMinor,
      lineDiscountMinor: line.lineDiscountMinor,
      orderDiscountMinor: line.orderDiscountMinor,
      netMinor: line.netMinor,
      taxes: line.taxes.map((tax) => ({
        rateId: tax.rateId,
        ratePpm: tax.ratePpm,
        taxMinor: tax.taxMinor,
      })),
      taxMinor: line.taxMinor,
      exemptTaxRemovedMinor: line.exemptTaxRemovedMinor,
      totalMinor: line.totalMinor,
    }),
  );
  return {
    currency: getCurrency(sale.currency, { cashIncrementMinor: sale.cashIncrementMinor }),
    taxMode: sale.taxMode,
    taxRounding: sale.taxRounding,
    roundingMode: sale.roundingMode,
    taxExempt: sale.taxExempt,
    lines,
    totals: sale.totals,
  };
}

/** What earlier refunds of this sale took back, per line, in the engine's shape. */
function alreadyRefunded(refunds: readonly RefundedLines[]): RefundQuantity[] {
  return refunds.flatMap((refund) =>
    refund.lines.flatMap((line) =>
      line.saleLineId
        ? [{ lineId: line.saleLineId, quantityMilli: Math.round(line.quantity * 1000) }]
        : [],
    ),
  );
}

/** The chosen lines with something to return, in the sale's line order. */
export function chosenLines(
  sale: ServerSale,
  choices: readonly ReturnChoice[],
): readonly ReturnChoice[] {
  const byLine = new Map(choices.map((choice) => [choice.saleLineId, choice]));
  return sale.lines.flatMap((line) => {
    const choice = byLine.get(line.id);
    return choice && choice.quantityMilli > 0 ? [choice] : [];
  });
}

/**
 * What the returned lines are worth, exactly as the server's refund plan prices them (earlier
 * refunds of the same lines count, so the step that returns the last unit gets the rounding).
 * Throws the engine's PricingError for more than is left on a line.
 */
export function returnValueMinor(
  sale: ServerSale,
  refunds: readonly RefundedLines[],
  choices: readonly ReturnChoice[],
): number {
  const lines = chosenLines(sale, choices);
  if (lines.length === 0) return 0;
  return priceRefund({
    sale: pricedSaleOf(sale),
    alreadyRefunded: alreadyRefunded(refunds),
    lines: lines.map((line) => ({ lineId: line.saleLineId, quantityMilli: line.quantityMilli })),
  }).totals.totalMinor;
}

export interface ExchangeFigures {
  readonly returnMinor: number;
  readonly newTotalMinor: number;
  /** New items − returned value: positive, the customer pays; negative, the store gives back. */
  readonly differenceMinor: number;
  /** The part of the return that pays the new sale (the server's exchange tender). */
  readonly coveredMinor: number;
  /** Still to pay by the customer after the return and the payments taken so far. */
  readonly dueMinor: number;
  readonly changeMinor: number;
  readonly cashRoundingMinor: number;
  /** What goes back to the customer's original tenders (before the refund's cash rounding). */
  readonly backMinor: number;
  /** Something new is sold and nothing is left to pay: the exchange can be submitted. */
  readonly settled: boolean;
}

/** The return's value as the first payment of the new sale, as the server captures it. */
function exchangeTender(coveredMinor: number, refundId: string): CartPayment[] {
  return coveredMinor > 0
    ? [
        {
          id: `exchange-${refundId}`,
          kind: 'other',
          amountMinor: coveredMinor,
          reference: `exchange:${refundId}`,
        },
      ]
    : [];
}

/** The screen's figures: the return, the new items, the difference and what is still due. */
export function exchangeFigures(
  returnMinor: number,
  cart: Cart,
  context: SaleContext,
): ExchangeFigures {
  const newTotalMinor = priceCart({ ...cart, payments: [] }, context).totalMinor;
  const coveredMinor = Math.min(returnMinor, newTotalMinor);
  const settlement = settlePayments(
    newTotalMinor,
    [...exchangeTender(coveredMinor, 'preview'), ...cart.payments],
    context,
  );
  return {
    returnMinor,
    newTotalMinor,
    differenceMinor: newTotalMinor - returnMinor,
    coveredMinor,
    dueMinor: settlement.balanceRemainingMinor,
    changeMinor: settlement.changeMinor,
    cashRoundingMinor: settlement.cashRoundingMinor,
    backMinor: Math.max(0, returnMinor - newTotalMinor),
    settled: cart.lines.length > 0 && settlement.settled,
  };
}

/**
 * The cart as the server settles it: the return's value as the first payment, then the
 * customer's. The sale's tender checks run over it unchanged, so each tender of an exchange is
 * refused (or previewed) exactly as it would be on a sale of just the difference.
 */
function settledAsServer(returnMinor: number, cart: Cart, context: SaleContext): Cart {
  const newTotalMinor = priceCart({ ...cart, payments: [] }, context).totalMinor;
  const tender = exchangeTender(Math.min(returnMinor, newTotalMinor), 'preview');
  return { ...cart, payments: [...tender, ...cart.payments] };
}

/** Why the exchange should not take this payment now, or null (exchanges are online only). */
export function exchangePaymentRefusal(
  returnMinor: number,
  cart: Cart,
  context: SaleContext,
  payment: NewPayment,
): PaymentRefusal | null {
  return paymentRefusal(settledAsServer(returnMinor, cart, context), context, payment, {
    offline: false,
  });
}

/** What handing over this much cash now would do to the exchange's difference. */
export function previewExchangeCash(
  returnMinor: number,
  cart: Cart,
  context: SaleContext,
  amountMinor: number,
): CashPreview {
  return previewCash(settledAsServer(returnMinor, cart, context), context, amountMinor);
}

export interface ExchangeOptions {
  /** The refund id of the return: chosen once per attempt, so a retry replays it. */
  readonly refundId: string;
  readonly registerId: string;
  readonly sale: ServerSale;
  readonly refunds: readonly RefundedLines[];
  readonly choices: readonly ReturnChoice[];
  readonly reason?: string;
}

/**
 * The body of POST /api/v1/exchanges. The new sale's lines are the register's submit lines
 * (prices and rates as charged); its payments are only the customer's, since the server adds
 * the return's value itself. Throws SaleModelError when nothing comes back, nothing new goes
 * out, or the payments do not cover the difference.
 */
export function toExchangeBody(
  cart: Cart,
  context: SaleContext,
  options: ExchangeOptions,
): ExchangeBody {
  const lines = chosenLines(options.sale, options.choices);
  if (lines.length === 0)
    throw new SaleModelError('sale.empty', 'Choose what comes back before the exchange.');
  const returnMinor = returnValueMinor(options.sale, options.refunds, options.choices);
  const figures = exchangeFigures(returnMinor, cart, context);
  const tender = exchangeTender(figures.coveredMinor, options.refundId);
  // The submit body checks the cart is sold and paid in full: with the return's value as the
  // first tender, exactly as the server will settle it.
  const submit = toSubmitBody({ ...cart, payments: [...tender, ...cart.payments] }, context, {
    occurredAt: new Date(0).toISOString(),
    offline: false,
  });
  const reason = options.reason?.trim();
  return {
    id: options.refundId,
    registerId: options.registerId,
    return: {
      saleId: options.sale.id,
      lines: lines.map((line) => ({
        saleLineId: line.saleLineId,
        quantity: line.quantityMilli / 1000,
        restock: line.restock,
        ...(line.restock ? {} : { restockReason: 'not resellable' }),
      })),
      destination: 'original_tenders',
      ...(reason ? { reason } : {}),
      expectedTotalMinor: returnMinor,
    },
    sale: {
      id: submit.id,
      ...(submit.customerId === undefined ? {} : { customerId: submit.customerId }),
      lines: submit.lines,
      ...(submit.orderDiscount === undefined ? {} : { orderDiscount: submit.orderDiscount }),
      payments: submit.payments.filter((payment) => !tender.some((t) => t.id === payment.id)),
      expectedTotalMinor: submit.expectedTotalMinor,
      ...(submit.approvals === undefined ? {} : { approvals: submit.approvals }),
    },
  };
}
