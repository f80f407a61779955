// How a card payment reaches the sale when the cashier is not the one asking: the processor's
// webhook (late, repeated, or racing the register's own sync) or the register's sync when no
// webhook comes at all. Whatever the order, the money becomes one tender and one receipt number.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CardTestBed,
  cardPayment,
  cardPaymentWhen,
  intentsOf,
  openCardTestBed,
  receiptNumbersOf,
  recorded,
  saleOf,
  startCard,
  startedOnReader,
  syncCard,
  tendersOf,
} from './test-support.ts';

let bed: CardTestBed;

beforeAll(async () => {
  bed = await openCardTestBed();
});
afterAll(() => bed?.close());

/** Requests the platform made to capture PaymentIntents (replays included). */
const captureCalls = (requests: readonly { method: string; path: string }[]) =>
  requests.filter((r) => r.method === 'POST' && r.path.endsWith('/capture'));

describe('without webhooks', () => {
  it('records the payment when the register asks for a sync', async () => {
    const { shop, card } = await bed.cardShop('No Hooks Shop', { webhooks: false });
    const { saleId } = await saleOf(shop, 1_800);
    const id = await startedOnReader(shop.till, saleId, 1_800);
    await card.presentCard();

    // Nobody told us yet: reading it back does not ask Stripe.
    const unseen = await cardPayment(shop.till, saleId, id);
    expect(unseen.body.cardPayment).toMatchObject({ status: 'pending', recorded: false });
    expect(intentsOf(card.fake, id)[0]?.status).toBe('requires_capture');

    const synced = await syncCard(shop.till, saleId, id);
    expect(synced.status, JSON.stringify(synced.body)).toBe(200);
    expect(synced.body.cardPayment).toMatchObject({
      status: 'succeeded',
      recorded: true,
      card: { brand: 'visa', last4: '4242' },
    });
    expect(synced.body.sale.status).toBe('completed');
    expect(intentsOf(card.fake, id)[0]).toMatchObject({
      status: 'succeeded',
      amount_received: 1_800,
    });

    const again = await syncCard(shop.till, saleId, id);
    expect(again.status).toBe(200);
    expect(again.body.cardPayment.status).toBe('succeeded');
    expect(captureCalls(card.fake.requests())).toHaveLength(1);
    expect(await tendersOf(bed.owner, saleId)).toHaveLength(1);
    expect(await receiptNumbersOf(bed.owner, saleId)).toBe(1);
  });
});

