import { connectAsOwner } from '@tillpoint/db/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  type Response,
  type Retailer,
  type StaffMember,
  signUpRetailer,
  type TestApp,
} from '../../testing/index.ts';
import { addStaffRoles } from '../../testing/suite.ts';
import type { FakeTestPay } from './test-plugins.ts';
import {
  installPlugin,
  newTestPaySecrets,
  openPluginApp,
  pluginTables,
  startVendor,
  type TestPaySecrets,
  testPayConfig,
  textOf,
} from './test-support.ts';

// The back office's plugin settings over REST: configure, enable one per kind, test the
// connection; secrets sealed at rest and never answered; permissions; tenants kept apart.

interface PluginDetail {
  key: string;
  kind: string;
  configSchema: { properties: Record<string, unknown> };
  secretFields: string[];
  installation: null | {
    id: string;
    status: string;
    config: Record<string, unknown>;
    secrets: Record<string, { set: boolean }>;
    webhookUrl: string | null;
    pluginVersion: string;
  };
}

let t: TestApp;
let owner: pg.Client;
let vendor: FakeTestPay;
let secrets: TestPaySecrets;
let a: Retailer;
let b: Retailer;
let staff: Record<'admin' | 'manager' | 'cashier' | 'accountant', StaffMember>;
// Every answer given while secrets were configured, checked for leaks at the end.
const answers: Response<unknown>[] = [];

async function seen<T>(response: Promise<Response<T>>): Promise<Response<T>> {
  const answer = await response;
  answers.push(answer);
  return answer;
}

beforeAll(async () => {
  t = await openPluginApp();
  owner = await connectAsOwner();
  secrets = newTestPaySecrets();
  vendor = await startVendor(secrets);
  a = await signUpRetailer(t.app, 'Plugin Goods');
  b = await signUpRetailer(t.app, 'Plugin Neighbours');
  staff = await addStaffRoles(t, a, ['admin', 'manager', 'cashier', 'accountant']);
});

afterAll(async () => {
  await vendor.close();
  await owner.end();
  await t.close();
});

describe('available plugins', () => {
  it('lists what this server offers with each one’s settings schema', async () => {
    const list = await seen(a.owner.get<{ plugins: PluginDetail[] }>('/api/v1/plugins'));
    expect(list.status).toBe(200);
    expect(list.body.plugins.map((plugin) => plugin.key)).toEqual([
      'accounting-brokenbooks',
      'payment-brokenpay',
      'payment-slowpay',
      'payment-testpay',
      'printer-testprint',
    ]);
    const testPay = list.body.plugins.find((plugin) => plugin.key === 'payment-testpay');
    expect(testPay).toMatchObject({
      kind: 'payment',
      name: 'TestPay',
      version: '1.2.0',
      secretFields: ['apiKey', 'webhookSecret'],
      installation: null,
    });
    expect(Object.keys(testPay?.configSchema.properties ?? {})).toEqual([
      'endpoint',
      'accountId',
      'apiKey',
      'webhookSecret',
      'statementName',
    ]);
  });

  it('answers plugin.not_found for a key this server does not have, writing nothing', async () => {
    const unknown = '/api/v1/plugins/payment-nosuchvendor';
    expect((await a.owner.get(unknown)).body.code).toBe('plugin.not_found');
    for (const attempt of [
      () => a.owner.put(`${unknown}/installation`, { config: {} }),
      () => a.owner.post(`${unknown}/installation/enable`),
      () => a.owner.post(`${unknown}/installation/test`),
    ])
      await pluginTables.expectRefusedWithoutTrace(
        owner,
        a.tenantId,
        attempt,
        404,
        'plugin.not_found',
      );
  });
});

describe('the plugins this build carries', () => {
  it('are offered with their settings forms, secrets named', async () => {
    const shipped = await createTestApp();
    try {
      const retailer = await signUpRetailer(shipped.app, 'Shipped Plugins');
      const list = await retailer.owner.get<{ plugins: PluginDetail[] }>('/api/v1/plugins');
      expect(list.status, JSON.stringify(list.body)).toBe(200);
      expect(list.body.plugins.map((plugin) => plugin.key)).toEqual([
        'accounting-csv',
        'payment-stripe',
        'printer-escpos',
      ]);
      const stripe = await retailer.owner.get<PluginDetail>('/api/v1/plugins/payment-stripe');
      expect(stripe.body.secretFields.length).toBeGreaterThan(0);
      for (const field of stripe.body.secretFields)
        expect(stripe.body.configSchema.properties).toHaveProperty(field);
    } finally {
      await shipped.close();
    }
  });
});

