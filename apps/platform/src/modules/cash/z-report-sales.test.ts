// End to end: a shift of real sales, a void, a refund and drawer movements through the API, then
// the X report mid-shift and the Z report at close must match, to the cent, the sums of the
// documents the API returned for that shift.
import { randomUUID } from 'node:crypto';
import { priceSale } from '@tillpoint/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/index.ts';
import type { RefundView } from '../sales/refund-schemas.ts';
import type { SaleView } from '../sales/sale-schemas.ts';
import {
  addLine,
  api,
  approval,
  createItem,
  defaultTax,
  newSale,
  openDrawer,
  openShop,
  pay,
  type Shop,
  stockUp,
} from '../sales/test-support.ts';
import type { XReportView, ZReportView } from './schemas.ts';

let t: TestApp;
let shop: Shop;
let rate: string;
let mug: string;
let scarf: string;
let sessionId: string;

const HST_PPM = 130_000; // Ontario HST 13 %
const PRICES = { mug: 1_299, scarf: 2_450 } as const;

beforeAll(async () => {
  t = await createTestApp();
  shop = await openShop(t, 'Harbourfront Gifts', { currency: 'CAD' });
  [rate = ''] = await defaultTax(shop.retailer.owner, [{ ratePpm: HST_PPM }]);
  mug = await createItem(shop.retailer.owner, PRICES.mug);
  scarf = await createItem(shop.retailer.owner, PRICES.scarf);
  await stockUp(shop.retailer.owner, shop.retailer.storeId, mug, 50);
  await stockUp(shop.retailer.owner, shop.retailer.storeId, scarf, 50);
  sessionId = await openDrawer(shop.till, shop.registerId);
});
afterAll(async () => {
  await t.close();
});

type Tender = { kind: 'cash' | 'external'; amountMinor: number; reference?: string };

function totalOf(lines: { variantId: string; quantity: number; priceMinor: number }[]) {
  return priceSale({
    currency: 'CAD',
    taxMode: 'exclusive',
    taxRounding: 'line',
    roundingMode: 'half_up',
    lines: lines.map((line, index) => ({
      id: String(index),
      quantity: line.quantity,
      unitPriceMinor: line.priceMinor,
      taxRates: [{ id: rate, ratePpm: HST_PPM }],
    })),
  }).totals.totalMinor;
}

