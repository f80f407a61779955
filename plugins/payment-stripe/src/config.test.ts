import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StripePluginConfig, stripeConfigSchema, stripeEndpoint } from './config.ts';
import { stripePlugin } from './index.ts';
import { createStripeHarness, type StripeHarness } from './testing/index.ts';

// The tenant's settings: what the form accepts, where the SDK is pointed, and what "test the
// connection" tells the owner.

const valid: StripePluginConfig = {
  secretKey: 'sk_test_51AbCdEfGhIjKlMnOp',
  webhookSecret: 'whsec_AbCdEfGhIjKlMnOpQrSt',
};

const accepts = (config: Record<string, unknown>) => Value.Check(stripeConfigSchema, config);

describe('configuration schema', () => {
  it('accepts secret and restricted keys, live or test', () => {
    for (const secretKey of [
      'sk_test_51AbCdEfGhIjKlMnOp',
      'sk_live_51AbCdEfGhIjKlMnOp',
      'rk_test_51AbCdEfGhIjKlMnOp',
      'rk_live_51AbCdEfGhIjKlMnOp',
    ])
      expect(accepts({ ...valid, secretKey })).toBe(true);
  });

  it('refuses a publishable key and other look-alikes', () => {
    for (const secretKey of [
      'pk_test_51AbCdEfGhIjKlMnOp',
      'pk_live_51AbCdEfGhIjKlMnOp',
      'sk_51AbCdEfGhIjKlMnOp',
      'sk_test_',
      ' sk_test_51AbCdEfGhIjKlMnOp',
    ])
      expect(accepts({ ...valid, secretKey })).toBe(false);
  });

  it('wants a whsec_ signing secret', () => {
    expect(accepts({ ...valid, webhookSecret: 'we_1AbCdEfGhIjKlMnOp' })).toBe(false);
    expect(accepts({ secretKey: valid.secretKey })).toBe(false);
  });

  it('is closed, and checks the optional settings', () => {
    expect(accepts({ ...valid, publishableKey: 'pk_test_1' })).toBe(false);
    expect(accepts({ ...valid, apiBaseUrl: 'http://127.0.0.1:12111' })).toBe(true);
    expect(accepts({ ...valid, apiBaseUrl: 'https://stripe-fake.internal/' })).toBe(true);
    expect(accepts({ ...valid, apiBaseUrl: 'ftp://127.0.0.1' })).toBe(false);
    expect(accepts({ ...valid, apiBaseUrl: 'http://127.0.0.1/v1' })).toBe(false);
    expect(accepts({ ...valid, statementDescriptorSuffix: 'MAIN ST' })).toBe(true);
    expect(accepts({ ...valid, statementDescriptorSuffix: 'A'.repeat(23) })).toBe(false);
    expect(accepts({ ...valid, statementDescriptorSuffix: 'BEST*SHOP' })).toBe(false);
  });

  it('uses patterns that JSON Schema validators with unicode regexes accept too', () => {
    for (const property of Object.values(stripeConfigSchema.properties)) {
      const { pattern } = property as { pattern?: string };
      if (pattern) expect(() => new RegExp(pattern, 'u')).not.toThrow();
    }
  });

  it('marks both keys secret', () => {
    expect(stripePlugin).toMatchObject({ key: 'payment-stripe', kind: 'payment' });
    expect(stripePlugin.secretFields).toEqual(['secretKey', 'webhookSecret']);
  });
});

describe('API endpoint', () => {
  it('is Stripe itself unless a base URL is configured', () => {
    expect(stripeEndpoint(valid)).toBeNull();
    expect(stripeEndpoint({ ...valid, apiBaseUrl: 'http://127.0.0.1:12111' })).toEqual({
      host: '127.0.0.1',
      port: 12111,
      protocol: 'http',
    });
    expect(stripeEndpoint({ ...valid, apiBaseUrl: 'https://stripe-fake.internal' })).toEqual({
      host: 'stripe-fake.internal',
      port: 443,
      protocol: 'https',
    });
  });
});

describe('testing the connection', () => {
  let h: StripeHarness;

  beforeAll(async () => {
    h = await createStripeHarness({ accountName: 'Main Street Goods' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('names the account and the mode, and shows the webhook URL to register', async () => {
    const check = await h.adapter().testConnection();
    expect(check).toEqual({
      ok: true,
      message: `Connected to Stripe account ${h.fake.accountId} (Main Street Goods) in test mode.`,
      details: { mode: 'test mode', webhookUrl: h.context.webhookUrl, accountId: h.fake.accountId },
    });
  });

  it('accepts a restricted key that may not read the account but may drive readers', async () => {
    const restrictedKey = 'rk_test_RestrictedKeyForReaders01';
    h.fake.addApiKey(restrictedKey, { restricted: true });
    const check = await h
      .adapter({ config: { ...h.config, secretKey: restrictedKey } })
      .testConnection();
    expect(check).toMatchObject({
      ok: true,
      message: 'Connected to Stripe with a restricted key in test mode.',
    });
  });

  it('says the key was refused when Stripe refuses it', async () => {
    const check = await h.adapter({ config: h.refusedConfig }).testConnection();
    expect(check.ok).toBe(false);
    expect(check.message).toMatch(/^The secret key was refused by Stripe\./);
  });
});
