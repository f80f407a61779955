import { connectAsOwner } from '@tillpoint/db/testing';
import type { PaymentWebhookEvent } from '@tillpoint/plugin-sdk';
import type { InjectOptions } from 'fastify';
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Retailer, signUpRetailer, type TestApp } from '../../testing/index.ts';
import { type FakeTestPay, signTestPay, TESTPAY_SIGNATURE_HEADER } from './test-plugins.ts';
import {
  type InstalledPlugin,
  installPlugin,
  newTestPaySecrets,
  openPluginApp,
  pluginTables,
  startVendor,
  type TestPaySecrets,
  testPayConfig,
} from './test-support.ts';
import type { WebhookSinks } from './webhook-sink.ts';

// Vendors' webhooks: verified by the plugin, recorded once per event, applied once however
// often (and however concurrently) they are delivered, and confined to their own tenant.

interface SinkCall {
  readonly tenantId: string;
  readonly installationId: string;
  readonly event: PaymentWebhookEvent;
}

const sinkCalls: SinkCall[] = [];
let sinkFailuresLeft = 0;
const sinks: WebhookSinks = {
  async payment(ctx, installation, event) {
    sinkCalls.push({ tenantId: ctx.tenantId, installationId: installation.id, event });
    // Long enough for concurrent deliveries of the same event to overlap.
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (sinkFailuresLeft > 0) {
      sinkFailuresLeft -= 1;
      throw new Error('payments database briefly unavailable');
    }
    return 'applied';
  },
};

let t: TestApp;
let owner: pg.Client;
let vendor: FakeTestPay;
let secrets: TestPaySecrets;
let shop: Retailer;
let other: Retailer;
let installation: InstalledPlugin;
let otherInstallation: InstalledPlugin;
let eventCounter = 0;

function event(type = 'payment.succeeded') {
  eventCounter += 1;
  return JSON.stringify({
    id: `evt_${Date.now()}_${eventCounter}`,
    type,
    paymentId: `pay_${eventCounter}`,
  });
}

function deliver(
  body: string,
  options: {
    installationId?: string;
    key?: string;
    secret?: string;
    headers?: Record<string, string>;
  } = {},
) {
  const request: InjectOptions = {
    method: 'POST',
    url: `/plugins/${options.key ?? 'payment-testpay'}/${options.installationId ?? installation.id}/webhooks`,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      [TESTPAY_SIGNATURE_HEADER]: signTestPay(options.secret ?? secrets.webhookSecret, body),
      ...options.headers,
    },
    payload: body,
  };
  return t.app.inject(request);
}

async function eventRows(tenantId: string) {
  const { rows } = await owner.query(
    `select event_id, status, deliveries, error, applied_at is not null as applied
     from plugin_webhook_events where tenant_id = $1 order by received_at`,
    [tenantId],
  );
  return rows;
}

beforeAll(async () => {
  t = await openPluginApp(sinks);
  owner = await connectAsOwner();
  secrets = newTestPaySecrets();
  vendor = await startVendor(secrets);
  shop = await signUpRetailer(t.app, 'Webhook Shop');
  other = await signUpRetailer(t.app, 'Webhook Neighbour');
  installation = await installPlugin(shop, 'payment-testpay', testPayConfig(vendor, secrets));
  otherInstallation = await installPlugin(
    other,
    'payment-testpay',
    testPayConfig(vendor, { ...secrets, webhookSecret: 'whsec_neighbours_own_secret' }),
  );
});

afterAll(async () => {
  await vendor.close();
  await owner.end();
  await t.close();
});

beforeEach(() => {
  sinkCalls.length = 0;
  sinkFailuresLeft = 0;
});