describe('settings', () => {
  it('saves settings disabled, with secrets shown only as set and defaults filled in', async () => {
    const saved = await seen(
      a.owner.put<PluginDetail>('/api/v1/plugins/payment-testpay/installation', {
        config: testPayConfig(vendor, secrets),
      }),
    );
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const installation = saved.body.installation;
    expect(installation).toMatchObject({
      status: 'disabled',
      pluginVersion: '1.2.0',
      config: { endpoint: vendor.url, accountId: secrets.accountId, statementName: 'TILLPOINT' },
      secrets: { apiKey: { set: true }, webhookSecret: { set: true } },
    });
    expect(Object.keys(installation?.config ?? {}).sort()).toEqual([
      'accountId',
      'endpoint',
      'statementName',
    ]);
    expect(installation?.webhookUrl).toBe(
      `http://127.0.0.1:3000/plugins/payment-testpay/${installation?.id}/webhooks`,
    );
  });

  it('stores the secrets sealed: the row holds neither value in clear', async () => {
    const { rows } = await owner.query(
      `select config, secrets, secrets_key_id, secret_fields from plugin_installations
       where tenant_id = $1 and plugin_key = 'payment-testpay'`,
      [a.tenantId],
    );
    const row = rows[0];
    expect(row.secrets_key_id).toBe('test');
    expect(row.secret_fields).toEqual(['apiKey', 'webhookSecret']);
    expect(Object.keys(row.config).sort()).toEqual(['accountId', 'endpoint', 'statementName']);
    const whole = JSON.stringify(rows) + (row.secrets as Buffer).toString('latin1');
    for (const secret of [secrets.apiKey, secrets.webhookSecret]) {
      expect(whole).not.toContain(secret);
      expect((row.secrets as Buffer).includes(Buffer.from(secret))).toBe(false);
    }
  });

  it('tests the connection with the saved secrets, before the plugin is enabled', async () => {
    const first = await seen(
      a.owner.post<{ ok: boolean; message: string; details: { checks: number } }>(
        '/api/v1/plugins/payment-testpay/installation/test',
      ),
    );
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      ok: true,
      message: `Connected to TestPay account ${secrets.accountId} for Plugin Goods.`,
      details: { checks: 1, statementName: 'TILLPOINT' },
    });
    expect(vendor.requests.at(-1)).toEqual({
      method: 'GET',
      path: `/v1/accounts/${secrets.accountId}`,
      authorization: `Bearer ${secrets.apiKey}`,
    });
    // The plugin keeps its own state in its key-value store.
    const second = await seen(a.owner.post('/api/v1/plugins/payment-testpay/installation/test'));
    expect(second.body).toMatchObject({ ok: true, details: { checks: 2 } });
    const { rows } = await owner.query(`select key, value from plugin_kv where tenant_id = $1`, [
      a.tenantId,
    ]);
    expect(rows).toEqual([{ key: 'connection-checks', value: 2 }]);
  });

  it('keeps a secret left out, removes one sent as null, replaces one sent anew', async () => {
    const kept = await seen(
      a.owner.put<PluginDetail>('/api/v1/plugins/payment-testpay/installation', {
        config: { endpoint: vendor.url, accountId: secrets.accountId, webhookSecret: null },
      }),
    );
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expect(kept.body.installation?.secrets).toEqual({
      apiKey: { set: true },
      webhookSecret: { set: false },
    });
    // The kept key still opens the vendor's door.
    const test = await seen(a.owner.post('/api/v1/plugins/payment-testpay/installation/test'));
    expect(test.body).toMatchObject({ ok: true });

    const replaced = await seen(
      a.owner.put('/api/v1/plugins/payment-testpay/installation', {
        config: { ...testPayConfig(vendor, secrets), apiKey: 'sk_test_wrongkey123' },
      }),
    );
    expect(replaced.status).toBe(200);
    const refused = await seen(a.owner.post('/api/v1/plugins/payment-testpay/installation/test'));
    expect(refused.status).toBe(200);
    expect(refused.body).toEqual({
      ok: false,
      message: 'TestPay refused the API key.',
      details: { code: 'plugin.unauthorized' },
    });
    await seen(
      a.owner.put('/api/v1/plugins/payment-testpay/installation', {
        config: testPayConfig(vendor, secrets),
      }),
    );
  });

  it('refuses settings that do not fit the schema, with every issue and nothing written', async () => {
    const refused = await pluginTables.expectRefusedWithoutTrace(
      owner,
      a.tenantId,
      () =>
        seen(
          a.owner.put('/api/v1/plugins/payment-testpay/installation', {
            config: {
              endpoint: 'not a url',
              apiKey: 'sk_short',
              statementName: 'A much too long statement name',
              colour: 'red',
            },
          }),
        ),
      422,
      'plugin.invalid_config',
    );
    const issues = (refused.body.details as { issues: { path: string }[] }).issues;
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      '/accountId',
      '/apiKey',
      '/colour',
      '/endpoint',
      '/statementName',
    ]);
    expect(JSON.stringify(refused.body)).not.toContain('sk_short');
    await pluginTables.expectRefusedWithoutTrace(
      owner,
      a.tenantId,
      () => a.owner.put('/api/v1/plugins/payment-testpay/installation', { config: 'everything' }),
      400,
      'validation.failed',
    );
  });

  it('tells a test of a plugin without settings to save them first', async () => {
    const response = await a.owner.post('/api/v1/plugins/payment-brokenpay/installation/test');
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('plugin.not_configured');
  });

  it('reports a failing plugin as a failed test, without its internals', async () => {
    await installPlugin(a, 'payment-brokenpay', { apiKey: 'broken-key-1234' }, { enable: false });
    await installPlugin(a, 'accounting-brokenbooks', {}, { enable: false });
    const thrown = await a.owner.post('/api/v1/plugins/payment-brokenpay/installation/test');
    expect(thrown.status).toBe(200);
    expect(thrown.body).toMatchObject({ ok: false, details: { code: 'plugin.failed' } });
    expect(JSON.stringify(thrown.body)).not.toContain('broken-key-1234');
    const notCreated = await a.owner.post(
      '/api/v1/plugins/accounting-brokenbooks/installation/test',
    );
    expect(notCreated.body).toMatchObject({ ok: false, details: { code: 'plugin.failed' } });
  });
});

