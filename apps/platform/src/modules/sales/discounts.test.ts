import { priceSale } from '@tillpoint/domain';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Response, TestApp } from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import type { SaleView } from './sale-schemas.ts';
import {
  addLine,
  api,
  approval,
  createCustomer,
  createItem,
  defaultTax,
  expectRefusedWithoutTrace,
  newSale,
  openShop,
  type Shop,
} from './test-support.ts';

let t: TestApp;
let owner: pg.Client;
let shop: Shop;
let cap: string;
let mug: string;
let lamp: string;
let rate: string;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  shop = await openShop(t, 'Discount Depot');
  [rate = ''] = await defaultTax(shop.retailer.owner, [{ ratePpm: 100_000 }]);
  cap = await createItem(shop.retailer.owner, 1000, { trackStock: false });
  mug = await createItem(shop.retailer.owner, 2500, { trackStock: false });
  lamp = await createItem(shop.retailer.owner, 333, { trackStock: false });
});
afterAll(() => closeAppWithOwner({ t, owner }));

const refused = (attempt: () => Promise<Response>, status: number, code: string) =>
  expectRefusedWithoutTrace(owner, shop.retailer.tenantId, attempt, status, code);

describe('line and order discounts', () => {
  it('takes line discounts off their line and spreads the order discount over every line', async () => {
    const sale = await newSale(shop.till);
    await addLine(shop.till, sale.id, {
      variantId: cap,
      quantity: 2,
      discount: { kind: 'percent', ppm: 100_000 },
    });
    await addLine(shop.till, sale.id, {
      variantId: mug,
      quantity: 1,
      discount: { kind: 'fixed', amountMinor: 250 },
    });
    await addLine(shop.till, sale.id, { variantId: lamp, quantity: 3 });
    const response = await shop.till.put<SaleView>(api(`/sales/${sale.id}/discount`), {
      discount: { kind: 'fixed', amountMinor: 500 },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const priced = response.body;
    const engine = priceSale({
      currency: 'USD',
      taxMode: 'exclusive',
      taxRounding: 'line',
      roundingMode: 'half_up',
      orderDiscount: { kind: 'fixed', amountMinor: 500 },
      lines: [
        {
          id: 'a',
          quantity: 2,
          unitPriceMinor: 1000,
          taxRates: [{ id: rate, ratePpm: 100_000 }],
          discount: { kind: 'percent', ratePpm: 100_000 },
        },
        {
          id: 'b',
          quantity: 1,
          unitPriceMinor: 2500,
          taxRates: [{ id: rate, ratePpm: 100_000 }],
          discount: { kind: 'fixed', amountMinor: 250 },
        },
        { id: 'c', quantity: 3, unitPriceMinor: 333, taxRates: [{ id: rate, ratePpm: 100_000 }] },
      ],
    });
    expect(priced.lines.map((line) => line.lineDiscountMinor)).toEqual([200, 250, 0]);
    expect(priced.lines.map((line) => line.orderDiscountMinor)).toEqual(
      engine.lines.map((line) => line.orderDiscountMinor),
    );
    expect(priced.lines.reduce((sum, line) => sum + line.orderDiscountMinor, 0)).toBe(500);
    expect(priced.totals).toMatchObject({
      grossMinor: engine.totals.grossMinor,
      discountMinor: engine.totals.discountMinor,
      subtotalMinor: engine.totals.subtotalMinor,
      taxMinor: engine.totals.taxMinor,
      totalMinor: engine.totals.totalMinor,
    });
    expect(priced.orderDiscount).toEqual({ kind: 'fixed', amountMinor: 500 });

    const cleared = await shop.till.put<SaleView>(api(`/sales/${sale.id}/discount`), {
      discount: null,
    });
    expect(cleared.body.lines.every((line) => line.orderDiscountMinor === 0)).toBe(true);
    await refused(
      () =>
        shop.till.post(api(`/sales/${sale.id}/lines`), {
          variantId: cap,
          quantity: 1,
          discount: { kind: 'fixed', amountMinor: 5000 },
        }),
      422,
      'pricing.discount_exceeds_amount',
    );
  });

  it("asks a manager's approval for a cashier's discount over the limit, not a manager's", async () => {
    const sale = await newSale(shop.till);
    // 10 % is the cashier's default limit: fine alone.
    await addLine(shop.till, sale.id, {
      variantId: cap,
      quantity: 1,
      discount: { kind: 'percent', ppm: 100_000 },
    });
    const big = { variantId: mug, quantity: 1, discount: { kind: 'fixed', amountMinor: 300 } };
    await refused(
      () => shop.till.post(api(`/sales/${sale.id}/lines`), big),
      422,
      'approval.required',
    );
    const approvalId = await approval(shop, 'sale.discount_over_limit');
    const approved = await addLine(shop.till, sale.id, { ...big, approvalId });
    expect(approved.lines[1]).toMatchObject({
      lineDiscountMinor: 300,
      discountApprovalId: approvalId,
    });
    const reused = await shop.till.post(api(`/sales/${sale.id}/lines`), { ...big, approvalId });
    expect(reused.body.code).toBe('approval.invalid');

    const order = { discount: { kind: 'percent', ppm: 150_000 } };
    await refused(
      () => shop.till.put(api(`/sales/${sale.id}/discount`), order),
      422,
      'approval.required',
    );
    const orderApproval = await approval(shop, 'sale.discount_over_limit');
    const withOrder = await shop.till.put<SaleView>(api(`/sales/${sale.id}/discount`), {
      ...order,
      approvalId: orderApproval,
    });
    expect(withOrder.body).toMatchObject({ orderDiscountApprovalId: orderApproval });

    const managerSale = await newSale(shop.managerTill);
    const alone = await addLine(shop.managerTill, managerSale.id, {
      variantId: mug,
      quantity: 1,
      discount: { kind: 'percent', ppm: 500_000 },
    });
    expect(alone.lines[0]).toMatchObject({ lineDiscountMinor: 1250, discountApprovalId: null });
  });

  it('lets a manager override a price; a cashier needs an approval for it', async () => {
    const sale = await newSale(shop.till);
    await refused(
      () =>
        shop.till.post(api(`/sales/${sale.id}/lines`), {
          variantId: mug,
          quantity: 1,
          priceOverrideMinor: 1800,
        }),
      422,
      'approval.required',
    );
    const approvalId = await approval(shop, 'sale.price_override');
    const wrongAction = await approval(shop, 'sale.void');
    const mismatch = await shop.till.post(api(`/sales/${sale.id}/lines`), {
      variantId: mug,
      quantity: 1,
      priceOverrideMinor: 1800,
      approvalId: wrongAction,
    });
    expect(mismatch.body.code).toBe('approval.invalid');
    const overridden = await addLine(shop.till, sale.id, {
      variantId: mug,
      quantity: 2,
      priceOverrideMinor: 1800,
      approvalId,
    });
    expect(overridden.lines[0]).toMatchObject({
      listUnitPriceMinor: 2500,
      priceOverrideMinor: 1800,
      unitPriceMinor: 1800,
      grossMinor: 3600,
      priceOverrideApprovalId: approvalId,
    });
    // Both at once: the override takes approvalId, the discount its own approval.
    const lineId = overridden.lines[0]?.id ?? '';
    const both = {
      priceOverrideMinor: 1500,
      discount: { kind: 'percent', ppm: 200_000 },
      approvalId: await approval(shop, 'sale.price_override'),
    };
    const half = await shop.till.patch(api(`/sales/${sale.id}/lines/${lineId}`), both);
    expect(half.body.code).toBe('approval.required');
    const full = await shop.till.patch<SaleView>(api(`/sales/${sale.id}/lines/${lineId}`), {
      ...both,
      discountApprovalId: await approval(shop, 'sale.discount_over_limit'),
    });
    expect(full.status, JSON.stringify(full.body)).toBe(200);
    expect(full.body.lines[0]).toMatchObject({ unitPriceMinor: 1500, lineDiscountMinor: 600 });

    const managerSale = await newSale(shop.managerTill);
    const byManager = await addLine(shop.managerTill, managerSale.id, {
      variantId: mug,
      quantity: 1,
      priceOverrideMinor: 99,
    });
    expect(byManager.lines[0]).toMatchObject({ unitPriceMinor: 99, priceOverrideApprovalId: null });
  });
});

describe('what a line is sold at', () => {
  it("uses the store's own price and snapshots the item", async () => {
    const scarf = await createItem(shop.retailer.owner, 1200, { trackStock: false });
    const price = await shop.retailer.owner.put(
      api(`/catalog/variants/${scarf}/store-prices/${shop.retailer.storeId}`),
      { priceMinor: 990 },
    );
    expect(price.status, JSON.stringify(price.body)).toBe(200);
    const sale = await newSale(shop.till);
    const withScarf = await addLine(shop.till, sale.id, { variantId: scarf, quantity: 1 });
    expect(withScarf.lines[0]).toMatchObject({
      listUnitPriceMinor: 990,
      name: expect.stringContaining('Item SALE-'),
      taxes: [{ rateId: rate, ratePpm: 100_000, taxMinor: 99 }],
    });
    const archived = await shop.retailer.owner.post(api(`/catalog/variants/${scarf}/archive`));
    expect(archived.status, JSON.stringify(archived.body)).toBe(200);
    await refused(
      () => shop.till.post(api(`/sales/${sale.id}/lines`), { variantId: scarf, quantity: 1 }),
      422,
      'sale.variant_archived',
    );
    await refused(
      () =>
        shop.till.post(api(`/sales/${sale.id}/lines`), {
          variantId: '01900000-0000-7000-8000-000000000009',
          quantity: 1,
        }),
      404,
      'variant.not_found',
    );
  });

  it("follows the customer's tax exemption", async () => {
    const exempt = await createCustomer(shop.retailer.owner, { taxExempt: true });
    const sale = await newSale(shop.till);
    await addLine(shop.till, sale.id, { variantId: cap, quantity: 1 });
    const set = await shop.till.put<SaleView>(api(`/sales/${sale.id}/customer`), {
      customerId: exempt,
    });
    expect(set.body).toMatchObject({ customerId: exempt, taxExempt: true, totalMinor: 1000 });
    expect(set.body.totals.taxMinor).toBe(0);
    const cleared = await shop.till.put<SaleView>(api(`/sales/${sale.id}/customer`), {
      customerId: null,
    });
    expect(cleared.body).toMatchObject({ customerId: null, taxExempt: false, totalMinor: 1100 });
    const opened = await newSale(shop.till, { customerId: exempt });
    expect(opened.taxExempt).toBe(true);
    await refused(
      () =>
        shop.till.put(api(`/sales/${sale.id}/customer`), {
          customerId: '01900000-0000-7000-8000-000000000009',
        }),
      404,
      'customer.not_found',
    );
  });

  it('sells gift cards at face value: no order discount on the same sale', async () => {
    const sale = await newSale(shop.till);
    const withCard = await addLine(shop.till, sale.id, {
      kind: 'gift_card',
      giftCardCode: 'GIFT-0000-1111-2222',
      amountMinor: 5000,
    });
    expect(withCard.lines[0]).toMatchObject({
      kind: 'gift_card',
      name: 'Gift card ending 2222',
      giftCardLast4: '2222',
      totalMinor: 5000,
      taxMinor: 0,
    });
    await refused(
      () =>
        shop.till.put(api(`/sales/${sale.id}/discount`), {
          discount: { kind: 'percent', ppm: 50_000 },
        }),
      422,
      'sale.discount_on_gift_card',
    );
    const lineId = withCard.lines[0]?.id ?? '';
    const changed = await shop.till.patch(api(`/sales/${sale.id}/lines/${lineId}`), {
      quantity: 2,
    });
    expect(changed.body.code).toBe('sale.gift_card_line_fixed');
  });
});
