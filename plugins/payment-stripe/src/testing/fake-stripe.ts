import Stripe from 'stripe';
import { accountRoutes } from './fake/account.ts';
import { paymentIntentRoutes } from './fake/payment-intents.ts';
import { failReaderAction, findReader, newReader, readerRoutes } from './fake/readers.ts';
import { refundRoutes } from './fake/refunds.ts';
import { type EmittedEvent, FakeStripeApi } from './fake/router.ts';
import { FakeStripeServer, type LoggedRequest, type RequestMatch } from './fake/server.ts';
import {
  type AccountJson,
  copy,
  FakeStripeState,
  type PaymentIntentJson,
  type ReaderJson,
  type RefundJson,
  stripeId,
} from './fake/state.ts';
import {
  type SignedWebhook,
  type StripeEventJson,
  type WebhookDelivery,
  WebhookDispatcher,
} from './fake/webhooks.ts';

// A local stand-in for the parts of Stripe's API that card-present payments use, for tests and
// demos: the real Stripe SDK talks to it over HTTP on 127.0.0.1 (host/port/protocol options).
// Test controls are plain methods; the only HTTP test control is Stripe's own test helper
// (present_payment_method), so tests drive the customer's card through the real SDK too.

export type { LoggedRequest, RequestMatch } from './fake/server.ts';
export type {
  PaymentIntentJson,
  ReaderJson,
  RefundJson,
} from './fake/state.ts';
export type { SignedWebhook, StripeEventJson, WebhookDelivery } from './fake/webhooks.ts';

export interface FakeStripeOptions {
  /** The account's secret key; a random sk_test_ key when omitted. */
  readonly secretKey?: string;
  readonly accountName?: string;
}

export interface FakeStripe {
  /** Base URL, e.g. http://127.0.0.1:43121, for the plugin's apiBaseUrl. */
  readonly url: string;
  readonly secretKey: string;
  readonly accountId: string;
  /** Another key of the same account; restricted keys may not read the account. */
  addApiKey(key: string, options?: { restricted?: boolean }): void;

  addReader(reader: { id: string; label?: string; online?: boolean }): void;
  setReaderOnline(id: string, online: boolean): void;
  reader(id: string): ReaderJson;
  /** The reader's current action ends without a payment (customer cancelled, timeout). */
  failReaderAction(id: string, failure?: { code: string; message: string }): void;

  paymentIntents(): readonly PaymentIntentJson[];
  refunds(): readonly RefundJson[];

  /** Every event is POSTed to each endpoint, signed with its secret. */
  webhookEndpoint(url: string, secret: string): void;
  events(): readonly StripeEventJson[];
  /** Delivery attempts so far, in order, with what our endpoint answered. */
  deliveredEvents(): readonly WebhookDelivery[];
  /** Sends an event again (same id, same bytes, fresh signature), like Stripe's retries. */
  redeliver(eventId: string): Promise<void>;
  /** Holds deliveries back, as if our server were down... */
  pauseWebhooks(): void;
  /** ...and lets the held ones go, in order. */
  resumeWebhooks(): Promise<void>;
  /** Waits for deliveries in flight. */
  settleWebhooks(): Promise<void>;
  /** An event signed as Stripe would deliver it, e.g. with an old timestamp (unix seconds). */
  signedEvent(eventId: string, options?: { secret?: string; timestamp?: number }): SignedWebhook;

  /** The next `count` matching requests answer `status` without being executed. */
  failNext(count: number, status?: number, match?: RequestMatch): void;
  /** The next `count` matching requests are executed, then answered after `ms`. */
  delayNext(ms: number, count?: number, match?: RequestMatch): void;
  /** The next `count` matching requests are executed, then their connection is cut. */
  dropConnectionNext(count?: number, match?: RequestMatch): void;
  /** Requests received, oldest first. */
  requests(): readonly LoggedRequest[];

  close(): Promise<void>;
}

export async function createFakeStripe(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  const secretKey = options.secretKey ?? `sk_test_${stripeId('fake').slice(5)}`;
  const account: AccountJson = {
    id: stripeId('acct').slice(0, 21),
    object: 'account',
    business_profile: { name: options.accountName ?? 'Fake Retail' },
    charges_enabled: true,
    country: 'US',
    default_currency: 'usd',
    email: null,
    settings: { dashboard: { display_name: options.accountName ?? 'Fake Retail' } },
  };
  const state = new FakeStripeState(account);
  state.apiKeys.set(secretKey, 'secret');
  const webhooks = new WebhookDispatcher(Stripe.API_VERSION);
  const publish = (event: EmittedEvent) => {
    webhooks.publish(event);
  };
  const api = new FakeStripeApi(
    state,
    [...accountRoutes, ...paymentIntentRoutes, ...readerRoutes, ...refundRoutes],
    publish,
  );
  const server = new FakeStripeServer(api);
  const url = await server.listen();
  const outsideRequest = (type: string, object: object) =>
    publish({ type, object: copy(object), request: { id: null, idempotency_key: null } });

  return {
    url,
    secretKey,
    accountId: account.id,
    addApiKey: (key, keyOptions = {}) => {
      state.apiKeys.set(key, keyOptions.restricted ? 'restricted' : 'secret');
    },
    addReader: ({ id, label, online }) => {
      if (state.readers.has(id)) throw new Error(`Reader ${id} exists already`);
      state.readers.set(id, newReader(id, label ?? id, online ?? true));
    },
    setReaderOnline: (id, online) => {
      findReader(state, id).status = online ? 'online' : 'offline';
    },
    reader: (id) => copy(findReader(state, id)),
    failReaderAction: (id, failure) =>
      failReaderAction(
        state,
        id,
        failure ?? { code: 'customer_canceled', message: 'The customer canceled the payment.' },
        outsideRequest,
      ),
    paymentIntents: () => [...state.paymentIntents.values()].map(copy),
    refunds: () => [...state.refunds.values()].map(copy),
    webhookEndpoint: (endpointUrl, secret) => webhooks.addEndpoint(endpointUrl, secret),
    events: () => webhooks.events(),
    deliveredEvents: () => webhooks.deliveries(),
    redeliver: (eventId) => webhooks.redeliver(eventId),
    pauseWebhooks: () => webhooks.pause(),
    resumeWebhooks: () => webhooks.resume(),
    settleWebhooks: () => webhooks.settle(),
    signedEvent: (eventId, signOptions) => webhooks.sign(eventId, signOptions),
    failNext: (count, status = 500, match = {}) =>
      server.addFault({ kind: 'fail', status }, count, match),
    delayNext: (ms, count = 1, match = {}) => server.addFault({ kind: 'delay', ms }, count, match),
    dropConnectionNext: (count = 1, match = {}) => server.addFault({ kind: 'drop' }, count, match),
    requests: () => server.requests(),
    close: async () => {
      webhooks.close();
      await webhooks.settle();
      await server.close();
    },
  };
}
