// The whole chain a store runs on: a cashier sells two items for cash and a card tapped on the
// register's reader (the Stripe plugin through the real SDK, against a local fake of Stripe's
// API that delivers signed webhooks to the listening platform), the receipt is rendered by the
// tenant's ESC/POS printer plugin and printed through the hardware bridge on a fake network
// printer; then one item comes back and its card share is refunded at Stripe.
import { randomUUID } from 'node:crypto';
import {
  bridgeClient,
  type FakePrinter,
  printerEntry,
  startFakePrinter,
  startTestBridge,
  type TestBridge,
} from '@tillpoint/bridge/testing';
import { decodeEscPos } from '@tillpoint/printer-escpos/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/index.ts';
import { postRefund, returnLines } from '../sales/refund-test-support.ts';
import { api, openDrawer, openShop, paid, type Shop } from '../sales/test-support.ts';
import {
  type CardShop,
  cardPaymentWhen,
  enableStripe,
  listen,
  saleOf,
  startCard,
  TEST_CARDS,
} from './test-support.ts';

let t: TestApp;
let shop: Shop;
let card: CardShop;
let printer: FakePrinter;
let bridge: TestBridge;

beforeAll(async () => {
  t = await createTestApp({ env: { PLUGIN_TIMEOUT_MS: '5000' } });
  const baseUrl = await listen(t);
  shop = await openShop(t, 'End To End Goods');
  card = await enableStripe(shop, baseUrl);
  const owner = shop.retailer.owner;
  const printerPlugin = await owner.put(api('/plugins/printer-escpos/installation'), {
    config: { paperWidthMm: 80 },
  });
  expect(printerPlugin.status, JSON.stringify(printerPlugin.body)).toBe(200);
  const enabled = await owner.post(api('/plugins/printer-escpos/installation/enable'));
  expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
  printer = await startFakePrinter();
  bridge = await startTestBridge({
    printers: [printerEntry(printer)],
    registerId: shop.registerId,
  });
});

afterAll(async () => {
  await bridge?.close();
  await printer?.close();
  await card?.fake.close();
  await t?.close();
});

/** The receipt bytes as the register fetches them (binary, so not through the JSON caller). */
async function receiptBytes(path: string): Promise<Uint8Array> {
  const response = await t.app.inject({
    method: 'GET',
    url: api(path),
    headers: { authorization: `Bearer ${shop.till.bearer}` },
    remoteAddress: shop.till.ip,
  });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toContain('application/vnd.tillpoint.escpos');
  return new Uint8Array(response.rawPayload);
}

describe('a card sale, its printed receipt and a card refund, end to end', () => {
  it('sells for cash + card, prints through the bridge, and refunds the card share at Stripe', async () => {
    await openDrawer(shop.till, shop.registerId);
    const { saleId, totalMinor } = await saleOf(shop, 2_500, 2);
    expect(totalMinor).toBe(5_000);

    // Split tender: 20.00 cash, the rest on the card.
    await paid(shop.till, saleId, { kind: 'cash', amountMinor: 2_000 });
    const started = await startCard(shop.till, saleId, {
      id: randomUUID(),
      amountMinor: 3_000,
      expectedTotalMinor: totalMinor,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.cardPayment.status).toBe('pending');
    const paymentId = started.body.cardPayment.id;

    await card.presentCard(TEST_CARDS.visa);
    const settled = await cardPaymentWhen(
      shop.till,
      saleId,
      paymentId,
      (result) => result.sale.status === 'completed',
    );
    expect(settled.cardPayment).toMatchObject({
      status: 'succeeded',
      recorded: true,
      amountMinor: 3_000,
      card: { brand: 'visa', last4: '4242' },
    });
    expect(settled.sale.paidMinor).toBe(5_000);
    expect(settled.sale.receiptNumber).toBeGreaterThan(0);
    const cardTender = settled.sale.payments.find((payment) => payment.kind === 'card');
    expect(cardTender).toMatchObject({ id: paymentId, appliedMinor: 3_000 });
    const intents = card.fake.paymentIntents();
    expect(intents).toHaveLength(1);
    expect(intents[0]).toMatchObject({
      amount: 3_000,
      amount_received: 3_000,
      status: 'succeeded',
    });

    // The receipt, rendered by the printer plugin, printed on the store's printer via the bridge.
    const bytes = await receiptBytes(`/sales/${saleId}/receipt?format=escpos&openDrawer=true`);
    const jobId = randomUUID();
    const client = bridgeClient(bridge.url, bridge.token ?? undefined);
    const queued = await client.print({ jobId, registerId: shop.registerId, bytes });
    expect(queued.status, JSON.stringify(queued.body)).toBe(202);
    const [printed] = await printer.waitForJobs(1);
    expect(printed).toEqual(bytes);
    const decoded = decodeEscPos(printed ?? new Uint8Array());
    const text = decoded.lines.join('\n');
    expect(text).toContain('End To End Goods');
    expect(text).toMatch(/TOTAL\s+\$50\.00/i);
    expect(text).toMatch(/Cash\s+\$20\.00/);
    expect(text).toMatch(/Visa\s+\S*\s*4242\s+\$30\.00/);
    expect(decoded.opensDrawer).toBe(true);
    expect(decoded.cut).toBe(true);

    // One item comes back: its 25.00 goes back to the tenders pro rata, the card share at Stripe.
    const saleLine = settled.sale.lines[0];
    if (!saleLine) throw new Error('the sale has no line');
    const refund = await postRefund(shop.till, {
      saleId,
      lines: returnLines([{ saleLineId: saleLine.id, quantity: 1 }]),
    });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    const cardBack = refund.body.payments.find((payment) => payment.kind === 'card');
    if (!cardBack) throw new Error(`no card line in ${JSON.stringify(refund.body.payments)}`);
    const cashBack = refund.body.payments.find((payment) => payment.kind === 'cash');
    expect(cardBack.amountMinor + (cashBack?.amountMinor ?? 0)).toBe(2_500);

    const refunded = await cardPaymentWhen(shop.till, saleId, paymentId, (result) =>
      result.cardPayment.refunds.some((r) => r.status === 'succeeded'),
    );
    expect(refunded.cardPayment.refunds).toEqual([
      expect.objectContaining({
        reason: 'refund',
        status: 'succeeded',
        amountMinor: cardBack.amountMinor,
      }),
    ]);
    const stripeRefunds = card.fake.refunds();
    expect(stripeRefunds).toHaveLength(1);
    expect(stripeRefunds[0]).toMatchObject({ amount: cardBack.amountMinor, status: 'succeeded' });
  });
});
