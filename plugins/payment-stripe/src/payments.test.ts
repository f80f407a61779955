import { randomUUID } from 'node:crypto';
import {
  isPluginError,
  type PaymentAdapter,
  type PaymentReference,
  type PaymentSnapshot,
  PLUGIN_ERROR_CODES,
  type PluginError,
  type StartPaymentRequest,
} from '@tillpoint/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_API_VERSION } from './client.ts';
import { createStripeHarness, type StripeHarness, TEST_CARDS } from './testing/index.ts';

// Stripe-specific behaviour of payments through the real SDK against the fake: what is sent,
// how declines and reader problems read, and what is left at Stripe afterwards.

let h: StripeHarness;
let adapter: PaymentAdapter;

beforeAll(async () => {
  h = await createStripeHarness();
  adapter = h.adapter();
});
afterAll(async () => {
  await h?.close();
});

function request(overrides: Partial<StartPaymentRequest> = {}): StartPaymentRequest {
  return {
    paymentId: randomUUID(),
    saleId: randomUUID(),
    amountMinor: 1_000,
    currency: 'USD',
    readerId: h.readerId,
    description: 'Sale 0001-000042 at Main Street',
    ...overrides,
  };
}

const ref = (payment: PaymentSnapshot): PaymentReference => ({
  paymentId: payment.paymentId,
  providerPaymentId: payment.providerPaymentId,
});

async function refusal(attempt: Promise<unknown>): Promise<PluginError> {
  try {
    await attempt;
  } catch (error) {
    if (isPluginError(error)) return error;
    throw error;
  }
  throw new Error('expected a PluginError');
}

describe('starting a card payment', () => {
  it('creates one manual-capture card_present intent with our ids, sent to the reader', async () => {
    const asked = request({ amountMinor: 4_321, currency: 'EUR' });
    const started = await adapter.startPayment(asked);

    const intent = h.fake.paymentIntents().find((pi) => pi.id === started.providerPaymentId);
    expect(intent).toMatchObject({
      amount: 4_321,
      currency: 'eur',
      capture_method: 'manual',
      allowed_payment_method_types: ['card_present'],
      description: asked.description,
      metadata: {
        tillpoint_payment_id: asked.paymentId,
        tillpoint_sale_id: asked.saleId,
        tillpoint_reader_id: h.readerId,
      },
    });
    expect(h.fake.reader(h.readerId).action).toMatchObject({
      status: 'in_progress',
      process_payment_intent: { payment_intent: started.providerPaymentId },
    });
    const writes = h.fake.requests().filter((r) => r.method === 'POST');
    expect(writes.slice(-2).map((r) => [r.path, r.idempotencyKey])).toEqual([
      ['/v1/payment_intents', `tillpoint-pi-${asked.paymentId}`],
      [
        `/v1/terminal/readers/${h.readerId}/process_payment_intent`,
        `tillpoint-reader-${asked.paymentId}`,
      ],
    ]);
    expect(new Set(h.fake.requests().map((r) => r.stripeVersion))).toEqual(
      new Set([STRIPE_API_VERSION]),
    );
    await adapter.cancel(ref(started));
  });

  it('adds the configured statement descriptor suffix', async () => {
    const withSuffix = h.adapter({ config: { ...h.config, statementDescriptorSuffix: 'MAIN ST' } });
    const started = await withSuffix.startPayment(request());
    const intent = h.fake.paymentIntents().find((pi) => pi.id === started.providerPaymentId);
    expect(intent?.statement_descriptor_suffix).toBe('MAIN ST');
    await withSuffix.cancel(ref(started));
  });

  it('refuses the same payment id for a different amount', async () => {
    const asked = request();
    const started = await adapter.startPayment(asked);
    const conflict = await refusal(adapter.startPayment({ ...asked, amountMinor: 999 }));
    expect(conflict.code).toBe('payment.id_conflict');
    await adapter.cancel(ref(started));
  });

  it('refuses amounts and currencies Stripe would not take, before calling it', async () => {
    const before = h.fake.requests().length;
    expect((await refusal(adapter.startPayment(request({ amountMinor: 0 })))).code).toBe(
      'payment.invalid_request',
    );
    expect((await refusal(adapter.startPayment(request({ currency: 'usd' })))).code).toBe(
      'payment.invalid_request',
    );
    expect(h.fake.requests()).toHaveLength(before);
  });
});

