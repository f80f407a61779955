import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { newId } from '@tillpoint/db';
import type { PaymentReference, RefundRequest } from '@tillpoint/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { type Retailer, signUpRetailer, type TestApp } from '../../testing/index.ts';
import type { FakeTestPay } from './test-plugins.ts';
import {
  installPlugin,
  newTestPaySecrets,
  openPluginApp,
  startVendor,
  TEST_PLUGIN_TIMEOUT_MS,
  type TestPaySecrets,
  testPayConfig,
} from './test-support.ts';

// A plugin that hangs or throws costs its own tenant one bounded, well-formed error: other
// tenants' calls answer promptly, and nothing a plugin does takes the process down.

let t: TestApp;
let vendor: FakeTestPay;
let secrets: TestPaySecrets;
let slow: Retailer;
let healthy: Retailer;
let broken: Retailer;

const reference: PaymentReference = { paymentId: newId(), providerPaymentId: 'tp_1' };

function paymentRequest(amountMinor = 1_000) {
  return {
    paymentId: newId(),
    saleId: newId(),
    amountMinor,
    currency: 'USD',
    readerId: 'tmr_1',
    description: 'Sale at Main Street',
  };
}

async function failureOf(call: () => unknown): Promise<AppError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work;
  return { value, ms: performance.now() - started };
}

beforeAll(async () => {
  t = await openPluginApp();
  secrets = newTestPaySecrets();
  vendor = await startVendor(secrets);
  slow = await signUpRetailer(t.app, 'Slow Lane Shop');
  healthy = await signUpRetailer(t.app, 'Fast Lane Shop');
  broken = await signUpRetailer(t.app, 'Buggy Shop');
  await installPlugin(slow, 'payment-slowpay', { endpoint: vendor.url });
  await installPlugin(healthy, 'payment-testpay', testPayConfig(vendor, secrets));
  await installPlugin(broken, 'payment-brokenpay', { apiKey: 'brokenpay-secret-9' });
  await installPlugin(broken, 'printer-testprint', { paperWidthMm: 58 });
  await installPlugin(broken, 'accounting-brokenbooks', {});
});

afterAll(async () => {
  await vendor.close();
  await t.close();
});

describe('a hanging plugin', () => {
  it("answers within its time limit while another tenant's calls go through", async () => {
    const slowPayment = await t.app.services.plugins.paymentFor({ tenantId: slow.tenantId });
    const hanging = [
      timed(slow.owner.post('/api/v1/plugins/payment-slowpay/installation/test')),
      timed(failureOf(() => slowPayment?.adapter.startPayment(paymentRequest()))),
      timed(failureOf(() => slowPayment?.adapter.startPayment(paymentRequest()))),
    ] as const;
    // Meanwhile the healthy tenant's calls go through, over HTTP and through the runtime.
    const healthyTest = await timed(
      healthy.owner.post('/api/v1/plugins/payment-testpay/installation/test'),
    );
    expect(healthyTest.value.body).toMatchObject({ ok: true });
    const healthyPayment = await t.app.services.plugins.paymentFor({
      tenantId: healthy.tenantId,
      storeId: healthy.storeId,
    });
    const started = await timed(
      healthyPayment?.adapter.startPayment(paymentRequest(2_500)) ?? Promise.reject(),
    );
    expect(started.value).toMatchObject({ status: 'pending', amountMinor: 2_500 });

    const [test, payment, second] = await Promise.all(hanging);
    expect(test.value.status).toBe(200);
    expect(test.value.body).toMatchObject({
      ok: false,
      message: expect.stringContaining('SlowPay did not answer within 1 s'),
      details: { code: 'plugin.unreachable' },
    });
    for (const call of [payment, second]) {
      expect(call.value).toMatchObject({
        code: 'plugin.unreachable',
        status: 503,
        details: {
          plugin: 'payment-slowpay',
          operation: 'startPayment',
          timeoutMs: TEST_PLUGIN_TIMEOUT_MS,
        },
      });
      // /hang never answers: ending at all proves the limit; the bounds are loose on purpose
      // (timing on a shared CI machine is not what this test is about).
      expect(call.ms).toBeGreaterThanOrEqual(TEST_PLUGIN_TIMEOUT_MS - 5);
      expect(call.ms).toBeLessThan(TEST_PLUGIN_TIMEOUT_MS * 10);
    }
    // The vendor was really asked; the host gave up on it after the limit.
    expect(vendor.requests.some((request) => request.path === '/hang')).toBe(true);
  });
});

