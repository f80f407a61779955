// A shop that takes cards: the real Stripe plugin configured through the API against a local
// fake of Stripe's HTTP API (driven through the real SDK), a reader assigned to the register,
// and the platform listening on 127.0.0.1 so the fake delivers signed webhooks over HTTP.
import { randomBytes } from 'node:crypto';
import { createFakeStripe, type FakeStripe, TEST_CARDS } from '@tillpoint/payment-stripe/testing';
import Stripe from 'stripe';
import { expect } from 'vitest';
import type { Caller, TestApp } from '../../testing/index.ts';
import { addLine, api, createItem, newSale, type Shop } from '../sales/test-support.ts';
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
