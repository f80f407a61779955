import { connectAsAppRole, connectAsOwner } from '@tillpoint/db/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Retailer, signUpRetailer, type TestApp } from '../../testing/index.ts';
import {
  expectOnlyOwnRows,
  expectRlsForced,
  inTransaction,
  rowsChanged,
} from '../../testing/rls.ts';
import { type FakeTestPay, signTestPay, TESTPAY_SIGNATURE_HEADER } from './test-plugins.ts';
import {
  type InstalledPlugin,
  installPlugin,
  newTestPaySecrets,
  openPluginApp,
  startVendor,
  type TestPaySecrets,
  testPayConfig,
} from './test-support.ts';

// Row-level security on the plugin tables, checked as the app role with no application code in
// between, and the one cross-tenant read (the webhook's installation lookup) kept that narrow.

const TABLES = ['plugin_installations', 'plugin_kv', 'plugin_webhook_events'];

let t: TestApp;
let app: pg.Client;
let owner: pg.Client;
let vendor: FakeTestPay;
let secrets: TestPaySecrets;
let a: Retailer;
let b: Retailer;
let aInstallation: InstalledPlugin;
let bInstallation: InstalledPlugin;

async function populate(retailer: Retailer): Promise<InstalledPlugin> {
  const installed = await installPlugin(
    retailer,
    'payment-testpay',
    testPayConfig(vendor, secrets),
  );
  // A connection test writes the plugin's key-value state; a webhook records an event.
  await retailer.owner.post('/api/v1/plugins/payment-testpay/installation/test');
  const body = JSON.stringify({
    id: `evt_${installed.id}`,
    type: 'payment.succeeded',
    paymentId: 'p',
  });
  const delivered = await t.app.inject({
    method: 'POST',
    url: `/plugins/payment-testpay/${installed.id}/webhooks`,
    headers: {
      'content-type': 'application/json',
      [TESTPAY_SIGNATURE_HEADER]: signTestPay(secrets.webhookSecret, body),
    },
    payload: body,
  });
  expect(delivered.statusCode, delivered.body).toBe(200);
  return installed;
}

beforeAll(async () => {
  t = await openPluginApp();
  app = await connectAsAppRole();
  owner = await connectAsOwner();
  secrets = newTestPaySecrets();
  vendor = await startVendor(secrets);
  a = await signUpRetailer(t.app, 'Isolation Plugins');
  b = await signUpRetailer(t.app, 'Isolation Integrations');
  aInstallation = await populate(a);
  bInstallation = await populate(b);
});

afterAll(async () => {
  await vendor.close();
  await app.end();
  await owner.end();
  await t.close();
});

describe('row-level security on plugins', () => {
  it('is enabled and forced on every plugin table', async () => {
    await expectRlsForced(owner, TABLES);
  });

  for (const table of TABLES) {
    it(`${table}: no rows without a tenant, only its own rows with one`, async () => {
      await expectOnlyOwnRows(app, table, a.tenantId, b.tenantId, 1);
    });
  }

  it("cannot change, read through or add to another tenant's installation", async () => {
    expect(
      await rowsChanged(
        app,
        a.tenantId,
        "update plugin_installations set status = 'disabled', secrets = null where id = $1",
        [bInstallation.id],
      ),
    ).toBe(0);
    expect(
      await rowsChanged(app, a.tenantId, 'delete from plugin_kv where installation_id = $1', [
        bInstallation.id,
      ]),
    ).toBe(0);
    await expect(
      inTransaction(app, a.tenantId, () =>
        app.query(
          `insert into plugin_kv (tenant_id, installation_id, key, value)
           values ($1, $2, 'planted', '1')`,
          [b.tenantId, bInstallation.id],
        ),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    // Pointing this tenant's row at the other tenant's installation breaks the composite key.
    await expect(
      inTransaction(app, a.tenantId, () =>
        app.query(
          `insert into plugin_webhook_events (tenant_id, installation_id, event_id)
           values ($1, $2, 'evt_cross')`,
          [a.tenantId, bInstallation.id],
        ),
      ),
    ).rejects.toMatchObject({ code: '23503' });
  });

  it('answers the webhook lookup with a tenant id only; a system transaction sees no rows', async () => {
    await app.query('begin');
    try {
      await app.query("select set_config('app.system', 'on', true)");
      const lookup = await app.query('select plugin_installation_tenant($1) as tenant', [
        aInstallation.id,
      ]);
      expect(lookup.rows).toEqual([{ tenant: a.tenantId }]);
      const unknown = await app.query('select plugin_installation_tenant($1) as tenant', [
        '01900000-0000-7000-8000-000000000000',
      ]);
      expect(unknown.rows).toEqual([{ tenant: null }]);
      const visible = await app.query('select count(*)::int as n from plugin_installations');
      expect(visible.rows).toEqual([{ n: 0 }]);
    } finally {
      await app.query('rollback');
    }
  });

  it('keeps one enabled installation per kind in the database itself', async () => {
    await expect(
      inTransaction(app, a.tenantId, () =>
        app.query(
          `insert into plugin_installations (tenant_id, plugin_key, kind, status, plugin_version)
           values ($1, 'payment-other', 'payment', 'enabled', '1.0.0')`,
          [a.tenantId],
        ),
      ),
    ).rejects.toMatchObject({ code: '23505' });
  });
});
