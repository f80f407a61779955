import { randomUUID } from 'node:crypto';
import {
  isPluginError,
  type PaymentAdapter,
  type PaymentSnapshot,
  PLUGIN_ERROR_CODES,
  type PluginError,
  type StartPaymentRequest,
} from '@tillpoint/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeHarness, type StripeHarness, TEST_CARDS } from './testing/index.ts';

// Stripe slow, failing or cut off mid-answer: the plugin reports it as retryable, the SDK's own
// retries reuse our idempotency keys, and whatever happens a payment is created, captured and
// refunded once.

const TIME_LIMIT_MS = 300;

let h: StripeHarness;
let adapter: PaymentAdapter;

beforeAll(async () => {
  h = await createStripeHarness({ timeoutMs: TIME_LIMIT_MS });
  adapter = h.adapter();
});
afterAll(async () => {
  await h?.close();
});

const CREATE = { method: 'POST', path: '/v1/payment_intents' } as const;

function request(): StartPaymentRequest {
  return {
    paymentId: randomUUID(),
    saleId: randomUUID(),
    amountMinor: 1_999,
    currency: 'USD',
    readerId: h.readerId,
    description: 'Resilience sale',
  };
}

const intentsOf = (paymentId: string) =>
  h.fake.paymentIntents().filter((pi) => pi.metadata.tillpoint_payment_id === paymentId);

const requestsTo = (path: string | RegExp, since: number) =>
  h.fake
    .requests()
    .slice(since)
    .filter((r) => (typeof path === 'string' ? r.path === path : path.test(r.path)));

async function refusal(attempt: Promise<unknown>): Promise<PluginError> {
  try {
    await attempt;
  } catch (error) {
    if (isPluginError(error)) return error;
    throw error;
  }
  throw new Error('expected a PluginError');
}

async function approved(): Promise<PaymentSnapshot> {
  const started = await adapter.startPayment(request());
  await h.presentCard(h.readerId, TEST_CARDS.visa);
  return started;
}

describe('Stripe answers too slowly', () => {
  it('is unreachable and retryable; repeating the call pays with the one intent made', async () => {
    const asked = request();
    const since = h.fake.requests().length;
    h.fake.delayNext(TIME_LIMIT_MS * 3, 3, CREATE);

    const refused = await refusal(adapter.startPayment(asked));
    expect(refused.code).toBe(PLUGIN_ERROR_CODES.unreachable);
    expect(refused.retryable).toBe(true);
    const attempts = requestsTo('/v1/payment_intents', since);
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((r) => r.idempotencyKey))).toEqual(
      new Set([`tillpoint-pi-${asked.paymentId}`]),
    );
    // Stripe made the intent on the first attempt; the SDK's retries were answered from it.
    expect(intentsOf(asked.paymentId)).toHaveLength(1);

    const started = await adapter.startPayment(asked);
    expect(started.status).toBe('pending');
    expect(intentsOf(asked.paymentId)).toHaveLength(1);
    expect(started.providerPaymentId).toBe(intentsOf(asked.paymentId)[0]?.id);
    await adapter.cancel(started);
  });

  it('a refund whose answers were lost is one refund when asked again', async () => {
    const payment = await adapter.capture(await approved());
    const refund = {
      refundId: randomUUID(),
      paymentId: payment.paymentId,
      providerPaymentId: payment.providerPaymentId,
      amountMinor: 500,
      currency: 'USD',
      reason: null,
    };
    h.fake.delayNext(TIME_LIMIT_MS * 3, 3, { method: 'POST', path: '/v1/refunds' });
    expect((await refusal(adapter.refund(refund))).code).toBe(PLUGIN_ERROR_CODES.unreachable);
    const made = await adapter.refund(refund);
    const refunds = h.fake.refunds().filter((r) => r.payment_intent === payment.providerPaymentId);
    expect(refunds.map((r) => r.id)).toEqual([made.providerRefundId]);
    expect(made.amountMinor).toBe(500);
  });
});

