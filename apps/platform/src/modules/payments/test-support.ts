// A shop that takes cards: the real Stripe plugin configured through the API against a local
// fake of Stripe's HTTP API (driven through the real SDK), a reader assigned to the register,
// and the platform listening on 127.0.0.1 so the fake delivers signed webhooks over HTTP.
import { randomBytes, randomUUID } from 'node:crypto';
import { connectAsOwner } from '@tillpoint/db/testing';
import {
  createFakeStripe,
  type FakeStripe,
  type PaymentIntentJson,
  TEST_CARDS,
} from '@tillpoint/payment-stripe/testing';
import type pg from 'pg';
import Stripe from 'stripe';
import { expect } from 'vitest';
import { type Caller, createTestApp, type TestApp } from '../../testing/index.ts';
import { refusalChecks, wholeRows } from '../../testing/refusals.ts';
import { addLine, api, createItem, newSale, openShop, type Shop } from '../sales/test-support.ts';
import type { CardPaymentResultView } from './card-schemas.ts';

export { TEST_CARDS };

export interface CardShop {
  readonly fake: FakeStripe;
  readonly installationId: string;
  readonly readerId: string;
  readonly webhookSecret: string;
  /** Plays the customer at the reader through Stripe's own test helper. */
  presentCard(number?: string): Promise<void>;
}

/** Listens on a loopback port (webhooks need a real socket); returns the base URL. */
export async function listen(t: TestApp): Promise<string> {
  const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
  return address.replace('localhost', '127.0.0.1');
}

