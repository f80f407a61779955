// Card payments on the register's reader as the cashier sees them: start, the customer taps,
// the payment ends on the sale (alone or beside cash), a retry with the same id changes nothing,
// and a payment not charged yet can be canceled. The Stripe plugin runs through the real SDK
// against a local fake of Stripe's API that delivers signed webhooks to the listening platform.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDrawer, paid } from '../sales/test-support.ts';
import {
  type CardTestBed,
  cancelCard,
  cardPaymentWhen,
  intentsOf,
  openCardTestBed,
  receiptNumbersOf,
  recorded,
  saleOf,
  startCard,
  startedOnReader,
  TEST_CARDS,
  tendersOf,
} from './test-support.ts';

let bed: CardTestBed;

beforeAll(async () => {
  bed = await openCardTestBed();
});
afterAll(() => bed?.close());

describe('a card payment on the reader', () => {
  it('is pending until the customer taps, then ends on the sale, which completes', async () => {
    const { shop, card } = await bed.cardShop('Tap Shop');
    const { saleId, totalMinor } = await saleOf(shop, 1_250, 2);
    const id = randomUUID();
    const started = await startCard(shop.till, saleId, {
      id,
      amountMinor: totalMinor,
      expectedTotalMinor: totalMinor,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.cardPayment).toMatchObject({
      id,
      saleId,
      status: 'pending',
      recorded: false,
      amountMinor: 2_500,
      currency: 'USD',
      readerId: card.readerId,
      plugin: 'payment-stripe',
      failure: null,
      refunds: [],
    });
    expect(started.body.sale).toMatchObject({ status: 'open', paidMinor: 0, receiptNumber: null });
    expect(card.fake.reader(card.readerId).action?.status).toBe('in_progress');

    await card.presentCard(TEST_CARDS.visa);
    const done = await cardPaymentWhen(shop.till, saleId, id, recorded);
    expect(done.cardPayment).toMatchObject({
      status: 'succeeded',
      recorded: true,
      card: { brand: 'visa', last4: '4242' },
    });
    expect(done.cardPayment.providerPaymentId).toMatch(/^pi_/);
    expect(done.sale).toMatchObject({ status: 'completed', paidMinor: 2_500, balanceDueMinor: 0 });
    expect(done.sale.receiptNumber).toBeGreaterThan(0);
    expect(done.sale.payments).toEqual([
      expect.objectContaining({
        id,
        kind: 'card',
        appliedMinor: 2_500,
        status: 'captured',
        card: { brand: 'visa', last4: '4242' },
        reference: done.cardPayment.providerPaymentId,
      }),
    ]);

    const intents = card.fake.paymentIntents();
    expect(intents).toHaveLength(1);
    expect(intents[0]).toMatchObject({
      amount: 2_500,
      amount_received: 2_500,
      capture_method: 'manual',
      status: 'succeeded',
      metadata: { tillpoint_payment_id: id, tillpoint_sale_id: saleId },
    });
    await card.fake.settleWebhooks();
    expect(await tendersOf(bed.owner, saleId)).toEqual([
      expect.objectContaining({ id, kind: 'card', applied: 2_500, cardPaymentId: id }),
    ]);
    expect(await receiptNumbersOf(bed.owner, saleId)).toBe(1);
  });

  it('takes the rest of a sale after cash (split tender) and completes it', async () => {
    const { shop, card } = await bed.cardShop('Split Shop');
    await openDrawer(shop.till, shop.registerId);
    const { saleId } = await saleOf(shop, 4_000);
    await paid(shop.till, saleId, { kind: 'cash', amountMinor: 1_500 });
    const id = await startedOnReader(shop.till, saleId, 2_500);

    await card.presentCard(TEST_CARDS.mastercard);
    const done = await cardPaymentWhen(shop.till, saleId, id, recorded);
    expect(done.sale).toMatchObject({ status: 'completed', paidMinor: 4_000 });
    expect(done.sale.payments.map((p) => [p.kind, p.appliedMinor])).toEqual([
      ['cash', 1_500],
      ['card', 2_500],
    ]);
    expect(done.sale.payments[1]?.card).toEqual({ brand: 'mastercard', last4: '4444' });
  });

  it('leaves the sale open with its balance when the card paid part, and cash finishes it', async () => {
    const { shop, card } = await bed.cardShop('Part Card Shop');
    await openDrawer(shop.till, shop.registerId);
    const { saleId } = await saleOf(shop, 3_000);
    const id = await startedOnReader(shop.till, saleId, 1_000);

    await card.presentCard();
    const part = await cardPaymentWhen(shop.till, saleId, id, recorded);
    expect(part.sale).toMatchObject({
      status: 'open',
      paidMinor: 1_000,
      balanceDueMinor: 2_000,
      receiptNumber: null,
    });

    const rest = await paid(shop.till, saleId, { kind: 'cash', amountMinor: 2_000 });
    expect(rest).toMatchObject({ status: 'completed', paidMinor: 3_000 });
    expect(rest.payments.map((p) => p.kind)).toEqual(['card', 'cash']);
    expect(intentsOf(card.fake, id)).toEqual([
      expect.objectContaining({ amount: 1_000, amount_received: 1_000, status: 'succeeded' }),
    ]);
  });
});

describe('retrying a start', () => {
  it('answers the same payment for the same id and body, without a second PaymentIntent', async () => {
    const { shop, card } = await bed.cardShop('Replay Shop');
    const { saleId } = await saleOf(shop, 900);
    const id = await startedOnReader(shop.till, saleId, 900);

    const again = await startCard(shop.till, saleId, { id, amountMinor: 900 });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.cardPayment).toMatchObject({ id, status: 'pending' });
    expect(card.fake.paymentIntents()).toHaveLength(1);

    const other = await startCard(shop.till, saleId, { id, amountMinor: 800 });
    expect(other.status, JSON.stringify(other.body)).toBe(409);
    expect(other.body.code).toBe('payment.id_conflict');
    expect(card.fake.paymentIntents()).toHaveLength(1);

    // A replay after the payment ended tells how it ended.
    await card.presentCard();
    await cardPaymentWhen(shop.till, saleId, id, recorded);
    const after = await startCard(shop.till, saleId, { id, amountMinor: 900 });
    expect(after.status).toBe(200);
    expect(after.body.cardPayment).toMatchObject({ status: 'succeeded', recorded: true });
    expect(after.body.sale.status).toBe('completed');
    expect(card.fake.paymentIntents()).toHaveLength(1);
    expect(await tendersOf(bed.owner, saleId)).toHaveLength(1);
  });
});

