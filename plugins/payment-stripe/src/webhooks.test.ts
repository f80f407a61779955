import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  isPluginError,
  type PaymentAdapter,
  type PaymentSnapshot,
  type PaymentWebhookEvent,
  PLUGIN_ERROR_CODES,
  type WebhookRequest,
} from '@tillpoint/plugin-sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStripeHarness, type StripeHarness, TEST_CARDS } from './testing/index.ts';

// Webhooks as Stripe delivers them: the fake POSTs signed events to a receiver on 127.0.0.1, and
// the plugin verifies and reads each delivery the way the host hands it over.

let h: StripeHarness;
let adapter: PaymentAdapter;
let receiver: Server;
const received: WebhookRequest[] = [];

beforeAll(async () => {
  h = await createStripeHarness();
  adapter = h.adapter();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers))
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      received.push({
        headers,
        rawBody: new Uint8Array(Buffer.concat(chunks)),
        receivedAt: new Date(),
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  h.fake.webhookEndpoint(
    `http://127.0.0.1:${port}/plugins/payment-stripe/x/webhooks`,
    h.config.webhookSecret,
  );
});
afterAll(async () => {
  await h?.close();
  receiver?.closeAllConnections();
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
});
beforeEach(async () => {
  await h.fake.settleWebhooks();
  received.length = 0;
});

async function parsedDeliveries(): Promise<{ type: string; event: PaymentWebhookEvent }[]> {
  await h.fake.settleWebhooks();
  const parsed = [];
  for (const delivery of received) {
    const stripeEvent = JSON.parse(new TextDecoder().decode(delivery.rawBody)) as { type: string };
    parsed.push({ type: stripeEvent.type, event: await adapter.parseWebhook(delivery) });
  }
  return parsed;
}

async function capturedAndRefunded(): Promise<{ payment: PaymentSnapshot; refundId: string }> {
  const started = await adapter.startPayment({
    paymentId: randomUUID(),
    saleId: randomUUID(),
    amountMinor: 2_400,
    currency: 'USD',
    readerId: h.readerId,
    description: 'Webhook sale',
  });
  await h.presentCard(h.readerId, TEST_CARDS.visa);
  const payment = await adapter.capture(started);
  const refundId = randomUUID();
  await adapter.refund({ refundId, ...started, amountMinor: 400, currency: 'USD', reason: null });
  return { payment, refundId };
}

async function expectBadSignature(delivery: WebhookRequest): Promise<void> {
  const outcome = await adapter.parseWebhook(delivery).then(
    () => null,
    (error: unknown) => error,
  );
  expect(isPluginError(outcome) && outcome.code).toBe(PLUGIN_ERROR_CODES.badSignature);
}

describe('deliveries of a sale', () => {
  it('read as news about our payment and refund, always the current state', async () => {
    const { payment, refundId } = await capturedAndRefunded();
    const parsed = await parsedDeliveries();
    expect(parsed.map(({ type, event }) => [type, event.type])).toEqual([
      ['payment_intent.created', 'ignored'],
      ['payment_intent.amount_capturable_updated', 'payment'],
      ['terminal.reader.action_succeeded', 'ignored'],
      ['payment_intent.succeeded', 'payment'],
      ['refund.created', 'refund'],
      ['charge.refunded', 'ignored'],
    ]);
    for (const { event } of parsed) {
      if (event.type === 'payment')
        // The authorisation's event is read after capture: it reports what is true now.
        expect(event.payment).toMatchObject({
          paymentId: payment.paymentId,
          status: 'succeeded',
          capturedMinor: 2_400,
        });
      if (event.type === 'refund')
        expect(event.refund).toMatchObject({
          refundId,
          paymentId: payment.paymentId,
          amountMinor: 400,
          status: 'succeeded',
        });
    }
    expect(new Set(parsed.map(({ event }) => event.eventId)).size).toBe(parsed.length);
  });

  it('a declined card and a reader given up on read as failed payments', async () => {
    const declined = await adapter.startPayment({
      paymentId: randomUUID(),
      saleId: randomUUID(),
      amountMinor: 700,
      currency: 'USD',
      readerId: h.readerId,
      description: 'Declined sale',
    });
    await h.presentCard(h.readerId, TEST_CARDS.insufficientFunds);
    const abandoned = await adapter.startPayment({
      paymentId: randomUUID(),
      saleId: randomUUID(),
      amountMinor: 800,
      currency: 'USD',
      readerId: h.readerId,
      description: 'Abandoned sale',
    });
    h.fake.failReaderAction(h.readerId, {
      code: 'customer_canceled',
      message: 'Canceled on the reader.',
    });

    const payments = (await parsedDeliveries())
      .filter(({ event }) => event.type === 'payment')
      .map(({ type, event }) => (event.type === 'payment' ? [type, event.payment] : [type]));
    expect(payments).toEqual([
      [
        'payment_intent.payment_failed',
        expect.objectContaining({
          paymentId: declined.paymentId,
          status: 'failed',
          failure: {
            code: 'payment.declined',
            message: 'Card declined: insufficient funds (insufficient_funds)',
          },
        }),
      ],
      [
        'terminal.reader.action_failed',
        expect.objectContaining({
          paymentId: declined.paymentId,
          status: 'failed',
          failure: expect.objectContaining({ code: 'payment.declined' }),
        }),
      ],
      [
        'terminal.reader.action_failed',
        expect.objectContaining({
          paymentId: abandoned.paymentId,
          status: 'failed',
          failure: {
            code: 'payment.reader_failed',
            message: 'The reader did not take the payment: Canceled on the reader.',
          },
        }),
      ],
    ]);
    await adapter.cancel(declined);
    await adapter.cancel(abandoned);
  });

  it('payments made outside Tillpoint are ignored', async () => {
    const foreign = await h.sdk.paymentIntents.create({
      amount: 500,
      currency: 'usd',
      allowed_payment_method_types: ['card_present'],
    });
    await h.sdk.paymentIntents.cancel(foreign.id);
    const parsed = await parsedDeliveries();
    expect(parsed.map(({ type, event }) => [type, event.type])).toEqual([
      ['payment_intent.created', 'ignored'],
      ['payment_intent.canceled', 'ignored'],
    ]);
  });
});

