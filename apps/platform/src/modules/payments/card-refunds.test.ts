// Money going back to a card: refunds of card sales (in parts), voids of sales a card paid into,
// a card tapped after the sale was settled some other way, and a processor outage while a refund
// is on its way. Each card refund settles exactly once at Stripe, under our idempotency key.
import type { FakeStripe } from '@tillpoint/payment-stripe/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postRefund, returnLines } from '../sales/refund-test-support.ts';
import { api, approval, openDrawer, paid } from '../sales/test-support.ts';
import type { CardPaymentResultView } from './card-schemas.ts';
import {
  type CardTestBed,
  cardPaymentWhen,
  cardRefundsOf,
  eventually,
  intentsOf,
  openCardTestBed,
  recorded,
  saleOf,
  startedOnReader,
  tendersOf,
} from './test-support.ts';

let bed: CardTestBed;

beforeAll(async () => {
  bed = await openCardTestBed();
});
afterAll(() => bed?.close());

const allSettled = (result: CardPaymentResultView) =>
  result.cardPayment.refunds.length > 0 &&
  result.cardPayment.refunds.every((refund) => refund.status === 'succeeded');

/** Refund calls that reached Stripe (faults included), with their idempotency keys. */
const refundCalls = (fake: FakeStripe) =>
  fake.requests().filter((request) => request.method === 'POST' && request.path === '/v1/refunds');

const refundedAtStripe = (fake: FakeStripe) =>
  fake.refunds().reduce((total, refund) => total + refund.amount, 0);

describe('refunding a card sale', () => {
  it('gives each refunded part back to the card once, up to what was captured', async () => {
    const { shop, card } = await bed.cardShop('Card Refund Shop');
    const { saleId } = await saleOf(shop, 1_500, 2);
    const paymentId = await startedOnReader(shop.till, saleId, 3_000);
    await card.presentCard();
    const sold = await cardPaymentWhen(shop.till, saleId, paymentId, recorded);
    const line = sold.sale.lines[0];
    if (!line) throw new Error('the sale has no line');

    const first = await postRefund(shop.till, {
      saleId,
      lines: returnLines([{ saleLineId: line.id, quantity: 1 }]),
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.payments).toEqual([
      expect.objectContaining({ kind: 'card', amountMinor: 1_500, salePaymentId: paymentId }),
    ]);
    const once = await cardPaymentWhen(shop.till, saleId, paymentId, allSettled);
    expect(once.cardPayment.refunds).toEqual([
      expect.objectContaining({ reason: 'refund', amountMinor: 1_500, status: 'succeeded' }),
    ]);
    const [stored] = await cardRefundsOf(bed.owner, paymentId);
    expect(stored?.refundPaymentId).toBe(first.body.payments[0]?.id);
    expect(card.fake.refunds()).toEqual([
      expect.objectContaining({ amount: 1_500, status: 'succeeded' }),
    ]);
    expect(refundCalls(card.fake).map((call) => call.idempotencyKey)).toEqual([
      `tillpoint-refund-${stored?.id}`,
    ]);

    const rest = await postRefund(shop.till, {
      saleId,
      lines: returnLines([{ saleLineId: line.id, quantity: 1 }]),
    });
    expect(rest.status, JSON.stringify(rest.body)).toBe(201);
    const twice = await cardPaymentWhen(
      shop.till,
      saleId,
      paymentId,
      (result) => result.cardPayment.refunds.length === 2 && allSettled(result),
    );
    expect(twice.cardPayment.refunds.map((refund) => refund.amountMinor)).toEqual([1_500, 1_500]);
    expect(card.fake.refunds()).toHaveLength(2);
    expect(refundedAtStripe(card.fake)).toBe(intentsOf(card.fake, paymentId)[0]?.amount_received);
    expect(refundedAtStripe(card.fake)).toBe(3_000);
  });

  it('keeps a refund pending through a processor outage and settles it once afterwards', async () => {
    const { shop, card } = await bed.cardShop('Outage Shop');
    const { saleId } = await saleOf(shop, 2_000);
    const paymentId = await startedOnReader(shop.till, saleId, 2_000);
    await card.presentCard();
    const sold = await cardPaymentWhen(shop.till, saleId, paymentId, recorded);
    const line = sold.sale.lines[0];
    if (!line) throw new Error('the sale has no line');

    // The SDK tries three times per call; all three fail, so the job's first attempt fails.
    card.fake.failNext(3, 500, { method: 'POST', path: '/v1/refunds' });
    const refund = await postRefund(shop.till, {
      saleId,
      lines: returnLines([{ saleLineId: line.id, quantity: 1 }]),
    });
    // The refund itself does not wait for the processor.
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);

    const [failedOnce] = await eventually(
      () => cardRefundsOf(bed.owner, paymentId),
      (rows) => (rows[0]?.attempts ?? 0) >= 1,
    );
    expect(failedOnce).toMatchObject({ status: 'pending', attempts: 1, reason: 'refund' });
    expect(failedOnce?.lastError).toBeTruthy();
    expect(card.fake.refunds()).toHaveLength(0);

    const settled = await cardPaymentWhen(shop.till, saleId, paymentId, allSettled);
    expect(settled.cardPayment.refunds).toEqual([
      expect.objectContaining({ amountMinor: 2_000, status: 'succeeded', lastError: null }),
    ]);
    expect(settled.cardPayment.refunds[0]?.attempts).toBeGreaterThanOrEqual(2);
    expect(card.fake.refunds()).toEqual([expect.objectContaining({ amount: 2_000 })]);
    const calls = refundCalls(card.fake);
    expect(calls.filter((call) => call.fault === 'fail')).toHaveLength(3);
    expect(calls.filter((call) => call.status === 200)).toHaveLength(1);
    expect(new Set(calls.map((call) => call.idempotencyKey))).toEqual(
      new Set([`tillpoint-refund-${failedOnce?.id}`]),
    );
  });
});

