import type { PaymentAdapter, PluginContext } from '@tillpoint/plugin-sdk';
import { createStripeClient } from './client.ts';
import type { StripePluginConfig } from './config.ts';
import { testStripeConnection } from './connection.ts';
import { StripePayments } from './payments.ts';
import { readerStatus } from './readers.ts';
import { StripeRefunds } from './refunds.ts';
import { refundSnapshot } from './snapshots.ts';
import { parseStripeWebhook } from './webhooks.ts';

/** One tenant's Stripe account seen as a PaymentAdapter. */
export function createStripeAdapter(
  ctx: PluginContext,
  config: StripePluginConfig,
): PaymentAdapter {
  const stripe = createStripeClient(ctx, config);
  const payments = new StripePayments(stripe, config, ctx.logger);
  const refunds = new StripeRefunds(stripe, ctx.logger);
  return {
    capabilities: {
      cardPresent: true,
      // Stripe Terminal's offline mode lives in the reader SDK on the device; a server-driven
      // integration has nothing to store and forward.
      storeAndForward: null,
      partialRefunds: true,
    },
    testConnection: () => testStripeConnection(stripe, config, ctx),
    startPayment: (request) => payments.start(request),
    getPayment: (reference) => payments.get(reference),
    capture: (reference) => payments.capture(reference),
    cancel: (reference) => payments.cancel(reference),
    refund: (request) => refunds.refund(request),
    readerStatus: (readerId) => readerStatus(stripe, readerId),
    parseWebhook: (request) =>
      parseStripeWebhook(stripe, config.webhookSecret, request, {
        paymentNow: (intentId, readerFailure) => payments.now(intentId, readerFailure),
        refundNow: async (stripeRefundId) => refundSnapshot(await refunds.get(stripeRefundId)),
      }),
  };
}
