import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import type { RefundView } from './refund-schemas.ts';
import {
  api,
  createCustomer,
  expectRefusedWithoutTrace,
  giftCardBalance,
  lineOf,
  openShop,
  postRefund,
  refund,
  type Shop,
  sell,
  stockedItem,
  storeCredit,
  sum,
  tendersOf,
} from './refund-test-support.ts';

// Where refunded money goes: back to the tenders that paid (non-cash first in the order taken,
// cash last, each up to what it kept), onto the gift card or store credit that paid, or as new
// store credit; cash rounded to the coin cumulatively so the drawer gets back exactly what it kept.

let t: TestApp;
let owner: pg.Client;
let shop: Shop;
let cad: Shop;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  shop = await openShop(t, 'Tender Traders');
  cad = await openShop(t, 'Loonie Goods', 'CAD');
});
afterAll(() => closeAppWithOwner({ t, owner }));

const item = (s: Shop, priceMinor: number) => stockedItem(s, priceMinor, 50);

async function loadedGiftCard(code: string, amountMinor: number): Promise<void> {
  await sell(shop.till, {
    lines: [],
    giftCards: [{ code, amountMinor }],
    payments: [{ kind: 'cash', amountMinor }],
    expectedTotalMinor: amountMinor,
  });
  expect(await giftCardBalance(owner, code)).toBe(amountMinor);
}

const paidBy = (refunds: readonly RefundView[], kind: string) =>
  sum(
    refunds.flatMap((r) => r.payments.filter((p) => p.kind === kind)),
    (p) => p.amountMinor,
  );

describe('split tenders', () => {
  it('pays back cards and other tenders first, cash last, never more per tender than it kept', async () => {
    const code = 'GIFTSPLIT0001';
    await loadedGiftCard(code, 1000);
    const vase = await item(shop, 2000);
    const sale = await sell(shop.till, {
      lines: [{ variantId: vase, quantity: 3 }],
      payments: [
        { kind: 'gift_card', amountMinor: 1000, giftCardCode: code },
        { kind: 'external', amountMinor: 2000, reference: 'TERM-77' },
        { kind: 'cash', amountMinor: 3000 },
      ],
      expectedTotalMinor: 6000,
    });
    expect(await giftCardBalance(owner, code)).toBe(0);
    const lineId = lineOf(sale, vase).id;
    const kinds = (r: RefundView) => r.payments.map((p) => [p.kind, p.amountMinor]);

    const first = await refund(shop.till, sale, [{ saleLineId: lineId, quantity: 1 }]);
    expect(kinds(first)).toEqual([
      ['gift_card', 1000],
      ['external', 1000],
    ]);
    expect(first.terminalRefunds).toEqual([
      expect.objectContaining({ kind: 'external', reference: 'TERM-77', amountMinor: 1000 }),
    ]);
    expect(await giftCardBalance(owner, code)).toBe(1000);

    const second = await refund(shop.till, sale, [{ saleLineId: lineId, quantity: 1 }]);
    expect(kinds(second)).toEqual([
      ['external', 1000],
      ['cash', 1000],
    ]);
    const third = await refund(shop.till, sale, [{ saleLineId: lineId, quantity: 1 }]);
    expect(kinds(third)).toEqual([['cash', 2000]]);

    const all = [first, second, third];
    expect(paidBy(all, 'gift_card')).toBe(1000);
    expect(paidBy(all, 'external')).toBe(2000);
    expect(paidBy(all, 'cash')).toBe(3000);
    expect(await tendersOf(owner, sale.id)).toEqual([
      { kind: 'gift_card', applied: 1000, refunded: 1000 },
      { kind: 'external', applied: 2000, refunded: 2000 },
      { kind: 'cash', applied: 3000, refunded: 3000 },
    ]);
    const entries = await owner.query(
      `select e.kind, e.amount_minor::int as amount, e.balance_after_minor::int as after,
         e.refund_id from gift_card_entries e join gift_cards g on g.id = e.gift_card_id
       where g.code_hash = sha256(convert_to($1, 'UTF8')) order by e.created_at, e.id`,
      [code],
    );
    expect(entries.rows).toEqual([
      { kind: 'issue', amount: 1000, after: 1000, refund_id: null },
      { kind: 'redeem', amount: -1000, after: 0, refund_id: null },
      { kind: 'refund_credit', amount: 1000, after: 1000, refund_id: first.id },
    ]);
  });

  it('takes a sold gift card back only while it still holds the value', async () => {
    const code = 'GIFTBACK0002';
    const sale = await sell(shop.till, {
      lines: [],
      giftCards: [{ code, amountMinor: 2500 }],
      payments: [{ kind: 'cash', amountMinor: 2500 }],
      expectedTotalMinor: 2500,
    });
    const line = sale.lines[0];
    if (!line) throw new Error('no gift card line');
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () =>
        postRefund(shop.till, {
          saleId: sale.id,
          lines: [{ saleLineId: line.id, quantity: 1, restock: true }],
        }),
      422,
      'refund.cannot_restock',
    );
    // Spend part of it: the card no longer holds what it was sold with.
    const other = await item(shop, 100);
    await sell(shop.till, {
      lines: [{ variantId: other, quantity: 1 }],
      payments: [{ kind: 'gift_card', amountMinor: 100, giftCardCode: code }],
      expectedTotalMinor: 100,
    });
    const returnCard = () =>
      postRefund(shop.till, {
        saleId: sale.id,
        lines: [{ saleLineId: line.id, quantity: 1, restock: false, restockReason: 'unused card' }],
      });
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      returnCard,
      422,
      'gift_card.insufficient_balance',
    );
    // Topped up again, it can be taken back: its value comes off, the cash goes back.
    await sell(shop.till, {
      lines: [],
      giftCards: [{ code, amountMinor: 100 }],
      payments: [{ kind: 'cash', amountMinor: 100 }],
      expectedTotalMinor: 100,
    });
    const back = await returnCard();
    expect(back.status, JSON.stringify(back.body)).toBe(201);
    expect(back.body.payments).toEqual([
      expect.objectContaining({ kind: 'cash', amountMinor: 2500 }),
    ]);
    expect(await giftCardBalance(owner, code)).toBe(0);
  });
});

