import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import type { PaymentResultView, SaleView, VoidResultView } from './sale-schemas.ts';
import {
  addLine,
  api,
  createCustomer,
  createItem,
  expectRefusedWithoutTrace,
  giftCardBalance,
  newSale,
  openDrawer,
  openShop,
  paid,
  pay,
  type Shop,
  storeCredit,
} from './test-support.ts';

let t: TestApp;
let owner: pg.Client;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
});
afterAll(() => closeAppWithOwner({ t, owner }));

describe('cash rounding and change in a CAD shop (cash increment 5)', () => {
  let shop: Shop;
  let item: string;

  beforeAll(async () => {
    shop = await openShop(t, 'Maple Market', { currency: 'CAD' });
    item = await createItem(shop.retailer.owner, 1003, { trackStock: false });
    await openDrawer(shop.till, shop.registerId);
  });

  it('splits a sale over the card terminal and cash, rounding only the cash part', async () => {
    const sale = await newSale(shop.till);
    expect(sale).toMatchObject({ currency: 'CAD', cashIncrementMinor: 5 });
    await addLine(shop.till, sale.id, { variantId: item, quantity: 1 });
    const card = await paid(shop.till, sale.id, {
      kind: 'external',
      amountMinor: 500,
      reference: 'AUTH-500',
    });
    expect(card).toMatchObject({ status: 'open', paidMinor: 500, balanceDueMinor: 503 });
    // 5.03 still due rounds to 5.05 in cash; 10.00 handed over gives 4.95 back.
    const cash = await paid(shop.till, sale.id, { kind: 'cash', amountMinor: 1000 });
    expect(cash.payment).toMatchObject({
      tenderedMinor: 1000,
      appliedMinor: 505,
      changeMinor: 495,
      cashRoundingMinor: 2,
    });
    expect(cash).toMatchObject({
      status: 'completed',
      totalMinor: 1003,
      paidMinor: 1003,
      changeMinor: 495,
      cashRoundingMinor: 2,
      balanceDueMinor: 0,
    });
  });

  it('rounds down too, and keeps an odd amount between the two without coins that do not exist', async () => {
    const twoOff = await createItem(shop.retailer.owner, 1002, { trackStock: false });
    const down = await newSale(shop.till);
    await addLine(shop.till, down.id, { variantId: twoOff, quantity: 1 });
    const exact = await paid(shop.till, down.id, { kind: 'cash', amountMinor: 1000 });
    expect(exact).toMatchObject({ status: 'completed', cashRoundingMinor: -2, changeMinor: 0 });
    expect(exact.payment).toMatchObject({ appliedMinor: 1000 });

    const odd = await newSale(shop.till);
    await addLine(shop.till, odd.id, { variantId: item, quantity: 1 });
    const kept = await paid(shop.till, odd.id, { kind: 'cash', amountMinor: 1004 });
    expect(kept.payment).toMatchObject({
      appliedMinor: 1004,
      changeMinor: 0,
      cashRoundingMinor: 1,
    });
  });
});