describe('plugin webhooks', () => {
  it('refuses a forged delivery with 400 and records nothing', async () => {
    const before = await pluginTables.fingerprint(owner, shop.tenantId);
    const forged = await deliver(event(), { secret: 'whsec_guessed_by_attacker' });
    expect(forged.statusCode).toBe(400);
    expect(forged.json()).toMatchObject({ code: 'webhook.bad_signature' });
    const unsigned = await deliver(event(), { headers: { [TESTPAY_SIGNATURE_HEADER]: '' } });
    expect(unsigned.statusCode).toBe(400);
    expect(await pluginTables.fingerprint(owner, shop.tenantId)).toEqual(before);
    expect(sinkCalls).toEqual([]);
  });

  it('records a verified event once and applies it through the sink', async () => {
    const body = event();
    const response = await deliver(body);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ received: true, status: 'applied' });
    const { id } = JSON.parse(body) as { id: string };
    expect(sinkCalls).toHaveLength(1);
    expect(sinkCalls[0]).toMatchObject({
      tenantId: shop.tenantId,
      installationId: installation.id,
      event: { type: 'payment', eventId: id, payment: { status: 'succeeded' } },
    });
    expect((await eventRows(shop.tenantId)).filter((row) => row.event_id === id)).toEqual([
      { event_id: id, status: 'applied', deliveries: 1, error: null, applied: true },
    ]);
  });

  it('applies an event delivered five times in a row once', async () => {
    const body = event();
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await deliver(body)).json());
    expect(answers[0]).toEqual({ received: true, status: 'applied' });
    expect(answers.slice(1)).toEqual(Array(4).fill({ received: true, duplicate: true }));
    expect(sinkCalls).toHaveLength(1);
    const { id } = JSON.parse(body) as { id: string };
    const row = (await eventRows(shop.tenantId)).find((r) => r.event_id === id);
    expect(row).toMatchObject({ status: 'applied', deliveries: 5 });
  });

  it('applies an event delivered five times at once once; the others are told to retry', async () => {
    const body = event();
    const responses = await Promise.all(Array.from({ length: 5 }, () => deliver(body)));
    const answers = responses.map((response) => response.json());
    expect(answers.filter((answer) => answer.status === 'applied')).toHaveLength(1);
    // The rest came while it was being applied (retry later) or after (already applied).
    for (const answer of answers.filter((a) => a.status !== 'applied'))
      expect([{ code: 'webhook.in_progress' }, { duplicate: true }]).toContainEqual(
        answer.code ? { code: answer.code } : { duplicate: answer.duplicate },
      );
    expect(sinkCalls).toHaveLength(1);
    // The vendor's retries later find it applied.
    expect((await deliver(body)).json()).toEqual({ received: true, duplicate: true });
    expect(sinkCalls).toHaveLength(1);
  });

  it('answers 500 when the event cannot be applied, and applies it on the next delivery', async () => {
    sinkFailuresLeft = 1;
    const body = event();
    const { id } = JSON.parse(body) as { id: string };
    const failed = await deliver(body);
    expect(failed.statusCode).toBe(500);
    expect(failed.json()).toMatchObject({ code: 'webhook.failed' });
    expect(failed.body).not.toContain('briefly unavailable');
    expect((await eventRows(shop.tenantId)).find((row) => row.event_id === id)).toMatchObject({
      status: 'failed',
      error: 'Error: payments database briefly unavailable',
      applied: false,
    });
    const retried = await deliver(body);
    expect(retried.json()).toEqual({ received: true, status: 'applied' });
    expect(sinkCalls).toHaveLength(2);
    expect((await eventRows(shop.tenantId)).find((row) => row.event_id === id)).toMatchObject({
      status: 'applied',
      error: null,
      deliveries: 2,
    });
  });

  it('records events the plugin ignores without calling the sink', async () => {
    const response = await deliver(event('customer.updated'));
    expect(response.json()).toEqual({ received: true, status: 'ignored' });
    expect(sinkCalls).toEqual([]);
  });

  it('takes the raw bytes of any content type, and ignores credentials it is sent', async () => {
    const body = event();
    const response = await deliver(body, {
      headers: {
        'content-type': 'text/plain',
        authorization: 'Basic dmVuZG9yOnBhc3N3b3Jk',
        cookie: 'authjs.session-token=garbage',
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(sinkCalls).toHaveLength(1);
  });

  it('refuses a body over 256 KiB', async () => {
    const body = JSON.stringify({ id: 'evt_big', type: 'x', padding: 'x'.repeat(300 * 1024) });
    const response = await deliver(body);
    expect(response.statusCode).toBe(413);
    expect(sinkCalls).toEqual([]);
  });

  it('keeps webhooks to their own installation: wrong key, id, status or tenant are 404', async () => {
    const before = await pluginTables.fingerprint(owner, shop.tenantId);
    const cases = [
      deliver(event(), { installationId: 'not-a-uuid' }),
      deliver(event(), { installationId: '01900000-0000-7000-8000-000000000000' }),
      deliver(event(), { key: 'payment-slowpay' }),
      // The neighbour's installation, signed with this shop's secret: nothing of this shop moves.
      deliver(event(), { installationId: otherInstallation.id }),
    ];
    const answers = (await Promise.all(cases)).map((response) => response.json().code);
    expect(answers).toEqual([
      'webhook.not_found',
      'webhook.not_found',
      'webhook.not_found',
      'webhook.bad_signature',
    ]);
    expect(await pluginTables.fingerprint(owner, shop.tenantId)).toEqual(before);

    // The neighbour's own, validly signed event lands in the neighbour's rows only.
    const body = event();
    const theirs = await deliver(body, {
      installationId: otherInstallation.id,
      secret: 'whsec_neighbours_own_secret',
    });
    expect(theirs.json()).toEqual({ received: true, status: 'applied' });
    expect(sinkCalls.map((call) => call.tenantId)).toEqual([other.tenantId]);
    expect(await pluginTables.fingerprint(owner, shop.tenantId)).toEqual(before);

    await shop.owner.post('/api/v1/plugins/payment-testpay/installation/disable');
    const disabled = await deliver(event());
    expect(disabled.statusCode).toBe(404);
    expect(disabled.json().code).toBe('webhook.not_found');
    await shop.owner.post('/api/v1/plugins/payment-testpay/installation/enable');
  });

  it('is kept out of the API document', async () => {
    const document = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(document.body).not.toContain('/webhooks');
  });
});