export async function enableStripe(
  shop: Shop,
  baseUrl: string,
  options: { webhooks?: boolean; fake?: FakeStripe } = {},
): Promise<CardShop> {
  const fake = options.fake ?? (await createFakeStripe());
  const webhookSecret = `whsec_${randomBytes(12).toString('hex')}`;
  const owner = shop.retailer.owner;
  const saved = await owner.put<{ installation: { id: string; webhookUrl: string | null } }>(
    api('/plugins/payment-stripe/installation'),
    { config: { secretKey: fake.secretKey, webhookSecret, apiBaseUrl: fake.url } },
  );
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const enabled = await owner.post(api('/plugins/payment-stripe/installation/enable'));
  expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
  const installationId = saved.body.installation.id;
  if (options.webhooks !== false)
    fake.webhookEndpoint(
      `${baseUrl}/plugins/payment-stripe/${installationId}/webhooks`,
      webhookSecret,
    );
  const readerId = `tmr_${randomBytes(6).toString('hex')}`;
  fake.addReader({ id: readerId, label: 'Till reader', online: true });
  const assigned = await owner.put(api(`/registers/${shop.registerId}/card-reader`), {
    readerId,
  });
  expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
  const endpoint = new URL(fake.url);
  const sdk = new Stripe(fake.secretKey, {
    host: endpoint.hostname,
    port: endpoint.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
  return {
    fake,
    installationId,
    readerId,
    webhookSecret,
    async presentCard(number = TEST_CARDS.visa) {
      await sdk.testHelpers.terminal.readers.presentPaymentMethod(readerId, {
        card_present: { number },
      });
    },
  };
}

export type CardAnswer = CardPaymentResultView & { code?: string; message?: string };

export function startCard(
  caller: Caller,
  saleId: string,
  body: { id?: string; amountMinor: number; expectedTotalMinor?: number },
) {
  return caller.post<CardAnswer>(api(`/sales/${saleId}/card-payments`), body);
}

export function cardPayment(caller: Caller, saleId: string, paymentId: string) {
  return caller.get<CardAnswer>(api(`/sales/${saleId}/card-payments/${paymentId}`));
}

/** Polls the card payment until the predicate holds (webhooks arrive asynchronously). */
export async function cardPaymentWhen(
  caller: Caller,
  saleId: string,
  paymentId: string,
  done: (result: CardPaymentResultView) => boolean,
  timeoutMs = 10_000,
): Promise<CardPaymentResultView> {
  const deadline = Date.now() + timeoutMs;
  let last: CardAnswer | null = null;
  while (Date.now() < deadline) {
    const response = await cardPayment(caller, saleId, paymentId);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    last = response.body;
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`card payment never got there; last seen: ${JSON.stringify(last)}`);
}

/** An open sale with one item of the price (no tax) on the shop's register. */
export async function saleOf(shop: Shop, priceMinor: number, quantity = 1) {
  const variantId = await createItem(shop.retailer.owner, priceMinor, { trackStock: false });
  const sale = await newSale(shop.till);
  const withLine = await addLine(shop.till, sale.id, { variantId, quantity });
  return { saleId: sale.id, variantId, totalMinor: withLine.totalMinor };
}

// ---- a test file's setting ---------------------------------------------------------------------

export interface CardTestBed {
  readonly t: TestApp;
  /** The migration owner: reads what is really stored (no RLS, no application code). */
  readonly owner: pg.Client;
  readonly baseUrl: string;
  /** A new retailer's shop taking cards through a fake Stripe of its own (or the one given). */
  cardShop(
    name: string,
    options?: { webhooks?: boolean; fake?: FakeStripe },
  ): Promise<{ shop: Shop; card: CardShop }>;
  close(): Promise<void>;
}

/** The app with short plugin time limits, listening for webhooks, and an owner connection. */
export async function openCardTestBed(): Promise<CardTestBed> {
  const t = await createTestApp({ env: { PLUGIN_TIMEOUT_MS: '3000' } });
  const baseUrl = await listen(t);
  const owner = await connectAsOwner();
  const fakes = new Set<FakeStripe>();
  return {
    t,
    owner,
    baseUrl,
    async cardShop(name, options = {}) {
      const shop = await openShop(t, name);
      const card = await enableStripe(shop, baseUrl, options);
      fakes.add(card.fake);
      return { shop, card };
    },
    async close() {
      // The fakes first: no webhook may arrive at an app that is closing.
      for (const fake of fakes) await fake.close();
      await owner.end();
      await t.close();
    },
  };
}

// ---- following a card payment ------------------------------------------------------------------

/** Starts a card payment that must reach the reader; returns its id. */
export async function startedOnReader(
  caller: Caller,
  saleId: string,
  amountMinor: number,
  id = randomUUID(),
): Promise<string> {
  const started = await startCard(caller, saleId, { id, amountMinor });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  expect(started.body.cardPayment).toMatchObject({ id, status: 'pending', recorded: false });
  return id;
}

export function syncCard(caller: Caller, saleId: string, paymentId: string) {
  return caller.post<CardAnswer>(api(`/sales/${saleId}/card-payments/${paymentId}/sync`));
}

export function cancelCard(caller: Caller, saleId: string, paymentId: string) {
  return caller.post<CardAnswer>(api(`/sales/${saleId}/card-payments/${paymentId}/cancel`));
}

/** The card payment once it is a tender on the sale. */
export const recorded = (result: CardPaymentResultView) => result.cardPayment.recorded;

/** Polls until the check passes (for work done after an answer: webhooks, jobs). */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!done(last)) {
    if (Date.now() > deadline)
      throw new Error(`never got there; last seen: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    last = await read();
  }
  return last;
}

/** The PaymentIntents the fake holds for one of our card payments. */
export function intentsOf(fake: FakeStripe, paymentId: string): PaymentIntentJson[] {
  return fake
    .paymentIntents()
    .filter((intent) => intent.metadata.tillpoint_payment_id === paymentId);
}

// ---- what is stored ----------------------------------------------------------------------------

export async function tendersOf(owner: pg.Client, saleId: string) {
  const { rows } = await owner.query<{
    id: string;
    kind: string;
    status: string;
    applied: number;
    cardPaymentId: string | null;
  }>(
    `select id, kind, status, applied_minor::int as applied, card_payment_id as "cardPaymentId"
     from sale_payments where sale_id = $1 order by position`,
    [saleId],
  );
  return rows;
}

export async function receiptNumbersOf(owner: pg.Client, saleId: string): Promise<number> {
  const { rows } = await owner.query<{ count: number }>(
    `select count(*)::int as count from receipt_numbers
     where document_type = 'sale' and document_id = $1`,
    [saleId],
  );
  return rows[0]?.count ?? 0;
}

export async function cardRefundsOf(owner: pg.Client, cardPaymentId: string) {
  const { rows } = await owner.query<{
    id: string;
    reason: string;
    amount: number;
    status: string;
    attempts: number;
    lastError: string | null;
    refundPaymentId: string | null;
  }>(
    `select id, reason, amount_minor::int as amount, status, attempts, last_error as "lastError",
       refund_payment_id as "refundPaymentId"
     from card_refunds where card_payment_id = $1 order by created_at, id`,
    [cardPaymentId],
  );
  return rows;
}

/** Card payment refusals write nothing a card payment or a sale writes. */
export const { expectRefusedWithoutTrace } = refusalChecks(
  wholeRows(
    [
      'card_payments',
      'card_refunds',
      'sales',
      'sale_lines',
      'sale_payments',
      'receipt_numbers',
      'audit_events',
      'outbox',
    ],
    ['published_at', 'updated_at'],
  ),
);
