import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeStripe, type FakeStripe } from './index.ts';

// The fake behaves like Stripe where the plugin's correctness depends on it: idempotency keys,
// parameter checks, authentication. Checked through the real SDK, as the plugin uses it.

let fake: FakeStripe;
let stripe: Stripe;

beforeAll(async () => {
  fake = await createFakeStripe();
  const url = new URL(fake.url);
  stripe = new Stripe(fake.secretKey, {
    host: url.hostname,
    port: url.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
});
afterAll(async () => {
  await fake?.close();
});

const intent = { amount: 1_000, currency: 'usd', allowed_payment_method_types: ['card_present'] };

describe('the fake Stripe API', () => {
  it('replays an idempotent request and refuses the key for another one', async () => {
    const first = await stripe.paymentIntents.create(intent, { idempotencyKey: 'key-1' });
    const again = await stripe.paymentIntents.create(intent, { idempotencyKey: 'key-1' });
    expect(again.id).toBe(first.id);
    await expect(
      stripe.paymentIntents.create({ ...intent, amount: 1_001 }, { idempotencyKey: 'key-1' }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(fake.paymentIntents().filter((pi) => pi.id === first.id)).toHaveLength(1);
  });

  it('refuses unknown parameters without spending the idempotency key', async () => {
    const refused = await stripe.paymentIntents
      .create({ ...intent, payment_method_types: ['card_present'] } as typeof intent, {
        idempotencyKey: 'key-2',
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((refused as Stripe.errors.StripeInvalidRequestError).code).toBe('parameter_unknown');
    const created = await stripe.paymentIntents.create(intent, { idempotencyKey: 'key-2' });
    expect(created.status).toBe('requires_payment_method');
  });

  it('answers unknown and missing keys with 401 and unknown paths with 404', async () => {
    const url = new URL(fake.url);
    const stranger = new Stripe('sk_test_UnknownKeyUnknownKey', {
      host: url.hostname,
      port: url.port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    await expect(stranger.balance.retrieve()).rejects.toBeInstanceOf(
      Stripe.errors.StripeAuthenticationError,
    );
    expect((await fetch(`${fake.url}/v1/account`)).status).toBe(401);
    const unknown = await fetch(`${fake.url}/v1/charges`, {
      headers: { authorization: `Bearer ${fake.secretKey}` },
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('keeps refunds within what was captured', async () => {
    fake.addReader({ id: 'tmr_FakeFidelity01' });
    const pi = await stripe.paymentIntents.create({ ...intent, capture_method: 'manual' });
    await stripe.terminal.readers.processPaymentIntent('tmr_FakeFidelity01', {
      payment_intent: pi.id,
    });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod('tmr_FakeFidelity01');
    await stripe.paymentIntents.capture(pi.id);
    await stripe.refunds.create({ payment_intent: pi.id, amount: 600 });
    const over = await stripe.refunds
      .create({ payment_intent: pi.id, amount: 401 })
      .catch((error: unknown) => error);
    expect(over).toMatchObject({ statusCode: 400, code: 'amount_too_large' });
    const rest = await stripe.refunds.create({ payment_intent: pi.id });
    expect(rest.amount).toBe(400);
    const more = await stripe.refunds
      .create({ payment_intent: pi.id, amount: 1 })
      .catch((error: unknown) => error);
    expect(more).toMatchObject({ code: 'charge_already_refunded' });
  });
});
