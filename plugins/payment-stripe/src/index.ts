import { definePlugin } from '@tillpoint/plugin-sdk';
import { createStripeAdapter } from './adapter.ts';
import { stripeConfigSchema } from './config.ts';

export { STRIPE_API_VERSION } from './client.ts';
export type { StripePluginConfig } from './config.ts';

export const stripePlugin = definePlugin({
  key: 'payment-stripe',
  kind: 'payment',
  version: '0.1.0',
  name: 'Stripe Terminal',
  description:
    'Card-present payments on Stripe Terminal readers, driven from the server: tap, insert or swipe on the register’s reader, captured when the sale completes, refunded in full or in part.',
  configSchema: stripeConfigSchema,
  secretFields: ['secretKey', 'webhookSecret'],
  create: (ctx, config) => createStripeAdapter(ctx, config),
});
