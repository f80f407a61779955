import { randomUUID } from 'node:crypto';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookRequest } from '../common.ts';
import type { PluginContext } from '../context.ts';
import type { Plugin } from '../define.ts';
import { isPluginError, PLUGIN_ERROR_CODES, type PluginError } from '../errors.ts';
import type {
  PaymentAdapter,
  PaymentReference,
  PaymentSnapshot,
  StartPaymentRequest,
} from '../payment.ts';

// What every payment plugin must do, whatever the processor: the platform only relies on these
// behaviours. A plugin runs the suite against its vendor's API (or a local fake of it) through a
// harness that can play the customer at the reader and produce the vendor's signed webhooks.

export interface PaymentContractHarness {
  readonly plugin: Plugin<'payment'>;
  /** A configuration the plugin's schema accepts, pointing at the vendor (or its local fake). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Same as `config` with credentials the vendor refuses. */
  readonly refusedConfig: Readonly<Record<string, unknown>>;
  readonly context: PluginContext;
  /** An online, idle reader of the account. */
  readonly readerId: string;
  /** Currency payments are made in; the tenant's currency when omitted. */
  readonly currency?: string;
  /** Plays the customer: presents an approving or a declining card on the reader's payment. */
  present(readerId: string, outcome: 'approve' | 'decline'): Promise<void>;
  /** The vendor's latest webhook delivery about this payment, signed as the vendor signs it. */
  webhookFor(payment: PaymentReference): Promise<WebhookRequest>;
  /** The same body signed again now, as a redelivery of the same event would be. */
  signWebhook(rawBody: Uint8Array): WebhookRequest;
  close(): Promise<void>;
}

const POLL_LIMIT_MS = 10_000;
const POLL_EVERY_MS = 20;

