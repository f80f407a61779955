// Card payments that do not go through: a declined card, a reader that is off, and the requests
// refused before anything is asked of the processor (those write nothing at all).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addLine,
  api,
  createItem,
  newSale,
  openShop,
  pay,
  secondTill,
} from '../sales/test-support.ts';
import {
  type CardTestBed,
  cancelCard,
  cardPayment,
  cardPaymentWhen,
  expectRefusedWithoutTrace,
  intentsOf,
  openCardTestBed,
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

describe('a declined card', () => {
  it.each([
    ['generic_decline', TEST_CARDS.genericDecline, 'Card declined: generic decline'],
    ['insufficient_funds', TEST_CARDS.insufficientFunds, 'Card declined: insufficient funds'],
  ])(
    '(%s) fails the payment with the reason and leaves the sale open for another card',
    async (_, number, reason) => {
      const { shop, card } = await bed.cardShop(`Decline Shop ${number.slice(-4)}`);
      const { saleId } = await saleOf(shop, 3_300);
      const id = await startedOnReader(shop.till, saleId, 3_300);

      await card.presentCard(number);
      const failed = await cardPaymentWhen(
        shop.till,
        saleId,
        id,
        (result) => result.cardPayment.status !== 'pending',
      );
      expect(failed.cardPayment).toMatchObject({ status: 'failed', recorded: false });
      expect(failed.cardPayment.failure?.code).toBe('payment.declined');
      expect(failed.cardPayment.failure?.message).toContain(reason);
      expect(failed.sale).toMatchObject({ status: 'open', paidMinor: 0, balanceDueMinor: 3_300 });
      expect(intentsOf(card.fake, id)[0]?.amount_received).toBe(0);

      const next = await startedOnReader(shop.till, saleId, 3_300);
      expect(next).not.toBe(id);
      await card.presentCard(TEST_CARDS.visa);
      const done = await cardPaymentWhen(shop.till, saleId, next, recorded);
      expect(done.sale.status).toBe('completed');
      await card.fake.settleWebhooks();
      const stale = await cardPayment(shop.till, saleId, id);
      expect(stale.body.cardPayment.status).toBe('failed');
      expect(await tendersOf(bed.owner, saleId)).toEqual([expect.objectContaining({ id: next })]);
    },
  );
});

describe('a reader that is offline', () => {
  it('fails the payment at once with a clear code and charges nothing', async () => {
    const { shop, card } = await bed.cardShop('Offline Reader Shop');
    const { saleId } = await saleOf(shop, 1_000);
    card.fake.setReaderOnline(card.readerId, false);
    const id = randomUUID();

    const refused = await startCard(shop.till, saleId, { id, amountMinor: 1_000 });
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body.code).toBe('payment.reader_unavailable');
    expect(refused.body.message).toMatch(/offline/i);

    const stored = await cardPayment(shop.till, saleId, id);
    expect(stored.body.cardPayment).toMatchObject({
      status: 'failed',
      recorded: false,
      failure: { code: 'payment.reader_unavailable' },
    });
    expect(stored.body.sale).toMatchObject({ status: 'open', paidMinor: 0 });
    expect(intentsOf(card.fake, id)).toEqual([
      expect.objectContaining({ status: 'canceled', amount_received: 0 }),
    ]);

    card.fake.setReaderOnline(card.readerId, true);
    const next = await startedOnReader(shop.till, saleId, 1_000);
    await card.presentCard();
    expect((await cardPaymentWhen(shop.till, saleId, next, recorded)).sale.status).toBe(
      'completed',
    );
  });
});

describe('refused before the processor is asked', () => {
  it('needs an enabled payment plugin', async () => {
    const shop = await openShop(bed.t, 'No Plugin Shop');
    const { saleId } = await saleOf(shop, 500);
    await expectRefusedWithoutTrace(
      bed.owner,
      shop.retailer.tenantId,
      () => startCard(shop.till, saleId, { amountMinor: 500 }),
      422,
      'payment.plugin_not_enabled',
    );
  });

  it('needs a reader on the register, a register to take it and the sale on that register', async () => {
    const { shop, card } = await bed.cardShop('Readerless Shop');
    const tenantId = shop.retailer.tenantId;
    const other = await secondTill(bed.t, shop);
    const variantId = await createItem(shop.retailer.owner, 800, { trackStock: false });
    const sale = await newSale(other.till);
    await addLine(other.till, sale.id, { variantId, quantity: 1 });

    await expectRefusedWithoutTrace(
      bed.owner,
      tenantId,
      () => startCard(other.till, sale.id, { amountMinor: 800 }),
      422,
      'payment.no_card_reader',
    );
    // The sale rings on the other register: its card is taken there.
    await expectRefusedWithoutTrace(
      bed.owner,
      tenantId,
      () => startCard(shop.till, sale.id, { amountMinor: 800 }),
      422,
      'sale.wrong_register',
    );
    // The back office has no reader at hand.
    await expectRefusedWithoutTrace(
      bed.owner,
      tenantId,
      () => startCard(shop.manager.caller, sale.id, { amountMinor: 800 }),
      422,
      'payment.register_required',
    );
    expect(card.fake.paymentIntents()).toHaveLength(0);
  });

  it('takes at most the balance, one card at a time, and never a typed-in card tender', async () => {
    const { shop, card } = await bed.cardShop('Rules Shop');
    const tenantId = shop.retailer.tenantId;
    const { saleId } = await saleOf(shop, 1_200);

    await expectRefusedWithoutTrace(
      bed.owner,
      tenantId,
      () => startCard(shop.till, saleId, { amountMinor: 1_201 }),
      422,
      'payment.amount_exceeds_balance',
    );
    await expectRefusedWithoutTrace(
      bed.owner,
      tenantId,
      () => startCard(shop.till, saleId, { amountMinor: 1_200, expectedTotalMinor: 1_100 }),
      422,
      'sale.total_mismatch',
    );
    await expectRefusedWithoutTrace(
      bed.owner,
      tenantId,
      () =>
        pay(shop.till, saleId, {
          kind: 'card',
          amountMinor: 1_200,
          reference: 'typed in',
        }),
      422,
      'payment.card_needs_reader',
    );

    const first = await startedOnReader(shop.till, saleId, 600);
    await card.fake.settleWebhooks();
    const busy = await expectRefusedWithoutTrace(
      bed.owner,
      tenantId,
      () => startCard(shop.till, saleId, { amountMinor: 600 }),
      409,
      'payment.card_in_progress',
    );
    expect(busy.body.details).toMatchObject({ cardPaymentId: first });
    // Nor is the sale voided under the customer's card.
    await expectRefusedWithoutTrace(
      bed.owner,
      tenantId,
      () => shop.managerTill.post(api(`/sales/${saleId}/void`), { reason: 'Changed mind' }),
      409,
      'payment.card_in_progress',
    );
    expect(card.fake.paymentIntents()).toHaveLength(1);

    const canceled = await cancelCard(shop.till, saleId, first);
    expect(canceled.body.cardPayment.status).toBe('canceled');
    const voided = await shop.managerTill.post(api(`/sales/${saleId}/void`), {
      reason: 'Changed mind',
    });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
  });
});