describe('canceling a card payment', () => {
  it('clears the reader before the tap, and the sale can take another card', async () => {
    const { shop, card } = await bed.cardShop('Cancel Shop');
    const { saleId } = await saleOf(shop, 700);
    const id = await startedOnReader(shop.till, saleId, 700);

    const canceled = await cancelCard(shop.till, saleId, id);
    expect(canceled.status, JSON.stringify(canceled.body)).toBe(200);
    expect(canceled.body.cardPayment).toMatchObject({ status: 'canceled', recorded: false });
    expect(canceled.body.sale).toMatchObject({ status: 'open', paidMinor: 0 });
    expect(intentsOf(card.fake, id)).toEqual([expect.objectContaining({ status: 'canceled' })]);
    expect(card.fake.reader(card.readerId).action).toBeNull();

    // Canceling again is harmless.
    const twice = await cancelCard(shop.till, saleId, id);
    expect(twice.status).toBe(200);
    expect(twice.body.cardPayment.status).toBe('canceled');

    const next = await startedOnReader(shop.till, saleId, 700);
    await card.presentCard();
    const done = await cardPaymentWhen(shop.till, saleId, next, recorded);
    expect(done.sale.status).toBe('completed');
    await card.fake.settleWebhooks();
    expect(await tendersOf(bed.owner, saleId)).toEqual([expect.objectContaining({ id: next })]);
  });

  it('is refused once the card was charged: that money goes back by void or refund', async () => {
    const { shop, card } = await bed.cardShop('Too Late Shop');
    const { saleId } = await saleOf(shop, 500);
    const id = await startedOnReader(shop.till, saleId, 500);
    await card.presentCard();
    await cardPaymentWhen(shop.till, saleId, id, recorded);

    const late = await cancelCard(shop.till, saleId, id);
    expect(late.status, JSON.stringify(late.body)).toBe(422);
    expect(late.body.code).toBe('card_payment.already_succeeded');
    expect(intentsOf(card.fake, id)).toEqual([expect.objectContaining({ status: 'succeeded' })]);
  });
});