describe('reader problems', () => {
  it('an offline reader: reader_unavailable, the intent canceled, a new id pays once it is back', async () => {
    const readerId = 'tmr_OfflineReader0001';
    h.fake.addReader({ id: readerId, online: false });
    const asked = request({ readerId });

    const refused = await refusal(adapter.startPayment(asked));
    expect(refused.code).toBe(PLUGIN_ERROR_CODES.readerUnavailable);
    expect(refused.message).toMatch(/offline/);
    expect(refused.details).toMatchObject({ paymentCanceled: true });
    const intent = h.fake
      .paymentIntents()
      .find((pi) => pi.metadata.tillpoint_payment_id === asked.paymentId);
    expect(intent?.status).toBe('canceled');

    // The same payment id now names a canceled payment; it never charges.
    expect((await adapter.startPayment(asked)).status).toBe('canceled');

    h.fake.setReaderOnline(readerId, true);
    const retried = await adapter.startPayment({ ...asked, paymentId: randomUUID() });
    expect(retried.status).toBe('pending');
    await adapter.cancel(ref(retried));
  });

  it('a busy reader: reader_unavailable, and the payment already on it is untouched', async () => {
    const first = await adapter.startPayment(request());
    const refused = await refusal(adapter.startPayment(request()));
    expect(refused.code).toBe(PLUGIN_ERROR_CODES.readerUnavailable);
    expect(refused.message).toMatch(/busy/);
    expect((await adapter.getPayment(ref(first))).status).toBe('pending');
    await adapter.cancel(ref(first));
  });

  it('an unknown reader: misconfigured, naming the register setting to fix', async () => {
    const refused = await refusal(adapter.startPayment(request({ readerId: 'tmr_DoesNotExist' })));
    expect(refused.code).toBe(PLUGIN_ERROR_CODES.misconfigured);
    expect(refused.message).toMatch(/card reader/);
    expect((await refusal(adapter.readerStatus('tmr_DoesNotExist'))).code).toBe(
      PLUGIN_ERROR_CODES.misconfigured,
    );
  });

  it('a customer who cancels on the reader fails the payment', async () => {
    const started = await adapter.startPayment(request());
    h.fake.failReaderAction(h.readerId);
    const failed = await adapter.getPayment(ref(started));
    expect(failed.status).toBe('failed');
    expect(failed.failure).toEqual({
      code: 'payment.reader_failed',
      message: 'The reader did not take the payment: The customer canceled the payment.',
    });
    expect((await adapter.cancel(ref(started))).status).toBe('canceled');
  });

  it('canceling a payment takes it off its reader', async () => {
    const started = await adapter.startPayment(request());
    await adapter.cancel(ref(started));
    expect(h.fake.reader(h.readerId).action).toBeNull();
    await expect(h.presentCard(h.readerId, TEST_CARDS.visa)).rejects.toThrow(/no action/);
  });
});

describe('declines', () => {
  async function declinedWith(card: string): Promise<PaymentSnapshot> {
    const started = await adapter.startPayment(request({ amountMinor: 2_500 }));
    await h.presentCard(h.readerId, card);
    return adapter.getPayment(ref(started));
  }

  it('a generic decline names Stripe’s decline code', async () => {
    const payment = await declinedWith(TEST_CARDS.genericDecline);
    expect(payment).toMatchObject({ status: 'failed', capturedMinor: 0 });
    expect(payment.failure).toEqual({
      code: PLUGIN_ERROR_CODES.declined,
      message: 'Card declined: generic decline (generic_decline)',
    });
  });

  it('insufficient funds says so', async () => {
    const payment = await declinedWith(TEST_CARDS.insufficientFunds);
    expect(payment.failure).toEqual({
      code: PLUGIN_ERROR_CODES.declined,
      message: 'Card declined: insufficient funds (insufficient_funds)',
    });
  });

  it('an expired card has its own code', async () => {
    const payment = await declinedWith(TEST_CARDS.expired);
    expect(payment.failure?.code).toBe('payment.expired_card');
  });

  it('a declined payment can be canceled so nothing stays open at Stripe', async () => {
    const payment = await declinedWith(TEST_CARDS.genericDecline);
    expect((await adapter.cancel(ref(payment))).status).toBe('canceled');
  });
});