export function describePaymentContract(
  name: string,
  setup: () => Promise<PaymentContractHarness>,
): void {
  describe(`${name} keeps the payment plugin contract`, () => {
    let harness: PaymentContractHarness;
    let adapter: PaymentAdapter;

    beforeAll(async () => {
      harness = await setup();
      adapter = harness.plugin.create(harness.context, harness.config);
    });
    afterAll(async () => {
      await harness?.close();
    });

    const request = (amountMinor: number): StartPaymentRequest => ({
      paymentId: randomUUID(),
      saleId: randomUUID(),
      amountMinor,
      currency: harness.currency ?? harness.context.tenant.currency,
      readerId: harness.readerId,
      description: 'Contract test sale',
    });

    const reference = (payment: PaymentSnapshot): PaymentReference => ({
      paymentId: payment.paymentId,
      providerPaymentId: payment.providerPaymentId,
    });

    const settled = (payment: PaymentSnapshot, status: PaymentSnapshot['status']) =>
      eventually(
        () => adapter.getPayment(reference(payment)),
        (now) => now.status === status,
        `payment ${payment.paymentId} to become ${status}`,
      );

    /** A payment approved on the reader and captured. */
    const captured = async (amountMinor: number): Promise<PaymentSnapshot> => {
      const started = await adapter.startPayment(request(amountMinor));
      await harness.present(harness.readerId, 'approve');
      await settled(started, 'requires_capture');
      return adapter.capture(reference(started));
    };

    const refund = (payment: PaymentSnapshot, amountMinor: number, refundId = randomUUID()) =>
      adapter.refund({
        refundId,
        paymentId: payment.paymentId,
        providerPaymentId: payment.providerPaymentId,
        amountMinor,
        currency: payment.currency,
        reason: 'Contract test refund',
      });

    it('is a well-formed payment plugin', () => {
      const { plugin, config } = harness;
      expect(plugin.kind).toBe('payment');
      expect(plugin.key).toMatch(/^payment-[a-z0-9-]+$/);
      expect(plugin.configSchema.type).toBe('object');
      // Closed: a misspelt setting is refused instead of silently ignored.
      expect((plugin.configSchema as { additionalProperties?: unknown }).additionalProperties).toBe(
        false,
      );
      const properties = Object.keys(plugin.configSchema.properties ?? {});
      for (const field of plugin.secretFields) expect(properties).toContain(field);
      expect(Value.Check(plugin.configSchema, config)).toBe(true);
      expect(Value.Check(plugin.configSchema, { ...config, unexpected: true })).toBe(false);

      const { capabilities } = adapter;
      expect(typeof capabilities.cardPresent).toBe('boolean');
      expect(typeof capabilities.partialRefunds).toBe('boolean');
      if (capabilities.storeAndForward) {
        expect(Number.isSafeInteger(capabilities.storeAndForward.maxPaymentMinor)).toBe(true);
        expect(Number.isSafeInteger(capabilities.storeAndForward.maxOutstandingMinor)).toBe(true);
      }
    });

    it('connects with a good configuration', async () => {
      const check = await adapter.testConnection();
      expect(check.ok).toBe(true);
      expect(check.message.length).toBeGreaterThan(0);
    });

    it('reports refused credentials as a failed check, not a crash', async () => {
      const refused = harness.plugin.create(harness.context, harness.refusedConfig);
      const check = await refused.testConnection();
      expect(check.ok).toBe(false);
      expect(check.message.length).toBeGreaterThan(0);
    });

    it('sees the reader online and idle', async () => {
      const reader = await adapter.readerStatus(harness.readerId);
      expect(reader).toMatchObject({ readerId: harness.readerId, online: true, busy: false });
    });

    it('starts a payment that waits on the reader under our payment id', async () => {
      const asked = request(1_250);
      const started = await adapter.startPayment(asked);
      expect(started).toMatchObject({
        paymentId: asked.paymentId,
        status: 'pending',
        amountMinor: 1_250,
        capturedMinor: 0,
        currency: asked.currency,
        failure: null,
      });
      expect(started.providerPaymentId).not.toBe('');
      expect((await adapter.readerStatus(harness.readerId)).busy).toBe(true);
      await adapter.cancel(reference(started));
    });

    it('captures an approved payment once, however often capture is called', async () => {
      const payment = await captured(2_000);
      expect(payment).toMatchObject({ status: 'succeeded', capturedMinor: 2_000, failure: null });
      const again = await adapter.capture(reference(payment));
      expect(again).toMatchObject({
        providerPaymentId: payment.providerPaymentId,
        status: 'succeeded',
        capturedMinor: 2_000,
      });
      const now = await adapter.getPayment(reference(payment));
      expect(now).toMatchObject({ status: 'succeeded', amountMinor: 2_000, capturedMinor: 2_000 });
    });

    it('reports a declined card as failed with payment.declined and a message', async () => {
      const started = await adapter.startPayment(request(990));
      await harness.present(harness.readerId, 'decline');
      const failed = await settled(started, 'failed');
      expect(failed.failure?.code).toBe(PLUGIN_ERROR_CODES.declined);
      expect(failed.failure?.message.length).toBeGreaterThan(0);
      expect(failed.capturedMinor).toBe(0);
      const refused = await refusal(adapter.capture(reference(started)));
      expect(refused.code).toBe(PLUGIN_ERROR_CODES.invalidState);
    });

    it('cancels a payment before the card is presented and frees the reader', async () => {
      const started = await adapter.startPayment(request(700));
      const canceled = await adapter.cancel(reference(started));
      expect(canceled).toMatchObject({ status: 'canceled', capturedMinor: 0 });
      expect((await adapter.readerStatus(harness.readerId)).busy).toBe(false);
      expect((await adapter.cancel(reference(started))).status).toBe('canceled');
      const refused = await refusal(adapter.capture(reference(started)));
      expect(refused.code).toBe(PLUGIN_ERROR_CODES.invalidState);
    });

    it('voids an approved payment canceled instead of captured', async () => {
      const started = await adapter.startPayment(request(1_500));
      await harness.present(harness.readerId, 'approve');
      await settled(started, 'requires_capture');
      const canceled = await adapter.cancel(reference(started));
      expect(canceled).toMatchObject({ status: 'canceled', capturedMinor: 0 });
    });

    it('refunds a payment in full', async () => {
      const payment = await captured(3_100);
      const refunded = await refund(payment, 3_100);
      expect(refunded).toMatchObject({ paymentId: payment.paymentId, amountMinor: 3_100 });
      expect(['succeeded', 'pending']).toContain(refunded.status);
      expect(refunded.providerRefundId).not.toBe('');
    });

    it('refunds in parts up to what was captured and refuses more', async () => {
      const payment = await captured(1_000);
      const first = await refund(payment, 400);
      const second = await refund(payment, 600);
      expect([first.amountMinor, second.amountMinor]).toEqual([400, 600]);
      expect(first.providerRefundId).not.toBe(second.providerRefundId);
      const refused = await refusal(refund(payment, 1));
      expect(refused.code).toBe(PLUGIN_ERROR_CODES.refundExceedsCaptured);
    });

    it('makes one refund of one refund id, however often it is asked', async () => {
      const payment = await captured(1_000);
      const refundId = randomUUID();
      const first = await refund(payment, 700, refundId);
      const again = await refund(payment, 700, refundId);
      expect(again.providerRefundId).toBe(first.providerRefundId);
      expect(again.refundId).toBe(refundId);
      // Had the repeat refunded again, nothing would be left; 300 still is.
      expect((await refusal(refund(payment, 301))).code).toBe(
        PLUGIN_ERROR_CODES.refundExceedsCaptured,
      );
      expect((await refund(payment, 300)).amountMinor).toBe(300);
    });

    it('turns a genuine webhook into news about our payment, the same for a redelivery', async () => {
      const payment = await captured(1_800);
      const delivery = await harness.webhookFor(reference(payment));
      const event = await adapter.parseWebhook(delivery);
      expect(event.type).toBe('payment');
      if (event.type !== 'payment') return;
      expect(event.payment).toMatchObject({
        paymentId: payment.paymentId,
        providerPaymentId: payment.providerPaymentId,
        status: 'succeeded',
      });
      const redelivered = await adapter.parseWebhook(harness.signWebhook(delivery.rawBody));
      expect(redelivered.eventId).toBe(event.eventId);
    });

    it('refuses webhooks it cannot trust', async () => {
      const payment = await captured(600);
      const delivery = await harness.webhookFor(reference(payment));
      const tampered = new Uint8Array(delivery.rawBody);
      const middle = Math.floor(tampered.length / 2);
      tampered[middle] = (tampered[middle] ?? 0) ^ 1;
      const altered = await refusal(adapter.parseWebhook({ ...delivery, rawBody: tampered }));
      expect(altered.code).toBe(PLUGIN_ERROR_CODES.badSignature);
      const unsigned = await refusal(adapter.parseWebhook({ ...delivery, headers: {} }));
      expect(unsigned.code).toBe(PLUGIN_ERROR_CODES.badSignature);
    });
  });
}

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + POLL_LIMIT_MS;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
    last = await read();
  }
  return last;
}

async function refusal(attempt: Promise<unknown>): Promise<PluginError> {
  try {
    await attempt;
  } catch (error) {
    if (isPluginError(error)) return error;
    throw error;
  }
  throw new Error('Expected the plugin to refuse with a PluginError, but it answered');
}
