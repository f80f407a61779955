import type { PluginContext } from '@tillpoint/plugin-sdk';
import Stripe from 'stripe';
import { type StripePluginConfig, stripeEndpoint } from './config.ts';

/**
 * The Stripe API version this plugin is written and tested against, pinned so a Stripe account
 * default or an SDK upgrade never changes the shape of what we read. Bumping the SDK makes this
 * line fail to compile until the version is reviewed and updated on purpose.
 */
export const STRIPE_API_VERSION = '2026-10-28.endive' satisfies Stripe.LatestApiVersion;

export function createStripeClient(ctx: PluginContext, config: StripePluginConfig): Stripe {
  const endpoint = stripeEndpoint(config);
  // Every call goes through the host's fetch, so the host's time limit and logging apply.
  const hostFetch: typeof fetch = (input, init) =>
    ctx.http.fetch(input instanceof Request ? input.url : input, init);
  return new Stripe(config.secretKey, {
    apiVersion: STRIPE_API_VERSION,
    httpClient: Stripe.createFetchHttpClient(hostFetch),
    // Safe because every POST carries an idempotency key derived from our ids.
    maxNetworkRetries: 2,
    timeout: Math.max(1, Math.round(ctx.http.timeoutMs)),
    telemetry: false,
    appInfo: { name: 'Tillpoint' },
    ...(endpoint ?? {}),
  });
}