describe('trust', () => {
  it('a redelivered event is the same event', async () => {
    await capturedAndRefunded();
    await h.fake.settleWebhooks();
    const succeeded = h.fake.events().findLast((e) => e.type === 'payment_intent.succeeded');
    if (!succeeded) throw new Error('no payment_intent.succeeded event');
    received.length = 0;
    await h.fake.redeliver(succeeded.id);
    await h.fake.redeliver(succeeded.id);
    const parsed = await parsedDeliveries();
    expect(parsed.map(({ event }) => event.eventId)).toEqual([succeeded.id, succeeded.id]);
    // Byte for byte the same body each time: only the signature's timestamp may differ.
    expect(received[1]?.rawBody).toEqual(received[0]?.rawBody);
  });

  it('a signature older than five minutes is refused; its age counts from receipt', async () => {
    const event = h.fake.events().at(-1);
    if (!event) throw new Error('no event');
    const now = Math.floor(Date.now() / 1000);
    await expectBadSignature(h.delivery(event.id, { timestamp: now - 301 }));
    expect(
      (await adapter.parseWebhook(h.delivery(event.id, { timestamp: now - 240 }))).eventId,
    ).toBe(event.id);
    // Received an hour ago, signed just before: judged by when it arrived, not when it is read.
    const old = h.delivery(event.id, { timestamp: now - 3_600 });
    const parsed = await adapter.parseWebhook({
      ...old,
      receivedAt: new Date((now - 3_590) * 1_000),
    });
    expect(parsed.eventId).toBe(event.id);
  });

  it('a wrong signing secret, on either side, is refused', async () => {
    const event = h.fake.events().at(-1);
    if (!event) throw new Error('no event');
    await expectBadSignature(h.delivery(event.id, { secret: 'whsec_SomeoneElsesSecret000' }));
    const misconfigured = h.adapter({
      config: { ...h.config, webhookSecret: 'whsec_NotTheEndpointSecret00' },
    });
    const outcome = await misconfigured.parseWebhook(h.delivery(event.id)).catch((e: unknown) => e);
    expect(isPluginError(outcome) && outcome.code).toBe(PLUGIN_ERROR_CODES.badSignature);
  });

  it('a forged body under a genuine signature is refused', async () => {
    const event = h.fake.events().at(-1);
    if (!event) throw new Error('no event');
    const genuine = h.delivery(event.id);
    const forged = new TextEncoder().encode(
      new TextDecoder().decode(genuine.rawBody).replace('"livemode": false', '"livemode": true'),
    );
    await expectBadSignature({ ...genuine, rawBody: forged });
    await expectBadSignature({ ...genuine, headers: { 'stripe-signature': 't=1,v1=00' } });
  });
});

describe('while our server is down', () => {
  it('held events arrive in order once it is back, and read as the current state', async () => {
    h.fake.pauseWebhooks();
    const { payment } = await capturedAndRefunded();
    await h.fake.settleWebhooks();
    expect(received).toHaveLength(0);
    await h.fake.resumeWebhooks();
    const parsed = await parsedDeliveries();
    expect(parsed.map(({ type }) => type)).toEqual([
      'payment_intent.created',
      'payment_intent.amount_capturable_updated',
      'terminal.reader.action_succeeded',
      'payment_intent.succeeded',
      'refund.created',
      'charge.refunded',
    ]);
    const first = parsed.find(({ event }) => event.type === 'payment')?.event;
    expect(first?.type === 'payment' && first.payment).toMatchObject({
      paymentId: payment.paymentId,
      status: 'succeeded',
    });
    expect(
      h.fake
        .deliveredEvents()
        .slice(-6)
        .every((d) => d.status === 200),
    ).toBe(true);
  });
});