describe('approved payments', () => {
  it('carry the card brand and last digits', async () => {
    const started = await adapter.startPayment(request());
    await h.presentCard(h.readerId, TEST_CARDS.mastercard);
    const approved = await adapter.getPayment(ref(started));
    expect(approved).toMatchObject({
      status: 'requires_capture',
      card: { brand: 'mastercard', last4: '4444' },
    });
    const captured = await adapter.capture(ref(started));
    expect(captured.card).toEqual({ brand: 'mastercard', last4: '4444' });
  });

  it('are captured by one capture call, however often capture is asked', async () => {
    const started = await adapter.startPayment(request());
    await h.presentCard(h.readerId, TEST_CARDS.visa);
    await Promise.all([adapter.capture(ref(started)), adapter.capture(ref(started))]);
    await adapter.capture(ref(started));
    const captures = h.fake
      .requests()
      .filter((r) => r.path === `/v1/payment_intents/${started.providerPaymentId}/capture`);
    expect(captures.filter((r) => !r.replayed)).toHaveLength(1);
    expect(
      captures.every((r) => r.idempotencyKey === `tillpoint-capture-${started.paymentId}`),
    ).toBe(true);
  });

  it('cannot be canceled once captured: refund instead', async () => {
    const started = await adapter.startPayment(request());
    await h.presentCard(h.readerId, TEST_CARDS.visa);
    await adapter.capture(ref(started));
    const refused = await refusal(adapter.cancel(ref(started)));
    expect(refused.code).toBe(PLUGIN_ERROR_CODES.invalidState);
    expect(refused.message).toMatch(/refund/);
  });

  it('belong to their payment id: another id is refused', async () => {
    const started = await adapter.startPayment(request());
    const foreign = { paymentId: randomUUID(), providerPaymentId: started.providerPaymentId };
    expect((await refusal(adapter.getPayment(foreign))).code).toBe('payment.not_found');
    expect((await refusal(adapter.cancel(foreign))).code).toBe('payment.not_found');
    await adapter.cancel(ref(started));
  });
});

describe('refunds', () => {
  async function capturedPayment(amountMinor: number): Promise<PaymentSnapshot> {
    const started = await adapter.startPayment(request({ amountMinor }));
    await h.presentCard(h.readerId, TEST_CARDS.visa);
    return adapter.capture(ref(started));
  }

  it('carry our refund and payment ids and the reason to Stripe', async () => {
    const payment = await capturedPayment(5_000);
    const refundId = randomUUID();
    const refund = await adapter.refund({
      refundId,
      paymentId: payment.paymentId,
      providerPaymentId: payment.providerPaymentId,
      amountMinor: 1_250,
      currency: 'USD',
      reason: 'Damaged on arrival',
    });
    expect(refund).toMatchObject({ refundId, paymentId: payment.paymentId, status: 'succeeded' });
    const stored = h.fake.refunds().find((r) => r.id === refund.providerRefundId);
    expect(stored).toMatchObject({
      amount: 1_250,
      payment_intent: payment.providerPaymentId,
      metadata: {
        tillpoint_refund_id: refundId,
        tillpoint_payment_id: payment.paymentId,
        tillpoint_reason: 'Damaged on arrival',
      },
    });
  });

  it('are refused in another currency than the payment’s, and before capture', async () => {
    const payment = await capturedPayment(800);
    const base = {
      refundId: randomUUID(),
      paymentId: payment.paymentId,
      providerPaymentId: payment.providerPaymentId,
      amountMinor: 100,
      reason: null,
    };
    expect((await refusal(adapter.refund({ ...base, currency: 'EUR' }))).code).toBe(
      'refund.currency_mismatch',
    );
    const uncaptured = await adapter.startPayment(request());
    await h.presentCard(h.readerId, TEST_CARDS.visa);
    const refused = await refusal(adapter.refund({ ...base, ...ref(uncaptured), currency: 'USD' }));
    expect(refused.code).toBe(PLUGIN_ERROR_CODES.invalidState);
    await adapter.cancel(ref(uncaptured));
  });

  it('reuse of a refund id for another amount is a conflict, not a second refund', async () => {
    const payment = await capturedPayment(900);
    const refundId = randomUUID();
    const base = { refundId, ...ref(payment), currency: 'USD', reason: null };
    await adapter.refund({ ...base, amountMinor: 100 });
    expect((await refusal(adapter.refund({ ...base, amountMinor: 200 }))).code).toBe(
      'refund.id_conflict',
    );
    expect(
      h.fake.refunds().filter((r) => r.payment_intent === payment.providerPaymentId),
    ).toHaveLength(1);
  });
});
