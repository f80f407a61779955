import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import type { RefundView } from '../sales/refund-schemas.ts';
import {
  createCustomer,
  createProduct,
  createTax,
  lineOf,
  openShop,
  refund,
  returnLines,
  type Shop,
  sell,
  sellPriced,
  stockedItem,
} from '../sales/refund-test-support.ts';
import type { SaleView } from '../sales/sale-schemas.ts';
import { api, expectReceiptOfRefund, expectReceiptOfSale, receiptOf } from './test-support.ts';

// The receipt carries the stored sale's figures, and they add up on paper to the cent: subtotal
// less discounts (plus tax when it is added on top) is the total, and the tenders less the cash
// rounding are the total, whatever mix of taxes, discounts, weights and tenders made the sale.

let t: TestApp;
let owner: pg.Client;
let usd: Shop;
let cad: Shop;
let inclusive: Shop;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  usd = await openShop(t, 'Totals Dollar Store');
  cad = await openShop(t, 'Totals Loonie Goods', 'CAD');
  inclusive = await openShop(t, 'Totals Euro Style');
  const settings = await inclusive.retailer.owner.patch(api('/settings/sales'), {
    taxMode: 'inclusive',
  });
  expect(settings.status, JSON.stringify(settings.body)).toBe(200);
});
afterAll(() => closeAppWithOwner({ t, owner }));

const saleReceipt = (shop: Shop, saleId: string) =>
  receiptOf(shop.till, { type: 'sales', id: saleId });

describe('sale receipts add up to the stored sale', () => {
  it('with tax added on top, line and order discounts, a weighed item and cash change', async () => {
    const taxed = await createTax(usd.retailer.owner, 82_500);
    const shirt = await stockedItem(usd, 1999, 20, { taxCategoryId: taxed });
    const coffee = await createProduct(usd.retailer.owner, {
      priceMinor: 899,
      unit: 'weight',
      trackStock: false,
      taxCategoryId: taxed,
    });
    const sale = await sellPriced(
      usd.till,
      {
        lines: [
          { variantId: shirt, quantity: 3, discount: { kind: 'percent', ppm: 100_000 } },
          { variantId: coffee, quantity: 1.255 },
        ],
        orderDiscount: { kind: 'fixed', amountMinor: 500 },
      },
      (total) => [{ kind: 'cash', amountMinor: total + 1_000 }],
    );
    const receipt = await saleReceipt(usd, sale.id);
    expectReceiptOfSale(receipt, sale);
    expect(receipt.taxIncluded).toBe(false);
    expect(receipt.taxes).toEqual([
      expect.objectContaining({ rateLabel: '8.25%', name: 'Rate 82500' }),
    ]);
    expect(receipt.changeMinor).toBe(1_000);
    const weighed = receipt.lines.find((line) => line.unit === 'weight');
    expect(weighed).toMatchObject({ quantityMilli: 1255, unitPriceMinor: 899 });
    const discounted = receipt.lines.find((line) => line.unit === 'each');
    expect(discounted?.discountLabel).toBe('10% off + order $5.00 off');
    expect(receipt.tenders).toEqual([expect.objectContaining({ kind: 'cash', label: 'Cash' })]);
  });

  it('with split tender and cash rounded to the nickel (CAD)', async () => {
    const taxed = await createTax(cad.retailer.owner, 130_000);
    const item = await stockedItem(cad, 1_777, 10, { taxCategoryId: taxed });
    const sale = await sellPriced(cad.till, { lines: [{ variantId: item, quantity: 1 }] }, () => [
      { kind: 'external', amountMinor: 1_000, reference: 'TERM-4411' },
      { kind: 'cash', amountMinor: 2_000 },
    ]);
    expect(sale.cashRoundingMinor).not.toBe(0);
    const receipt = await saleReceipt(cad, sale.id);
    expectReceiptOfSale(receipt, sale);
    expect(receipt.currency).toBe('CAD');
    expect(receipt.locale).toBe('en-CA');
    expect(receipt.timeZone).toBe('America/Toronto');
    expect(receipt.tenders.map((tender) => [tender.label, tender.reference])).toEqual([
      ['Card terminal', 'TERM-4411'],
      ['Cash', null],
    ]);
  });

  it('with prices including tax, an order discount and a tax-exempt customer', async () => {
    const { owner: boss } = inclusive.retailer;
    const taxed = await createTax(boss, 200_000);
    const lamp = await stockedItem(inclusive, 2_400, 10, { taxCategoryId: taxed });
    const bulb = await stockedItem(inclusive, 350, 10, { taxCategoryId: taxed });
    const sale = await sellPriced(
      inclusive.till,
      {
        lines: [
          { variantId: lamp, quantity: 1 },
          { variantId: bulb, quantity: 3 },
        ],
        orderDiscount: { kind: 'percent', ppm: 50_000 },
      },
      (total) => [{ kind: 'cash', amountMinor: total }],
    );
    const receipt = await saleReceipt(inclusive, sale.id);
    expectReceiptOfSale(receipt, sale);
    expect(receipt.taxIncluded).toBe(true);
    expect(receipt.taxes[0]?.taxMinor).toBeGreaterThan(0);

    const exempt = await createCustomer(owner, inclusive.retailer.tenantId, { taxExempt: true });
    const exemptSale = await sellPriced(
      inclusive.till,
      { lines: [{ variantId: lamp, quantity: 1 }], customerId: exempt },
      (total) => [{ kind: 'cash', amountMinor: total }],
    );
    expect(exemptSale.totals.exemptTaxRemovedMinor).toBeGreaterThan(0);
    const exemptReceipt = await saleReceipt(inclusive, exemptSale.id);
    expectReceiptOfSale(exemptReceipt, exemptSale);
    expect(exemptReceipt.customerName).toMatch(/^Customer /);
    expect(exemptReceipt.lines[0]?.discountLabel).toBe('tax exempt');
  });

  it('selling a gift card and paying with one', async () => {
    const code = `RCPT-${Date.now().toString(36).toUpperCase()}`;
    const loaded = await sell(usd.till, {
      lines: [],
      giftCards: [{ code, amountMinor: 2_500 }],
      payments: [{ kind: 'cash', amountMinor: 2_500 }],
      expectedTotalMinor: 2_500,
    });
    const loadReceipt = await saleReceipt(usd, loaded.id);
    expectReceiptOfSale(loadReceipt, loaded);
    expect(loadReceipt.lines[0]?.description).toMatch(/^Gift card ending /);
    expect(loadReceipt.taxes).toEqual([]);

    const mug = await stockedItem(usd, 1_250, 10);
    const paid = await sell(usd.till, {
      lines: [{ variantId: mug, quantity: 3 }],
      payments: [
        { kind: 'gift_card', amountMinor: 2_500, giftCardCode: code },
        { kind: 'cash', amountMinor: 1_250 },
      ],
      expectedTotalMinor: 3_750,
    });
    const receipt = await saleReceipt(usd, paid.id);
    expectReceiptOfSale(receipt, paid);
    expect(receipt.tenders[0]?.label).toBe(`Gift card •••• ${code.slice(-4)}`);
  });
});

