import { randomBytes } from 'node:crypto';
import { connectAsOwner } from '@tillpoint/db/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Retailer, signUpRetailer, type TestApp } from '../../testing/index.ts';
import { type FakeTestPay, TEST_PLUGINS } from './test-plugins.ts';
import {
  installPlugin,
  newTestPaySecrets,
  startVendor,
  type TestPaySecrets,
  testPayConfig,
} from './test-support.ts';

// Plugin secrets across key rotation, as operators do it: add a new key in front, restart, let
// saves re-seal, then retire the old key. And a sealed blob moved to another tenant's row stays
// shut (it is bound to its tenant and row).

const OLD = `k2025:${randomBytes(32).toString('base64')}`;
const NEW = `k2026:${randomBytes(32).toString('base64')}`;

let owner: pg.Client;
let vendor: FakeTestPay;
let secrets: TestPaySecrets;
const apps: TestApp[] = [];

async function appWithKeys(keys: string): Promise<TestApp> {
  const app = await createTestApp({ plugins: TEST_PLUGINS, env: { PLUGIN_SECRETS_KEYS: keys } });
  apps.push(app);
  return app;
}

async function sealedWith(tenantId: string): Promise<string> {
  const { rows } = await owner.query(
    `select secrets_key_id from plugin_installations where tenant_id = $1 and plugin_key = 'payment-testpay'`,
    [tenantId],
  );
  return rows[0].secrets_key_id;
}

async function connectionCheck(retailer: Retailer, app: TestApp) {
  // Sessions are per app secret: sign the owner in on this app instance.
  const response = await app.app.inject({
    method: 'POST',
    url: '/api/v1/plugins/payment-testpay/installation/test',
    headers: {
      cookie: retailer.owner.cookie ?? '',
      'x-csrf-token': retailer.owner.csrfToken ?? '',
    },
  });
  return JSON.parse(response.body) as { ok: boolean; details?: { code?: string } };
}

beforeAll(async () => {
  owner = await connectAsOwner();
  secrets = newTestPaySecrets();
  vendor = await startVendor(secrets);
});

afterAll(async () => {
  await vendor.close();
  for (const app of apps) await app.close();
  await owner.end();
});

describe('plugin secrets at rest', () => {
  it('keeps opening across a key rotation and re-seals with the new key on save', async () => {
    const authSecret = randomBytes(32).toString('base64url');
    const before = await createTestApp({
      plugins: TEST_PLUGINS,
      env: { PLUGIN_SECRETS_KEYS: OLD },
      authSecret,
    });
    apps.push(before);
    const shop = await signUpRetailer(before.app, 'Rotation Shop');
    await installPlugin(shop, 'payment-testpay', testPayConfig(vendor, secrets));
    expect(await sealedWith(shop.tenantId)).toBe('k2025');

    const rotating = await createTestApp({
      plugins: TEST_PLUGINS,
      env: { PLUGIN_SECRETS_KEYS: `${NEW},${OLD}` },
      authSecret,
    });
    apps.push(rotating);
    expect(await connectionCheck(shop, rotating)).toMatchObject({ ok: true });
    const resave = await rotating.app.inject({
      method: 'PUT',
      url: '/api/v1/plugins/payment-testpay/installation',
      headers: { cookie: shop.owner.cookie ?? '', 'x-csrf-token': shop.owner.csrfToken ?? '' },
      payload: { config: { endpoint: vendor.url, accountId: secrets.accountId } },
    });
    expect(resave.statusCode, resave.body).toBe(200);
    expect(await sealedWith(shop.tenantId)).toBe('k2026');

    const retired = await createTestApp({
      plugins: TEST_PLUGINS,
      env: { PLUGIN_SECRETS_KEYS: NEW },
      authSecret,
    });
    apps.push(retired);
    expect(await connectionCheck(shop, retired)).toMatchObject({ ok: true });
    // A server that lost the key says so, instead of failing obscurely.
    const lost = await createTestApp({
      plugins: TEST_PLUGINS,
      env: { PLUGIN_SECRETS_KEYS: OLD },
      authSecret,
    });
    apps.push(lost);
    expect(await connectionCheck(shop, lost)).toEqual({
      ok: false,
      message: expect.stringContaining('can no longer be read'),
      details: { code: 'plugin.secrets_unreadable' },
    });
  });

  it("does not open a sealed blob copied into another tenant's row", async () => {
    const app = await appWithKeys(OLD);
    const victim = await signUpRetailer(app.app, 'Sealed Victim');
    const thief = await signUpRetailer(app.app, 'Sealed Thief');
    await installPlugin(victim, 'payment-testpay', testPayConfig(vendor, secrets));
    await installPlugin(thief, 'payment-testpay', {
      ...testPayConfig(vendor, secrets),
      apiKey: 'sk_test_thiefs_own_key',
    });
    // Someone with database access copies the victim's sealed secrets into the thief's row.
    await owner.query(
      `update plugin_installations t set secrets = v.secrets, secrets_key_id = v.secrets_key_id
       from plugin_installations v
       where v.tenant_id = $1 and v.plugin_key = 'payment-testpay'
         and t.tenant_id = $2 and t.plugin_key = 'payment-testpay'`,
      [victim.tenantId, thief.tenantId],
    );
    expect(await connectionCheck(thief, app)).toMatchObject({
      ok: false,
      details: { code: 'plugin.secrets_unreadable' },
    });
    expect(await connectionCheck(victim, app)).toMatchObject({ ok: true });
  });
});
