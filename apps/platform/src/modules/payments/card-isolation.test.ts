// Tenants never reach each other's card payments: not through the API, and not through a
// processor's webhook, even when two retailers share one Stripe account (so each one's
// installation hears the other's events) and even when their registers chose the same id.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Response } from '../../testing/index.ts';
import type { Shop } from '../sales/test-support.ts';
import {
  type CardShop,
  type CardTestBed,
  cancelCard,
  cardPayment,
  cardPaymentWhen,
  expectRefusedWithoutTrace,
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
let a: { shop: Shop; card: CardShop };
let b: { shop: Shop; card: CardShop };

beforeAll(async () => {
  bed = await openCardTestBed();
  a = await bed.cardShop('Tenant A Cards');
  // Same Stripe account: every event of A's payments is delivered to B's installation too.
  b = await bed.cardShop('Tenant B Cards', { fake: a.card.fake });
});
afterAll(() => bed?.close());

/** Refused with the code, and neither tenant's rows changed. */
async function refusedInBoth(attempt: () => Promise<Response<unknown>>, code: string) {
  await expectRefusedWithoutTrace(
    bed.owner,
    a.shop.retailer.tenantId,
    () => expectRefusedWithoutTrace(bed.owner, b.shop.retailer.tenantId, attempt, 404, code),
    404,
    code,
  );
}

async function webhookEventsOf(tenantId: string) {
  const { rows } = await bed.owner.query<{ status: string }>(
    'select status from plugin_webhook_events where tenant_id = $1',
    [tenantId],
  );
  return rows.map((row) => row.status);
}

async function cardPaymentCount(tenantId: string): Promise<number> {
  const { rows } = await bed.owner.query<{ count: number }>(
    'select count(*)::int as count from card_payments where tenant_id = $1',
    [tenantId],
  );
  return rows[0]?.count ?? 0;
}

describe('through the API', () => {
  it("finds neither another tenant's sale nor its card payment", async () => {
    const { saleId } = await saleOf(a.shop, 1_000);
    const id = await startedOnReader(a.shop.till, saleId, 1_000);
    await a.card.fake.settleWebhooks();

    await refusedInBoth(
      () => startCard(b.shop.till, saleId, { amountMinor: 1_000 }),
      'sale.not_found',
    );
    for (const call of [cardPayment, syncCard, cancelCard])
      await refusedInBoth(() => call(b.shop.till, saleId, id), 'card_payment.not_found');

    const intact = await cardPayment(a.shop.till, saleId, id);
    expect(intact.body.cardPayment.status).toBe('pending');
    const canceled = await cancelCard(a.shop.till, saleId, id);
    expect(canceled.body.cardPayment.status).toBe('canceled');
  });
});

describe("through another tenant's webhook endpoint", () => {
  it("ignores the other tenant's payment events and records them only for their tenant", async () => {
    const before = await webhookEventsOf(b.shop.retailer.tenantId);
    const { saleId } = await saleOf(a.shop, 1_700);
    const id = await startedOnReader(a.shop.till, saleId, 1_700);
    await a.card.presentCard();
    const done = await cardPaymentWhen(a.shop.till, saleId, id, recorded);
    expect(done.sale.status).toBe('completed');
    await a.card.fake.settleWebhooks();

    const toB = a.card.fake
      .deliveredEvents()
      .filter((delivery) => delivery.url.includes(b.card.installationId));
    expect(toB.length).toBeGreaterThan(0);
    expect(toB.every((delivery) => delivery.status === 200)).toBe(true);
    const after = await webhookEventsOf(b.shop.retailer.tenantId);
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.every((status) => status === 'ignored')).toBe(true);
    expect(await cardPaymentCount(b.shop.retailer.tenantId)).toBe(0);
    expect(await tendersOf(bed.owner, saleId)).toHaveLength(1);
  });

  it('never applies one tenant’s payment to another tenant’s payment of the same id', async () => {
    const shared = randomUUID();
    const saleB = await saleOf(b.shop, 1_300);
    // B's register happened to choose the same id; Stripe refuses B's attempt (the idempotency
    // key derives from the id), so B's payment ends failed without a PaymentIntent of its own.
    const saleA = await saleOf(a.shop, 1_300);
    await startedOnReader(a.shop.till, saleA.saleId, 1_300, shared);
    const refused = await startCard(b.shop.till, saleB.saleId, { id: shared, amountMinor: 1_300 });
    expect(refused.status, JSON.stringify(refused.body)).toBeGreaterThanOrEqual(400);

    await a.card.presentCard();
    const done = await cardPaymentWhen(a.shop.till, saleA.saleId, shared, recorded);
    expect(done.sale.status).toBe('completed');
    await a.card.fake.settleWebhooks();

    const onB = await cardPayment(b.shop.till, saleB.saleId, shared);
    expect(onB.body.cardPayment).toMatchObject({ recorded: false });
    expect(onB.body.cardPayment.status).not.toBe('succeeded');
    expect(onB.body.sale).toMatchObject({ status: 'open', paidMinor: 0 });
    expect(await tendersOf(bed.owner, saleB.saleId)).toHaveLength(0);
    expect(await receiptNumbersOf(bed.owner, saleB.saleId)).toBe(0);
    expect(await tendersOf(bed.owner, saleA.saleId)).toHaveLength(1);
  });
});