describe('voiding a sale a card paid into', () => {
  it('gives the card share back at Stripe', async () => {
    const { shop, card } = await bed.cardShop('Card Void Shop');
    const { saleId } = await saleOf(shop, 2_000);
    const paymentId = await startedOnReader(shop.till, saleId, 800);
    await card.presentCard();
    const part = await cardPaymentWhen(shop.till, saleId, paymentId, recorded);
    expect(part.sale).toMatchObject({ status: 'open', paidMinor: 800 });

    const approvalId = await approval(shop, 'sale.void');
    const voided = await shop.till.post<{ status: string }>(api(`/sales/${saleId}/void`), {
      reason: 'Customer left',
      approvalId,
    });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect(voided.body.status).toBe('voided');

    const back = await cardPaymentWhen(shop.till, saleId, paymentId, allSettled);
    expect(back.cardPayment.refunds).toEqual([
      expect.objectContaining({ reason: 'void', amountMinor: 800, status: 'succeeded' }),
    ]);
    expect(back.sale.status).toBe('voided');
    expect(card.fake.refunds()).toEqual([expect.objectContaining({ amount: 800 })]);
  });
});

describe('a card tapped after the sale was settled another way', () => {
  it('is taken, then given back in full, and the sale keeps only its cash', async () => {
    const { shop, card } = await bed.cardShop('Orphan Shop');
    await openDrawer(shop.till, shop.registerId);
    const { saleId } = await saleOf(shop, 1_100);
    const paymentId = await startedOnReader(shop.till, saleId, 1_100);
    const cash = await paid(shop.till, saleId, { kind: 'cash', amountMinor: 1_100 });
    expect(cash.status).toBe('completed');

    await card.presentCard();
    const orphan = await cardPaymentWhen(
      shop.till,
      saleId,
      paymentId,
      (result) => result.cardPayment.status === 'reversed' && allSettled(result),
    );
    expect(orphan.cardPayment).toMatchObject({ status: 'reversed', recorded: false });
    expect(orphan.cardPayment.refunds).toEqual([
      expect.objectContaining({ reason: 'orphaned', amountMinor: 1_100, status: 'succeeded' }),
    ]);
    expect(orphan.sale).toMatchObject({ status: 'completed', paidMinor: 1_100 });
    expect(orphan.sale.payments.map((payment) => payment.kind)).toEqual(['cash']);
    await card.fake.settleWebhooks();
    expect(await tendersOf(bed.owner, saleId)).toEqual([
      expect.objectContaining({ kind: 'cash', applied: 1_100 }),
    ]);
    expect(card.fake.refunds()).toEqual([
      expect.objectContaining({ amount: 1_100, status: 'succeeded' }),
    ]);
    expect(intentsOf(card.fake, paymentId)[0]?.amount_received).toBe(1_100);
  });
});