describe('enabling', () => {
  it('enables one plugin per kind and names the enabled one when refusing another', async () => {
    const enabled = await seen(
      a.owner.post<PluginDetail>('/api/v1/plugins/payment-testpay/installation/enable'),
    );
    expect(enabled.status).toBe(200);
    expect(enabled.body.installation?.status).toBe('enabled');
    await installPlugin(a, 'payment-slowpay', { endpoint: vendor.url }, { enable: false });
    const second = await pluginTables.expectRefusedWithoutTrace(
      owner,
      a.tenantId,
      () => a.owner.post('/api/v1/plugins/payment-slowpay/installation/enable'),
      409,
      'plugin.kind_already_enabled',
    );
    expect(second.body.message).toContain('payment-testpay');
    expect(second.body.details).toMatchObject({
      kind: 'payment',
      enabledPlugin: 'payment-testpay',
    });
    // Another kind is independent.
    await installPlugin(a, 'printer-testprint', {});
    // Enabling twice changes nothing.
    const again = await a.owner.post<PluginDetail>(
      '/api/v1/plugins/payment-testpay/installation/enable',
    );
    expect(again.body.installation?.status).toBe('enabled');
  });

  it('lets only one of two plugins of a kind enabled at the same moment through', async () => {
    const c = await signUpRetailer(t.app, 'Plugin Race');
    await installPlugin(c, 'payment-testpay', testPayConfig(vendor, secrets), { enable: false });
    await installPlugin(c, 'payment-slowpay', { endpoint: vendor.url }, { enable: false });
    const outcomes = await Promise.all(
      ['payment-testpay', 'payment-slowpay'].map((key) =>
        c.owner.post(`/api/v1/plugins/${key}/installation/enable`),
      ),
    );
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual([200, 409]);
    expect(outcomes.find((outcome) => outcome.status === 409)?.body.code).toBe(
      'plugin.kind_already_enabled',
    );
  });

  it('disables, after which another plugin of the kind may be enabled', async () => {
    const disabled = await a.owner.post<PluginDetail>(
      '/api/v1/plugins/payment-testpay/installation/disable',
    );
    expect(disabled.body.installation?.status).toBe('disabled');
    expect((await a.owner.post('/api/v1/plugins/payment-slowpay/installation/enable')).status).toBe(
      200,
    );
    await a.owner.post('/api/v1/plugins/payment-slowpay/installation/disable');
    expect((await a.owner.post('/api/v1/plugins/payment-testpay/installation/enable')).status).toBe(
      200,
    );
  });
});

