import { ok } from '@tillpoint/api-client';
import type { CardPaymentReply, PaymentBody, ServerSale } from '../api-types.ts';
import type { Api } from '../device/api.ts';
import type { Cart, CartPayment } from '../sale/cart.ts';
import { ensureServerSale, withRetries } from './server-sale.ts';

// A sale with a card tender (online only). The sale is created on the server with the cart's
// ids (sale, lines), then the tenders go in the order the cashier took them: a card through
// POST /sales/{id}/card-payments followed every 500 ms until it ends, any other tender through
// POST /sales/{id}/payments. The server completes the sale when it is paid in full. Every call
// carries an id chosen here, so a retry after a lost answer never charges twice; a declined
// card is final for its id, and trying again is a new payment with a new id.

export const CARD_POLL_MS = 500;

const FINAL = new Set(['succeeded', 'failed', 'canceled', 'reversed']);

export function isFinalCardStatus(status: string): boolean {
  return FINAL.has(status);
}

function paymentBody(payment: Exclude<CartPayment, { kind: 'card' }>): PaymentBody {
  const base = { id: payment.id, kind: payment.kind, amountMinor: payment.amountMinor };
  switch (payment.kind) {
    case 'external':
    case 'other':
      return { ...base, reference: payment.reference };
    case 'gift_card':
      return { ...base, giftCardCode: payment.giftCardCode };
    default:
      return base;
  }
}

/** Sends the cart's tenders the server does not have yet, in order (cards are already there). */
export async function sendPendingTenders(
  api: Api,
  sale: ServerSale,
  cart: Cart,
  expectedTotalMinor: number,
): Promise<ServerSale> {
  let current = sale;
  const known = new Set(current.payments.map((payment) => payment.id));
  for (const payment of cart.payments) {
    if (payment.kind === 'card' || known.has(payment.id)) continue;
    if (current.status !== 'open') break;
    const body = { ...paymentBody(payment), expectedTotalMinor };
    const reply = await withRetries(() =>
      ok(
        api.POST('/api/v1/sales/{id}/payments', {
          params: { path: { id: current.id }, header: { 'idempotency-key': payment.id } },
          body,
        }),
      ),
    );
    current = reply as ServerSale;
  }
  return current;
}

export interface CardAttempt {
  /** The card payment's id, chosen here; reused only to resume the same attempt. */
  readonly paymentId: string;
  readonly amountMinor: number;
  readonly expectedTotalMinor: number;
}

export interface FollowOptions {
  readonly signal?: AbortSignal;
  readonly intervalMs?: number;
  readonly onUpdate?: (reply: CardPaymentReply) => void;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** Polls the card payment until it succeeds, fails or is cancelled. */
export async function followCardPayment(
  api: Api,
  saleId: string,
  paymentId: string,
  options: FollowOptions = {},
): Promise<CardPaymentReply> {
  for (;;) {
    options.signal?.throwIfAborted();
    const reply = await withRetries(() =>
      ok(
        api.GET('/api/v1/sales/{id}/card-payments/{paymentId}', {
          params: { path: { id: saleId, paymentId } },
        }),
      ),
    );
    options.onUpdate?.(reply);
    if (isFinalCardStatus(reply.cardPayment.status)) return reply;
    await sleep(options.intervalMs ?? CARD_POLL_MS, options.signal);
  }
}

export interface CardTenderInput extends FollowOptions {
  readonly api: Api;
  readonly cart: Cart;
  readonly registerId: string;
  readonly attempt: CardAttempt;
}

/**
 * Puts the cart on the server (sale, lines, discounts, customer), sends the tenders taken before
 * the card, starts the card payment on the register's reader and follows it to its end.
 */
export async function runCardTender(input: CardTenderInput): Promise<CardPaymentReply> {
  const { api, cart, attempt } = input;
  const opened = await withRetries(() => ensureServerSale(api, cart, input.registerId));
  await sendPendingTenders(api, opened, cart, attempt.expectedTotalMinor);
  const started = await withRetries(() =>
    ok(
      api.POST('/api/v1/sales/{id}/card-payments', {
        params: { path: { id: opened.id }, header: { 'idempotency-key': attempt.paymentId } },
        body: {
          id: attempt.paymentId,
          amountMinor: attempt.amountMinor,
          expectedTotalMinor: attempt.expectedTotalMinor,
        },
      }),
    ),
  );
  input.onUpdate?.(started);
  if (isFinalCardStatus(started.cardPayment.status)) return started;
  return followCardPayment(api, opened.id, attempt.paymentId, input);
}

/** Clears the reader for a payment not charged yet (the customer walked away, wrong amount). */
export async function cancelCardPayment(
  api: Api,
  saleId: string,
  paymentId: string,
): Promise<CardPaymentReply> {
  return ok(
    api.POST('/api/v1/sales/{id}/card-payments/{paymentId}/cancel', {
      params: { path: { id: saleId, paymentId } },
    }),
  );
}

/**
 * Finishes a sale that lives on the server: the remaining tenders are sent and the server
 * completes it when paid in full. Answers the sale as the server holds it.
 */
export async function completeOnServer(
  api: Api,
  cart: Cart,
  registerId: string,
  expectedTotalMinor: number,
): Promise<ServerSale> {
  const sale = await withRetries(() => ensureServerSale(api, cart, registerId));
  return sendPendingTenders(api, sale, cart, expectedTotalMinor);
}