describe('webhooks while the server is away', () => {
  it('keeps the payment pending, then records it once when the held events arrive', async () => {
    const { shop, card } = await bed.cardShop('Down Shop');
    const { saleId } = await saleOf(shop, 2_200);
    const id = await startedOnReader(shop.till, saleId, 2_200);
    card.fake.pauseWebhooks();
    await card.presentCard();
    expect(card.fake.events().map((event) => event.type)).toContain(
      'payment_intent.amount_capturable_updated',
    );

    const waiting = await cardPayment(shop.till, saleId, id);
    expect(waiting.body.cardPayment).toMatchObject({ status: 'pending', recorded: false });
    expect(waiting.body.sale.status).toBe('open');

    await card.fake.resumeWebhooks();
    const done = await cardPaymentWhen(shop.till, saleId, id, recorded);
    expect(done.sale.status).toBe('completed');
    await card.fake.settleWebhooks();
    expect(intentsOf(card.fake, id)).toEqual([
      expect.objectContaining({ status: 'succeeded', amount_received: 2_200 }),
    ]);
    expect(await tendersOf(bed.owner, saleId)).toHaveLength(1);
    expect(await receiptNumbersOf(bed.owner, saleId)).toBe(1);
    // Every delivery was answered 2xx: none is left for Stripe to retry.
    const answered = card.fake.deliveredEvents().map((delivery) => delivery.status);
    expect(answered.every((status) => status === 200)).toBe(true);
  });

  it('treats a redelivered event as the same event', async () => {
    const { shop, card } = await bed.cardShop('Redeliver Shop');
    const { saleId } = await saleOf(shop, 650);
    const id = await startedOnReader(shop.till, saleId, 650);
    await card.presentCard();
    await cardPaymentWhen(shop.till, saleId, id, recorded);
    await card.fake.settleWebhooks();

    const succeeded = card.fake.events().find((event) => event.type === 'payment_intent.succeeded');
    const capturable = card.fake
      .events()
      .find((event) => event.type === 'payment_intent.amount_capturable_updated');
    if (!succeeded || !capturable) throw new Error('the fake did not emit the payment events');
    const before = card.fake.deliveredEvents().length;
    await card.fake.redeliver(succeeded.id);
    await card.fake.redeliver(capturable.id);
    await card.fake.redeliver(succeeded.id);
    const redeliveries = card.fake.deliveredEvents().slice(before);
    expect(redeliveries.map((delivery) => delivery.status)).toEqual([200, 200, 200]);

    const { rows } = await bed.owner.query<{ status: string; deliveries: number }>(
      `select status, deliveries from plugin_webhook_events
       where tenant_id = $1 and event_id = $2`,
      [shop.retailer.tenantId, succeeded.id],
    );
    expect(rows).toEqual([{ status: 'applied', deliveries: 3 }]);
    expect(await tendersOf(bed.owner, saleId)).toHaveLength(1);
    expect(await receiptNumbersOf(bed.owner, saleId)).toBe(1);
    const after = await cardPayment(shop.till, saleId, id);
    expect(after.body.sale).toMatchObject({ status: 'completed', paidMinor: 650 });
  });

  it('records once when the register syncs while the held webhooks arrive', async () => {
    const { shop, card } = await bed.cardShop('Race Shop');
    const { saleId } = await saleOf(shop, 1_400);
    const id = await startedOnReader(shop.till, saleId, 1_400);
    card.fake.pauseWebhooks();
    await card.presentCard();

    const [, first, second] = await Promise.all([
      card.fake.resumeWebhooks(),
      syncCard(shop.till, saleId, id),
      syncCard(shop.till, saleId, id),
    ]);
    for (const answer of [first, second])
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const done = await cardPaymentWhen(shop.till, saleId, id, recorded);
    expect(done.sale).toMatchObject({ status: 'completed', paidMinor: 1_400 });
    await card.fake.settleWebhooks();

    expect(await tendersOf(bed.owner, saleId)).toEqual([
      expect.objectContaining({ id, kind: 'card', applied: 1_400 }),
    ]);
    expect(await receiptNumbersOf(bed.owner, saleId)).toBe(1);
    expect(intentsOf(card.fake, id)).toEqual([
      expect.objectContaining({ status: 'succeeded', amount_received: 1_400 }),
    ]);
    const { rows } = await bed.owner.query<{ count: number }>(
      `select count(*)::int as count from audit_events
       where tenant_id = $1 and action = 'sale.payment_captured' and target_id = $2`,
      [shop.retailer.tenantId, saleId],
    );
    expect(rows[0]?.count).toBe(1);
  });
});

describe('a start whose answer never came', () => {
  it('stays starting, and the webhook of the tap settles it through our own start key', async () => {
    const { shop, card } = await bed.cardShop('Slow Start Shop');
    const { saleId } = await saleOf(shop, 1_600);
    const id = randomUUID();
    // Stripe puts the payment on the reader but every answer (the SDK's retries' too) comes
    // after the plugin's time limit (3 s).
    card.fake.delayNext(3_500, 3, { path: /process_payment_intent$/ });
    const lost = await startCard(shop.till, saleId, { id, amountMinor: 1_600 });
    expect(lost.status, JSON.stringify(lost.body)).toBe(503);
    expect(lost.body.code).toBe('plugin.unreachable');
    const unknown = await cardPayment(shop.till, saleId, id);
    expect(unknown.body.cardPayment).toMatchObject({ status: 'starting', providerPaymentId: null });

    await card.presentCard();
    const done = await cardPaymentWhen(shop.till, saleId, id, recorded);
    expect(done.sale.status).toBe('completed');
    await card.fake.settleWebhooks();
    expect(intentsOf(card.fake, id)).toEqual([
      expect.objectContaining({ status: 'succeeded', amount_received: 1_600 }),
    ]);
    expect(await tendersOf(bed.owner, saleId)).toHaveLength(1);
  });
});