describe('Stripe fails for a moment', () => {
  it('a 500 is retried by the SDK with the same key and one intent results', async () => {
    const asked = request();
    const since = h.fake.requests().length;
    h.fake.failNext(1, 500, CREATE);

    const started = await adapter.startPayment(asked);
    expect(started.status).toBe('pending');
    const attempts = requestsTo('/v1/payment_intents', since);
    expect(attempts.map((r) => [r.status, r.idempotencyKey])).toEqual([
      [500, `tillpoint-pi-${asked.paymentId}`],
      [200, `tillpoint-pi-${asked.paymentId}`],
    ]);
    expect(intentsOf(asked.paymentId)).toHaveLength(1);
    await adapter.cancel(started);
  });

  it('500s beyond the retries are unreachable, and nothing was made', async () => {
    const asked = request();
    h.fake.failNext(3, 503, CREATE);
    const refused = await refusal(adapter.startPayment(asked));
    expect(refused).toMatchObject({ code: PLUGIN_ERROR_CODES.unreachable, retryable: true });
    expect(intentsOf(asked.paymentId)).toHaveLength(0);
  });

  it('rate limiting is unreachable and retryable', async () => {
    const asked = request();
    h.fake.failNext(1, 429, CREATE);
    const refused = await refusal(adapter.startPayment(asked));
    expect(refused).toMatchObject({ code: PLUGIN_ERROR_CODES.unreachable, retryable: true });
    const started = await adapter.startPayment(asked);
    await adapter.cancel(started);
  });

  it('a capture whose connection is cut after Stripe captured is captured once', async () => {
    const started = await approved();
    const capturePath = `/v1/payment_intents/${started.providerPaymentId}/capture`;
    h.fake.dropConnectionNext(1, { path: capturePath });

    const captured = await adapter.capture(started);
    expect(captured).toMatchObject({ status: 'succeeded', capturedMinor: 1_999 });
    const attempts = requestsTo(capturePath, 0);
    expect(attempts.map((r) => [r.status, r.replayed])).toEqual([
      [null, false],
      [200, true],
    ]);
  });

  it('a reader hand-off cut off mid-answer is repeated without a second hand-off', async () => {
    const asked = request();
    const readerPath = `/v1/terminal/readers/${h.readerId}/process_payment_intent`;
    h.fake.dropConnectionNext(3, { path: readerPath });
    expect((await refusal(adapter.startPayment(asked))).code).toBe(PLUGIN_ERROR_CODES.unreachable);

    const started = await adapter.startPayment(asked);
    expect(started.status).toBe('pending');
    expect(intentsOf(asked.paymentId)).toHaveLength(1);
    const executed = requestsTo(readerPath, 0).filter(
      (r) => r.idempotencyKey === `tillpoint-reader-${asked.paymentId}` && !r.replayed,
    );
    expect(executed).toHaveLength(1);
    await adapter.cancel(started);
  });
});

describe('Stripe refuses the key', () => {
  it('every call is unauthorized, not retryable, and says what to fix', async () => {
    const refusedAdapter = h.adapter({ config: h.refusedConfig });
    const refused = await refusal(refusedAdapter.startPayment(request()));
    expect(refused).toMatchObject({ code: PLUGIN_ERROR_CODES.unauthorized, retryable: false });
    expect(refused.message).toMatch(/secret key was refused by Stripe/);
    const check = await refusedAdapter.testConnection();
    expect(check.ok).toBe(false);
    expect(check.message).toMatch(/^The secret key was refused by Stripe/);
  });

  it('testConnection reports an unreachable Stripe as a failed check', async () => {
    h.fake.failNext(3, 500, { path: '/v1/account' });
    const check = await adapter.testConnection();
    expect(check).toMatchObject({ ok: false, details: { code: PLUGIN_ERROR_CODES.unreachable } });
  });
});