describe('refund receipts add up to the stored refund', () => {
  it('for part of a taxed, discounted sale', async () => {
    const taxed = await createTax(usd.retailer.owner, 88_750);
    const vase = await stockedItem(usd, 3_333, 10, { taxCategoryId: taxed });
    const sale = await sellPriced(
      usd.till,
      {
        lines: [{ variantId: vase, quantity: 3, discount: { kind: 'percent', ppm: 100_000 } }],
        orderDiscount: { kind: 'fixed', amountMinor: 100 },
      },
      (total) => [{ kind: 'cash', amountMinor: total }],
    );
    const refunded = await refund(usd.till, sale, [
      { saleLineId: lineOf(sale, vase).id, quantity: 2 },
    ]);
    const receipt = await receiptOf(usd.till, { type: 'refunds', id: refunded.id });
    expectReceiptOfRefund(receipt, refunded);
    const saleReceiptNumber = (await saleReceipt(usd, sale.id)).receiptNumber;
    expect(receipt.originalReceiptNumber).toBe(saleReceiptNumber);
    expect(receipt.taxes[0]?.rateLabel).toBe('8.875%');
    expect(receipt.lines[0]).toMatchObject({ quantityMilli: 2000, unitPriceMinor: 3_333 });
  });

  it('for an exchange: the return and the new sale it paid for', async () => {
    const small = await stockedItem(usd, 2_000, 10);
    const large = await stockedItem(usd, 4_500, 10);
    const sale = await sell(usd.till, {
      lines: [{ variantId: small, quantity: 1 }],
      payments: [{ kind: 'cash', amountMinor: 2_000 }],
      expectedTotalMinor: 2_000,
    });
    const exchanged = await usd.till.post<{ refund: RefundView; sale: SaleView }>(
      api('/exchanges'),
      {
        return: {
          saleId: sale.id,
          lines: returnLines([{ saleLineId: lineOf(sale, small).id, quantity: 1 }]),
        },
        sale: {
          id: randomUUID(),
          lines: [{ id: randomUUID(), variantId: large, quantity: 1 }],
          payments: [{ id: randomUUID(), kind: 'cash', amountMinor: 5_000 }],
          expectedTotalMinor: 4_500,
        },
      },
    );
    expect(exchanged.status, JSON.stringify(exchanged.body)).toBe(201);
    const { refund: returned, sale: next } = exchanged.body;
    const returnReceipt = await receiptOf(usd.till, { type: 'refunds', id: returned.id });
    expectReceiptOfRefund(returnReceipt, returned);
    expect(returnReceipt.tenders).toEqual([
      expect.objectContaining({ kind: 'exchange', label: 'Exchange', amountMinor: 2_000 }),
    ]);
    const saleReceipt = await receiptOf(usd.till, { type: 'sales', id: next.id });
    expectReceiptOfSale(saleReceipt, next);
    expect(saleReceipt.tenders.map((tender) => [tender.label, tender.reference])).toEqual([
      ['Exchange', null],
      ['Cash', null],
    ]);
    expect(saleReceipt.changeMinor).toBe(2_500);
  });

  it('in cash rounded to the nickel (CAD)', async () => {
    const item = await stockedItem(cad, 1_234, 10);
    const sale = await sellPriced(cad.till, { lines: [{ variantId: item, quantity: 2 }] }, () => [
      { kind: 'cash', amountMinor: 3_000 },
    ]);
    const refunded = await refund(cad.till, sale, [
      { saleLineId: lineOf(sale, item).id, quantity: 1 },
    ]);
    expect(refunded.cashRoundingMinor).not.toBe(0);
    const receipt = await receiptOf(cad.till, { type: 'refunds', id: refunded.id });
    expectReceiptOfRefund(receipt, refunded);
  });
});