describe('a throwing plugin', () => {
  it("turns each kind of failure into the platform's errors", async () => {
    const active = await t.app.services.plugins.paymentFor({ tenantId: broken.tenantId });
    if (!active) throw new Error('BrokenPay should be enabled');
    expect(active.installation).toMatchObject({
      key: 'payment-brokenpay',
      kind: 'payment',
      version: '0.1.0',
      tenantId: broken.tenantId,
    });
    const { adapter } = active;
    // Plain data passes through untouched.
    expect(adapter.capabilities.partialRefunds).toBe(true);

    const bug = await failureOf(() => adapter.capture(reference));
    expect(bug).toMatchObject({ code: 'plugin.failed', status: 502 });
    expect(bug.message).toContain('BrokenPay failed unexpectedly (capture)');
    expect(JSON.stringify({ ...bug, message: bug.message })).not.toContain('brokenpay-secret-9');

    expect(await failureOf(() => adapter.getPayment(reference))).toMatchObject({
      code: 'payment.declined',
      status: 422,
      message: 'Card declined: insufficient funds.',
    });
    expect(await failureOf(() => adapter.cancel(reference))).toMatchObject({
      code: 'plugin.unreachable',
      status: 503,
      message: 'The reader is offline.',
      details: { pluginCode: 'payment.reader_unavailable', plugin: 'payment-brokenpay' },
    });
    const refund: RefundRequest = {
      refundId: newId(),
      paymentId: reference.paymentId,
      providerPaymentId: 'tp_1',
      amountMinor: 100,
      currency: 'USD',
      reason: null,
    };
    expect(await failureOf(() => adapter.refund(refund))).toMatchObject({
      code: 'plugin.failed',
      status: 502,
    });
    // A synchronous throw from a method meant to be asynchronous is converted all the same.
    expect(await failureOf(() => adapter.testConnection())).toMatchObject({
      code: 'plugin.failed',
    });
  });

  it('survives a rejection that arrives after the host stopped waiting', async () => {
    const active = await t.app.services.plugins.paymentFor({ tenantId: broken.tenantId });
    const late = await failureOf(() => active?.adapter.startPayment(paymentRequest()));
    expect(late.code).toBe('plugin.unreachable');
    // BrokenPay rejects at 1.5 s; the host must have been listening. Vitest would report an
    // unhandled rejection, and the app must still answer.
    await new Promise((resolve) => setTimeout(resolve, 1_500 - TEST_PLUGIN_TIMEOUT_MS + 100));
    const health = await t.app.inject({ method: 'GET', url: '/health/live' });
    expect(health.statusCode).toBe(200);
  });

  it('converts synchronous failures of synchronous methods synchronously', async () => {
    const printer = await t.app.services.plugins.printerFor({
      tenantId: broken.tenantId,
      storeId: broken.storeId,
    });
    if (!printer) throw new Error('TestPrint should be enabled');
    expect(printer.adapter.columns).toBe(32);
    const page = printer.adapter.renderTestPage('Main Street');
    expect(new TextDecoder().decode(page.bytes)).toBe('test page for Main Street');
    expect(() => printer.adapter.openDrawer()).toThrow(AppError);
    try {
      printer.adapter.openDrawer();
    } catch (error) {
      expect(error).toMatchObject({ code: 'plugin.failed', details: { operation: 'openDrawer' } });
    }
  });

  it('reports a plugin whose create() throws as plugin.failed', async () => {
    const failure = await failureOf(() =>
      t.app.services.plugins.accountingFor({ tenantId: broken.tenantId }),
    );
    expect(failure).toMatchObject({
      code: 'plugin.failed',
      status: 502,
      details: { plugin: 'accounting-brokenbooks', operation: 'create' },
    });
  });
});

describe('the runtime', () => {
  it('uses saved changes at once and stops at once when disabled', async () => {
    const shop = await signUpRetailer(t.app, 'Changing Shop');
    await installPlugin(shop, 'payment-testpay', testPayConfig(vendor, secrets));
    const before = await t.app.services.plugins.paymentFor({ tenantId: shop.tenantId });
    expect(await before?.adapter.testConnection()).toMatchObject({ ok: true });
    await shop.owner.put('/api/v1/plugins/payment-testpay/installation', {
      config: { ...testPayConfig(vendor, secrets), apiKey: 'sk_test_rotatedaway' },
    });
    const after = await t.app.services.plugins.paymentFor({ tenantId: shop.tenantId });
    expect(await failureOf(() => after?.adapter.testConnection())).toMatchObject({
      code: 'plugin.unauthorized',
      status: 422,
    });
    await shop.owner.post('/api/v1/plugins/payment-testpay/installation/disable');
    expect(await t.app.services.plugins.paymentFor({ tenantId: shop.tenantId })).toBeNull();
  });

  it('refuses a store that is not the tenant’s', async () => {
    const failure = await failureOf(() =>
      t.app.services.plugins.paymentFor({ tenantId: healthy.tenantId, storeId: slow.storeId }),
    );
    expect(failure.code).toBe('store.not_found');
  });

  it('keeps the server up when plugin work of its own rejects with nobody listening', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plugin-guard-'));
    const script = join(dir, 'floating-rejection.ts');
    const guard = fileURLToPath(new URL('./process-guard.ts', import.meta.url));
    await writeFile(
      script,
      `import { keepRunningOnUnhandledRejections } from ${JSON.stringify(guard)};
const logged: string[] = [];
keepRunningOnUnhandledRejections({ error: (_details, message) => logged.push(message) });
// What a careless plugin does: start a request and forget it.
void Promise.reject(new Error('vendor socket closed'));
setTimeout(() => { console.log(JSON.stringify({ alive: true, logged })); }, 50);
`,
    );
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 10_000 });
      expect(JSON.parse(stdout)).toEqual({
        alive: true,
        logged: ['unhandled promise rejection (kept running)'],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
