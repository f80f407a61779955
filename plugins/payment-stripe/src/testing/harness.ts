import {
  type PaymentAdapter,
  type PaymentReference,
  type PluginContext,
  testPluginContext,
  timedFetch,
  type WebhookRequest,
} from '@tillpoint/plugin-sdk';
import type { PaymentContractHarness } from '@tillpoint/plugin-sdk/contracts';
import Stripe from 'stripe';
import type { StripePluginConfig } from '../config.ts';
import { stripePlugin } from '../index.ts';
import { TEST_CARDS } from './fake/cards.ts';
import { createFakeStripe, type FakeStripe, type FakeStripeOptions } from './fake-stripe.ts';

// The Stripe plugin wired to a fresh fake: what the payment contract suite needs, plus handles
// for Stripe-specific tests (the fake's controls, a test SDK client, a ready adapter).

export interface StripeHarness extends PaymentContractHarness {
  readonly fake: FakeStripe;
  readonly config: StripePluginConfig;
  readonly refusedConfig: StripePluginConfig;
  /** A Stripe SDK client of the account, for playing Stripe's side (test helpers). */
  readonly sdk: Stripe;
  /** An adapter built like the host builds one, optionally with another context or config. */
  adapter(overrides?: { context?: PluginContext; config?: StripePluginConfig }): PaymentAdapter;
  presentCard(readerId: string, number: string): Promise<void>;
  /** A delivery of a recorded event as Stripe would send it. */
  delivery(eventId: string, options?: { secret?: string; timestamp?: number }): WebhookRequest;
}

export interface StripeHarnessOptions extends FakeStripeOptions {
  readonly readerId?: string;
  /** The host's time limit per call, handed to the plugin context. */
  readonly timeoutMs?: number;
}

export async function createStripeHarness(
  options: StripeHarnessOptions = {},
): Promise<StripeHarness> {
  const fake = await createFakeStripe(options);
  const readerId = options.readerId ?? 'tmr_ContractReader01';
  fake.addReader({ id: readerId, label: 'Register 1', online: true });
  const timeoutMs = options.timeoutMs ?? 5_000;
  const context = testPluginContext({ http: { fetch: timedFetch(timeoutMs), timeoutMs } });
  const config: StripePluginConfig = {
    secretKey: fake.secretKey,
    webhookSecret: 'whsec_FakeStripeSigningSecret0001',
    apiBaseUrl: fake.url,
  };
  const endpoint = new URL(fake.url);
  const sdk = new Stripe(fake.secretKey, {
    host: endpoint.hostname,
    port: endpoint.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
  const presentCard = async (reader: string, number: string) => {
    await sdk.testHelpers.terminal.readers.presentPaymentMethod(reader, {
      card_present: { number },
    });
  };
  const delivery = (eventId: string, signOptions?: { secret?: string; timestamp?: number }) => ({
    ...fake.signedEvent(eventId, { secret: config.webhookSecret, ...signOptions }),
    receivedAt: new Date(),
  });

  return {
    fake,
    plugin: stripePlugin,
    config,
    refusedConfig: { ...config, secretKey: 'sk_test_RefusedByTheFakeStripe00' },
    context,
    readerId,
    sdk,
    adapter: (overrides = {}) =>
      stripePlugin.create(overrides.context ?? context, overrides.config ?? config),
    presentCard,
    delivery,
    present: (reader, outcome) =>
      presentCard(reader, outcome === 'approve' ? TEST_CARDS.visa : TEST_CARDS.genericDecline),
    webhookFor: async (payment: PaymentReference) => {
      const latest = fake
        .events()
        .filter((event) => (event.data.object as { id?: string }).id === payment.providerPaymentId)
        .at(-1);
      if (!latest) throw new Error(`No Stripe event about ${payment.providerPaymentId}`);
      return delivery(latest.id);
    },
    signWebhook: (rawBody) => ({
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'stripe-signature': Stripe.webhooks.generateTestHeaderString({
          payload: new TextDecoder().decode(rawBody),
          secret: config.webhookSecret,
        }),
      },
      rawBody,
      receivedAt: new Date(),
    }),
    close: () => fake.close(),
  };
}