async function submit(
  lines: { variantId: string; quantity: number; priceMinor: number }[],
  tenders: (total: number) => Tender[],
): Promise<SaleView> {
  const total = totalOf(lines);
  const response = await shop.till.post<SaleView>(api('/sales/submit'), {
    id: randomUUID(),
    occurredAt: new Date().toISOString(),
    offline: false,
    lines: lines.map(({ variantId, quantity }) => ({ id: randomUUID(), variantId, quantity })),
    payments: tenders(total).map((tender) => ({ id: randomUUID(), ...tender })),
    expectedTotalMinor: total,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** Greedy count of an amount in the currency's coins and notes (largest first). */
async function countFor(amountMinor: number): Promise<Record<string, number>> {
  const response = await shop.manager.caller.get<{ denominations: { valueMinor: number }[] }>(
    api('/cash-denominations?currency=CAD'),
  );
  expect(response.status).toBe(200);
  const counts: Record<string, number> = {};
  let rest = amountMinor;
  for (const { valueMinor } of [...response.body.denominations].reverse()) {
    const count = Math.floor(rest / valueMinor);
    if (count > 0) counts[String(valueMinor)] = count;
    rest -= count * valueMinor;
  }
  expect(rest, 'the expected cash must be countable in CAD coins').toBe(0);
  return counts;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe('a shift of sales and the X/Z reports', () => {
  const sales: SaleView[] = [];
  const refunds: RefundView[] = [];

  it('records the shift through the API', async () => {
    // Cash with change (and cash rounding to 5 cents), split card + cash, card only.
    sales.push(
      await submit(
        [
          { variantId: mug, quantity: 2, priceMinor: PRICES.mug },
          { variantId: scarf, quantity: 1, priceMinor: PRICES.scarf },
        ],
        (total) => [{ kind: 'cash', amountMinor: Math.ceil(total / 1000) * 1000 }],
      ),
    );
    sales.push(
      await submit([{ variantId: scarf, quantity: 3, priceMinor: PRICES.scarf }], (total) => [
        { kind: 'external', amountMinor: 5_000, reference: 'AUTH-1' },
        { kind: 'cash', amountMinor: total - 5_000 + 2 },
      ]),
    );
    sales.push(
      await submit([{ variantId: mug, quantity: 1, priceMinor: PRICES.mug }], (total) => [
        { kind: 'external', amountMinor: total, reference: 'AUTH-2' },
      ]),
    );
    // A sale paid partly in cash, then voided by the manager: its cash goes back, not counted.
    const voided = await newSale(shop.till);
    await addLine(shop.till, voided.id, { variantId: mug, quantity: 1 });
    const deposit = await pay(shop.till, voided.id, { kind: 'cash', amountMinor: 500 });
    expect(deposit.status, JSON.stringify(deposit.body)).toBe(201);
    const voidApproval = await approval(shop, 'sale.void');
    const voidResponse = await shop.till.post(api(`/sales/${voided.id}/void`), {
      reason: 'Customer changed their mind',
      approvalId: voidApproval,
    });
    expect(voidResponse.status, JSON.stringify(voidResponse.body)).toBe(200);

    // One mug of the first sale comes back, in cash, restocked.
    const [first] = sales;
    const mugLine = first?.lines.find((line) => line.variantId === mug);
    if (!first || !mugLine) throw new Error('first sale missing');
    const refund = await shop.till.post<RefundView>(api('/refunds'), {
      saleId: first.id,
      lines: [{ saleLineId: mugLine.id, quantity: 1, restock: true }],
    });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    refunds.push(refund.body);

    const payIn = await shop.till.post(api(`/cash-sessions/${sessionId}/movements`), {
      kind: 'pay_in',
      amountMinor: 2_000,
      reason: 'Change from the bank',
    });
    expect(payIn.status, JSON.stringify(payIn.body)).toBe(201);
    const payOut = await shop.till.post(api(`/cash-sessions/${sessionId}/movements`), {
      kind: 'pay_out',
      amountMinor: 735,
      reason: 'Milk for the staff room',
    });
    expect(payOut.status, JSON.stringify(payOut.body)).toBe(201);
    const noSale = await shop.managerTill.post(api(`/cash-sessions/${sessionId}/no-sale`), {});
    expect(noSale.status, JSON.stringify(noSale.body)).toBe(201);
  });

  function expectFiguresOf(report: XReportView | ZReportView): number {
    const payments = sales.flatMap((sale) => sale.payments);
    const cashKept = sum(payments.filter((p) => p.kind === 'cash').map((p) => p.appliedMinor));
    const cashBack = sum(
      refunds.flatMap((r) => r.payments.filter((p) => p.kind === 'cash').map((p) => p.amountMinor)),
    );
    const expected = 15_000 + cashKept - cashBack + 2_000 - 735;

    expect(report.drawer).toMatchObject({
      openingFloatMinor: 15_000,
      cashSalesMinor: cashKept,
      cashRefundsMinor: cashBack,
      payInsMinor: 2_000,
      payOutsMinor: 735,
      expectedMinor: expected,
    });
    expect(report.sales).toMatchObject({
      count: 3,
      grossMinor: sum(sales.map((s) => s.totals.grossMinor)),
      discountMinor: sum(sales.map((s) => s.totals.discountMinor)),
      subtotalMinor: sum(sales.map((s) => s.totals.subtotalMinor)),
      taxMinor: sum(sales.map((s) => s.totals.taxMinor)),
      totalMinor: sum(sales.map((s) => s.totalMinor)),
    });
    expect(report.refunds).toMatchObject({
      count: 1,
      subtotalMinor: sum(refunds.map((r) => r.subtotalMinor)),
      taxMinor: sum(refunds.map((r) => r.taxMinor)),
      totalMinor: sum(refunds.map((r) => r.totalMinor)),
    });
    const tender = (kind: string) => report.tenders.find((row) => row.kind === kind);
    expect(tender('cash')).toMatchObject({ salesCount: 2, salesMinor: cashKept });
    expect(tender('external')).toMatchObject({
      salesCount: 2,
      salesMinor: sum(payments.filter((p) => p.kind === 'external').map((p) => p.appliedMinor)),
    });
    const [hst] = report.taxes;
    expect(report.taxes).toHaveLength(1);
    expect(hst).toMatchObject({
      rateId: rate,
      salesTaxMinor: sum(sales.map((s) => s.totals.taxMinor)),
      refundsTaxMinor: sum(refunds.map((r) => r.taxMinor)),
    });
    expect(report.cashRounding.salesMinor).toBe(sum(sales.map((s) => s.cashRoundingMinor)));
    expect(report).toMatchObject({ voidsCount: 1, noSaleCount: 1 });
    return expected;
  }

  it('X report mid-shift equals the sums of the documents', async () => {
    const response = await shop.manager.caller.get<XReportView>(
      api(`/cash-sessions/${sessionId}/report`),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expectFiguresOf(response.body);
  });

  it('blind close by the cashier, then the Z report matches the same sums and the count', async () => {
    const x = await shop.manager.caller.get<XReportView>(api(`/cash-sessions/${sessionId}/report`));
    const expected = expectFiguresOf(x.body);
    const counts = await countFor(expected - 5); // five cents short
    const closed = await shop.till.post<Record<string, unknown>>(
      api(`/cash-sessions/${sessionId}/close`),
      { counts, note: 'Five cents short' },
    );
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).not.toHaveProperty('expectedMinor');
    expect(closed.body).not.toHaveProperty('overShortMinor');

    const z = await shop.manager.caller.get<ZReportView>(
      api(`/cash-sessions/${sessionId}/z-report`),
    );
    expect(z.status, JSON.stringify(z.body)).toBe(200);
    expect(expectFiguresOf(z.body)).toBe(expected);
    expect(z.body).toMatchObject({
      kind: 'z',
      expectedMinor: expected,
      countedMinor: expected - 5,
      overShortMinor: -5,
      changedSinceClose: false,
    });
  });
});