describe('store credit', () => {
  it("issues store credit instead of money when asked, to the sale's customer", async () => {
    const customerId = await createCustomer(owner, shop.retailer.tenantId);
    const coat = await item(shop, 4000);
    const sale = await sell(shop.till, {
      customerId,
      lines: [{ variantId: coat, quantity: 1 }],
      payments: [{ kind: 'cash', amountMinor: 4000 }],
      expectedTotalMinor: 4000,
    });
    const back = await refund(
      shop.till,
      sale,
      [{ saleLineId: lineOf(sale, coat).id, quantity: 1 }],
      {
        destination: 'store_credit',
      },
    );
    expect(back).toMatchObject({ destination: 'store_credit', customerId, paidOutMinor: 4000 });
    expect(back.payments).toEqual([
      expect.objectContaining({
        kind: 'store_credit',
        amountMinor: 4000,
        customerId,
        salePaymentId: null,
      }),
    ]);
    expect(await storeCredit(owner, customerId)).toBe(4000);
    const { rows } = await owner.query(
      `select kind, amount_minor::int as amount, balance_after_minor::int as after, refund_id, sale_id
       from store_credit_entries where customer_id = $1`,
      [customerId],
    );
    expect(rows).toEqual([
      { kind: 'refund_credit', amount: 4000, after: 4000, refund_id: back.id, sale_id: sale.id },
    ]);
    // The cash tender was not touched: a later refund could still pay it back.
    const payment = await owner.query(
      'select refunded_minor::int as r from sale_payments where sale_id = $1',
      [sale.id],
    );
    expect(payment.rows).toEqual([{ r: 0 }]);
  });

  it("follows the tenant's default destination when the sale has a customer", async () => {
    const set = await shop.retailer.owner.patch(api('/settings/sales'), {
      refundDestination: 'store_credit',
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    try {
      const customerId = await createCustomer(owner, shop.retailer.tenantId);
      const hat = await item(shop, 1500);
      const withCustomer = await sell(shop.till, {
        customerId,
        lines: [{ variantId: hat, quantity: 1 }],
        payments: [{ kind: 'cash', amountMinor: 1500 }],
        expectedTotalMinor: 1500,
      });
      const credited = await refund(shop.till, withCustomer, [
        { saleLineId: lineOf(withCustomer, hat).id, quantity: 1 },
      ]);
      expect(credited.destination).toBe('store_credit');
      expect(await storeCredit(owner, customerId)).toBe(1500);
      // Nobody to hold the credit: the money goes back to the tender instead.
      const anonymous = await sell(shop.till, {
        lines: [{ variantId: hat, quantity: 1 }],
        payments: [{ kind: 'cash', amountMinor: 1500 }],
        expectedTotalMinor: 1500,
      });
      const cash = await refund(shop.till, anonymous, [
        { saleLineId: lineOf(anonymous, hat).id, quantity: 1 },
      ]);
      expect(cash.destination).toBe('original_tenders');
      expect(cash.payments.map((p) => p.kind)).toEqual(['cash']);
    } finally {
      await shop.retailer.owner.patch(api('/settings/sales'), {
        refundDestination: 'original_tenders',
      });
    }
  });

  it('puts spent store credit back where it came from', async () => {
    const customerId = await createCustomer(owner, shop.retailer.tenantId, {
      storeCreditMinor: 5000,
    });
    const boots = await item(shop, 3000);
    const sale = await sell(shop.till, {
      customerId,
      lines: [{ variantId: boots, quantity: 1 }],
      payments: [{ kind: 'store_credit', amountMinor: 3000 }],
      expectedTotalMinor: 3000,
    });
    expect(await storeCredit(owner, customerId)).toBe(2000);
    const back = await refund(shop.till, sale, [
      { saleLineId: lineOf(sale, boots).id, quantity: 1 },
    ]);
    expect(back.payments).toEqual([
      expect.objectContaining({ kind: 'store_credit', amountMinor: 3000, customerId }),
    ]);
    expect(await storeCredit(owner, customerId)).toBe(5000);
    const { rows } = await owner.query(
      `select kind, amount_minor::int as amount from store_credit_entries
       where customer_id = $1 and refund_id = $2`,
      [customerId, back.id],
    );
    expect(rows).toEqual([{ kind: 'payment_reversal', amount: 3000 }]);
  });
});

describe('cash rounding (CAD, cash to the nickel)', () => {
  it('rounds each cash refund to the coin and returns exactly what the drawer kept in the end', async () => {
    const pen = await item(cad, 334);
    // 3 × 3.34 = 10.02, paid with a 10.00 note: the drawer kept 10.00 (rounding −0.02).
    const sale = await sell(cad.till, {
      lines: [{ variantId: pen, quantity: 3 }],
      payments: [{ kind: 'cash', amountMinor: 1000 }],
      expectedTotalMinor: 1002,
    });
    expect(sale.payments[0]).toMatchObject({ appliedMinor: 1000, cashRoundingMinor: -2 });
    const lineId = lineOf(sale, pen).id;
    const steps = [
      await refund(cad.till, sale, [{ saleLineId: lineId, quantity: 1 }]),
      await refund(cad.till, sale, [{ saleLineId: lineId, quantity: 1 }]),
      await refund(cad.till, sale, [{ saleLineId: lineId, quantity: 1 }]),
    ];
    expect(steps.map((s) => [s.totalMinor, s.paidOutMinor, s.cashRoundingMinor])).toEqual([
      [334, 335, 1],
      [334, 335, 1],
      [334, 330, -4],
    ]);
    for (const step of steps) {
      expect(step.paidOutMinor % 5).toBe(0);
      expect(step.paidOutMinor).toBe(step.totalMinor + step.cashRoundingMinor);
    }
    expect(sum(steps, (s) => s.paidOutMinor)).toBe(1000);
    expect(sum(steps, (s) => s.totalMinor)).toBe(1002);
  });

  it('rounds a whole cash refund the same way the sale rounded it', async () => {
    const pad = await item(cad, 1003);
    const sale = await sell(cad.till, {
      lines: [{ variantId: pad, quantity: 1 }],
      payments: [{ kind: 'cash', amountMinor: 2000 }],
      expectedTotalMinor: 1003,
    });
    expect(sale.payments[0]).toMatchObject({ appliedMinor: 1005, changeMinor: 995 });
    const back = await refund(cad.till, sale, [{ saleLineId: lineOf(sale, pad).id, quantity: 1 }]);
    expect(back).toMatchObject({ totalMinor: 1003, paidOutMinor: 1005, cashRoundingMinor: 2 });
  });
});
