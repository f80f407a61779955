import { type Static, Type } from 'typebox';

// What a tenant enters to connect its Stripe account. Keys are secret fields: the host encrypts
// them at rest and never returns them.

export const stripeConfigSchema = Type.Object(
  {
    secretKey: Type.String({
      title: 'Secret key',
      description:
        'A secret key (sk_live_… / sk_test_…) or a restricted key (rk_live_… / rk_test_…) with write access to PaymentIntents, Refunds and Terminal readers. Dashboard > Developers > API keys.',
      pattern: '^(sk|rk)_(live|test)_[A-Za-z0-9]{10,}$',
      maxLength: 255,
    }),
    webhookSecret: Type.String({
      title: 'Webhook signing secret',
      description:
        'The whsec_… secret of the webhook endpoint you created in Stripe for the URL shown on this page.',
      pattern: '^whsec_[A-Za-z0-9+/=_-]{8,}$',
      maxLength: 255,
    }),
    apiBaseUrl: Type.Optional(
      Type.String({
        title: 'API base URL (testing only)',
        description:
          'Leave empty in production: the plugin then talks to https://api.stripe.com. Only set for tests and self-hosted Stripe-compatible fakes, e.g. http://127.0.0.1:12111.',
        pattern: '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?$',
        maxLength: 200,
      }),
    ),
    statementDescriptorSuffix: Type.Optional(
      Type.String({
        title: 'Statement descriptor suffix',
        description:
          'Shown after your business name on the cardholder’s statement (at most 22 characters, no < > \\ \' " *).',
        pattern: '^[^<>\\\\\'"*]{1,22}$',
      }),
    ),
  },
  { additionalProperties: false },
);

export type StripePluginConfig = Static<typeof stripeConfigSchema>;

export interface StripeEndpoint {
  readonly host: string;
  readonly port: number;
  readonly protocol: 'http' | 'https';
}

/** Where the SDK sends requests: Stripe itself unless a test or self-hosted fake is configured. */
export function stripeEndpoint(config: StripePluginConfig): StripeEndpoint | null {
  if (!config.apiBaseUrl) return null;
  const url = new URL(config.apiBaseUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  const port = url.port ? Number(url.port) : protocol === 'http' ? 80 : 443;
  return { host: url.hostname, port, protocol };
}

export function isTestKey(config: StripePluginConfig): boolean {
  return /^(sk|rk)_test_/.test(config.secretKey);
}