describe('tenders', () => {
  let shop: Shop;
  let item: string;
  let pricey: string;

  beforeAll(async () => {
    shop = await openShop(t, 'Tender Trading');
    item = await createItem(shop.retailer.owner, 3000, { trackStock: false });
    pricey = await createItem(shop.retailer.owner, 6000, { trackStock: false });
  });

  const refused = (attempt: () => ReturnType<typeof pay>, status: number, code: string) =>
    expectRefusedWithoutTrace(owner, shop.retailer.tenantId, attempt, status, code);

  it('refuses tenders that lack what they need, and never takes more than is due', async () => {
    const sale = await newSale(shop.till);
    await addLine(shop.till, sale.id, { variantId: item, quantity: 1 });
    await refused(
      () => pay(shop.till, sale.id, { kind: 'cash', amountMinor: 3000 }),
      422,
      'cash_session.not_open',
    );
    await refused(
      () => pay(shop.till, sale.id, { kind: 'external', amountMinor: 3000 }),
      422,
      'payment.reference_required',
    );
    await refused(
      () => pay(shop.till, sale.id, { kind: 'other', amountMinor: 3000 }),
      422,
      'payment.reference_required',
    );
    const card = await refused(
      () => pay(shop.till, sale.id, { kind: 'card', amountMinor: 3000 }),
      422,
      'payment.card_needs_reader',
    );
    expect(String(card.body.message)).toContain('card-payments');
    await refused(
      () => pay(shop.till, sale.id, { kind: 'external', amountMinor: 3001, reference: 'X1' }),
      422,
      'payment.amount_exceeds_balance',
    );
    await refused(
      () => pay(shop.till, sale.id, { kind: 'external', amountMinor: -5, reference: 'X1' }),
      400,
      'validation.failed',
    );
    await refused(
      () => pay(shop.till, sale.id, { kind: 'gift_card', amountMinor: 100 }),
      422,
      'payment.gift_card_code_required',
    );
    await refused(
      () => pay(shop.till, sale.id, { kind: 'store_credit', amountMinor: 100 }),
      422,
      'payment.customer_required',
    );
    await refused(
      () =>
        pay(shop.till, sale.id, {
          kind: 'external',
          amountMinor: 3000,
          reference: 'X1',
          expectedTotalMinor: 2999,
        }),
      422,
      'sale.total_mismatch',
    );
    const mismatch = await pay(shop.till, sale.id, {
      kind: 'external',
      amountMinor: 3000,
      reference: 'X1',
      expectedTotalMinor: 2999,
    });
    expect(mismatch.body.details).toEqual({ expectedTotalMinor: 2999, totalMinor: 3000 });
    const done = await paid(shop.till, sale.id, {
      kind: 'other',
      amountMinor: 3000,
      reference: 'Cheque 1142',
    });
    expect(done).toMatchObject({ status: 'completed', payment: { reference: 'Cheque 1142' } });
    await refused(
      () => pay(shop.till, sale.id, { kind: 'external', amountMinor: 1, reference: 'late' }),
      422,
      'sale.already_completed',
    );
  });

  it('sells a gift card, redeems it, and refuses what it does not hold', async () => {
    const code = `GC${randomUUID().replace(/-/g, '').slice(0, 14).toUpperCase()}`;
    const last4 = code.slice(-4);
    const sold = await newSale(shop.till);
    await addLine(shop.till, sold.id, { kind: 'gift_card', giftCardCode: code, amountMinor: 5000 });
    expect(await giftCardBalance(owner, shop.retailer.tenantId, last4)).toBe(0);
    await paid(shop.till, sold.id, { kind: 'external', amountMinor: 5000, reference: 'GC-SALE' });
    expect(await giftCardBalance(owner, shop.retailer.tenantId, last4)).toBe(5000);

    const spend = await newSale(shop.till);
    await addLine(shop.till, spend.id, { variantId: item, quantity: 1 });
    const redeemed = await paid(shop.till, spend.id, {
      kind: 'gift_card',
      amountMinor: 3000,
      giftCardCode: code.toLowerCase(),
    });
    expect(redeemed).toMatchObject({
      status: 'completed',
      payment: { kind: 'gift_card', giftCardLast4: last4, appliedMinor: 3000 },
    });
    expect(await giftCardBalance(owner, shop.retailer.tenantId, last4)).toBe(2000);

    const tooMuch = await newSale(shop.till);
    await addLine(shop.till, tooMuch.id, { variantId: item, quantity: 1 });
    await refused(
      () =>
        pay(shop.till, tooMuch.id, { kind: 'gift_card', amountMinor: 3000, giftCardCode: code }),
      422,
      'gift_card.insufficient_balance',
    );
    await refused(
      () =>
        pay(shop.till, tooMuch.id, {
          kind: 'gift_card',
          amountMinor: 100,
          giftCardCode: 'NOSUCHCARD1234',
        }),
      404,
      'gift_card.not_found',
    );
    await paid(shop.till, tooMuch.id, { kind: 'gift_card', amountMinor: 2000, giftCardCode: code });
    // Voiding gives the card its value back.
    const voided = await shop.managerTill.post<VoidResultView>(api(`/sales/${tooMuch.id}/void`), {
      reason: 'Changed mind',
    });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect(await giftCardBalance(owner, shop.retailer.tenantId, last4)).toBe(2000);

    const topUp = await newSale(shop.till);
    await addLine(shop.till, topUp.id, {
      kind: 'gift_card',
      giftCardCode: code,
      amountMinor: 1000,
    });
    await paid(shop.till, topUp.id, { kind: 'external', amountMinor: 1000, reference: 'TOPUP' });
    expect(await giftCardBalance(owner, shop.retailer.tenantId, last4)).toBe(3000);
    const { rows } = await owner.query(
      `select e.kind, e.amount_minor::int as amount, e.balance_after_minor::int as after
       from gift_card_entries e join gift_cards g on g.id = e.gift_card_id
       where g.tenant_id = $1 and g.code_last4 = $2 order by e.created_at, e.id`,
      [shop.retailer.tenantId, last4],
    );
    expect(rows).toEqual([
      { kind: 'issue', amount: 5000, after: 5000 },
      { kind: 'redeem', amount: -3000, after: 2000 },
      { kind: 'redeem', amount: -2000, after: 0 },
      { kind: 'redeem_reversal', amount: 2000, after: 2000 },
      { kind: 'top_up', amount: 1000, after: 3000 },
    ]);
  });

  it("spends a customer's store credit and gives it back on a void", async () => {
    const customer = await createCustomer(shop.retailer.owner, {
      storeCreditMinor: 4000,
    });
    const sale = await newSale(shop.till, { customerId: customer });
    await addLine(shop.till, sale.id, { variantId: pricey, quantity: 1 });
    const part = await paid(shop.till, sale.id, { kind: 'store_credit', amountMinor: 4000 });
    expect(part).toMatchObject({ status: 'open', paidMinor: 4000, balanceDueMinor: 2000 });
    expect(part.payment.customerId).toBe(customer);
    expect(await storeCredit(owner, customer)).toBe(0);
    await refused(
      () => pay(shop.till, sale.id, { kind: 'store_credit', amountMinor: 1 }),
      422,
      'store_credit.insufficient',
    );
    const voided = await shop.managerTill.post(api(`/sales/${sale.id}/void`), {
      reason: 'Wrong customer',
    });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect(await storeCredit(owner, customer)).toBe(4000);
    const { rows } = await owner.query(
      `select kind, amount_minor::int as amount from store_credit_entries
       where customer_id = $1 order by created_at, id`,
      [customer],
    );
    expect(rows.map((row) => [row.kind, row.amount])).toEqual([
      ['adjustment', 4000],
      ['payment', -4000],
      ['payment_reversal', 4000],
    ]);
  });

  it('takes the customer after a first payment, unless that would change the taxes', async () => {
    const customer = await createCustomer(shop.retailer.owner, {
      storeCreditMinor: 1000,
    });
    const exempt = await createCustomer(shop.retailer.owner, { taxExempt: true });
    const sale = await newSale(shop.till);
    await addLine(shop.till, sale.id, { variantId: item, quantity: 1 });
    await paid(shop.till, sale.id, { kind: 'external', amountMinor: 2000, reference: 'T-2' });
    await refused(
      () => shop.till.put(api(`/sales/${sale.id}/customer`), { customerId: exempt }),
      422,
      'sale.has_payments',
    );
    const named = await shop.till.put<SaleView>(api(`/sales/${sale.id}/customer`), {
      customerId: customer,
    });
    expect(named.status, JSON.stringify(named.body)).toBe(200);
    expect(named.body).toMatchObject({ customerId: customer, totalMinor: 3000, paidMinor: 2000 });
    const rest = await paid(shop.till, sale.id, { kind: 'store_credit', amountMinor: 1000 });
    expect(rest).toMatchObject({ status: 'completed', paidMinor: 3000 });
    expect(await storeCredit(owner, customer)).toBe(0);
  });

  it('answers a repeated request under a client-chosen id with the stored document', async () => {
    const saleId = randomUUID();
    const first = await shop.till.post<SaleView>(api('/sales'), { id: saleId, note: 'Tab 4' });
    expect(first.status).toBe(201);
    const again = await shop.till.post<SaleView>(api('/sales'), { id: saleId, note: 'Tab 4' });
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await shop.till.post(api('/sales'), { id: saleId, note: 'Tab 5' });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('sale.id_conflict');

    const lineId = randomUUID();
    const line = { id: lineId, variantId: item, quantity: 2 };
    expect((await shop.till.post(api(`/sales/${saleId}/lines`), line)).status).toBe(201);
    const sameLine = await shop.till.post<SaleView>(api(`/sales/${saleId}/lines`), line);
    expect(sameLine.status).toBe(200);
    expect(sameLine.body.lines).toHaveLength(1);
    const otherLine = await shop.till.post(api(`/sales/${saleId}/lines`), { ...line, quantity: 3 });
    expect(otherLine.body.code).toBe('sale_line.id_conflict');

    const paymentId = randomUUID();
    const payment = { id: paymentId, kind: 'external', amountMinor: 6000, reference: 'A-1' };
    const taken = await pay(shop.till, saleId, payment);
    expect(taken.status).toBe(201);
    expect(taken.body.status).toBe('completed');
    const replayed = await pay(shop.till, saleId, payment);
    expect(replayed.status).toBe(200);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.body).toMatchObject<Partial<PaymentResultView>>({
      status: 'completed',
      receiptNumber: taken.body.receiptNumber,
    });
    expect(replayed.body.payment.id).toBe(paymentId);
    const clash = await pay(shop.till, saleId, { ...payment, amountMinor: 5000 });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('payment.id_conflict');
  });
});