describe('permissions and tenants', () => {
  it('lets owners, admins and managers read; only owners and admins change or test', async () => {
    for (const reader of [staff.admin, staff.manager]) {
      expect((await seen(reader.caller.get('/api/v1/plugins'))).status).toBe(200);
      expect((await seen(reader.caller.get('/api/v1/plugins/payment-testpay'))).status).toBe(200);
    }
    for (const outsider of [staff.cashier, staff.accountant]) {
      const response = await outsider.caller.get('/api/v1/plugins');
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('auth.forbidden');
    }
    for (const attempt of [
      () =>
        staff.manager.caller.put('/api/v1/plugins/payment-testpay/installation', {
          config: testPayConfig(vendor, secrets),
        }),
      () => staff.manager.caller.post('/api/v1/plugins/payment-testpay/installation/disable'),
      () => staff.manager.caller.post('/api/v1/plugins/payment-testpay/installation/test'),
      () => staff.cashier.caller.post('/api/v1/plugins/printer-testprint/installation/disable'),
    ])
      await pluginTables.expectRefusedWithoutTrace(
        owner,
        a.tenantId,
        attempt,
        403,
        'auth.forbidden',
      );
    const byAdmin = await seen(
      staff.admin.caller.put<PluginDetail>('/api/v1/plugins/printer-testprint/installation', {
        config: { paperWidthMm: 58 },
      }),
    );
    expect(byAdmin.body.installation).toMatchObject({
      status: 'enabled',
      config: { paperWidthMm: 58 },
    });
  });

  it("shows another tenant nothing of this tenant's installations", async () => {
    const list = await b.owner.get<{ plugins: PluginDetail[] }>('/api/v1/plugins');
    expect(list.body.plugins.every((plugin) => plugin.installation === null)).toBe(true);
    const detail = await b.owner.get<PluginDetail>('/api/v1/plugins/payment-testpay');
    expect(detail.body.installation).toBeNull();
    const enable = await b.owner.post('/api/v1/plugins/payment-testpay/installation/enable');
    expect(enable.body.code).toBe('plugin.not_configured');
    expect(await t.app.services.plugins.paymentFor({ tenantId: b.tenantId })).toBeNull();
  });
});

describe('audit and secrecy', () => {
  it('audits every change, naming secrets changed but never their values', async () => {
    const events = await a.owner.get<{
      events: { action: string; before: unknown; after: Record<string, unknown> }[];
    }>('/api/v1/audit-events?action=plugin&limit=200');
    const actions = events.body.events.map((event) => event.action);
    expect(actions).toEqual(
      expect.arrayContaining(['plugin.configured', 'plugin.enabled', 'plugin.disabled']),
    );
    const first = events.body.events.findLast(
      (event) => event.action === 'plugin.configured' && event.before === null,
    );
    expect(first?.after).toMatchObject({
      plugin: 'payment-testpay',
      status: 'disabled',
      secretsSet: ['apiKey', 'webhookSecret'],
      secretsChanged: ['apiKey', 'webhookSecret'],
    });
    answers.push(events);
  });

  it('never answers a secret value, on any plugin endpoint', async () => {
    answers.push(await a.owner.get('/api/v1/plugins'));
    answers.push(await a.owner.get('/api/v1/plugins/payment-testpay'));
    const text = textOf(answers);
    expect(text).toContain(secrets.accountId);
    expect(text).not.toContain(secrets.apiKey);
    expect(text).not.toContain(secrets.webhookSecret);
  });
});

describe("registers' card readers", () => {
  it('sets, reads and clears the card reader of a register, audited', async () => {
    const register = await a.owner.post<{ id: string }>(`/api/v1/stores/${a.storeId}/registers`, {
      name: 'Card till',
    });
    const path = `/api/v1/registers/${register.body.id}/card-reader`;
    expect((await a.owner.get(path)).body).toEqual({
      registerId: register.body.id,
      storeId: a.storeId,
      cardReaderId: null,
    });
    const set = await a.owner.put(path, { readerId: 'tmr_FDOt2wlRZEdpd7' });
    expect(set.status).toBe(200);
    expect(set.body.cardReaderId).toBe('tmr_FDOt2wlRZEdpd7');
    expect((await staff.manager.caller.get(path)).body.cardReaderId).toBe('tmr_FDOt2wlRZEdpd7');
    await pluginTables.expectRefusedWithoutTrace(
      owner,
      a.tenantId,
      () => staff.manager.caller.put(path, { readerId: 'tmr_other' }),
      403,
      'auth.forbidden',
    );
    await pluginTables.expectRefusedWithoutTrace(
      owner,
      a.tenantId,
      () => a.owner.put(path, { readerId: 'has spaces' }),
      400,
      'validation.failed',
    );
    expect((await staff.cashier.caller.get(path)).status).toBe(403);
    // Another tenant's register does not exist for this tenant.
    expect((await b.owner.put(path, { readerId: 'tmr_stolen' })).status).toBe(404);
    expect((await b.owner.get(path)).body.code).toBe('register.not_found');

    const cleared = await a.owner.put(path, { readerId: null });
    expect(cleared.body.cardReaderId).toBeNull();
    const audit = await a.owner.get<{ events: { after: unknown }[] }>(
      `/api/v1/audit-events?action=register.card_reader_set&targetId=${register.body.id}`,
    );
    expect(audit.body.events.map((event) => event.after)).toEqual([
      { cardReaderId: null },
      { cardReaderId: 'tmr_FDOt2wlRZEdpd7' },
    ]);
  });
});
