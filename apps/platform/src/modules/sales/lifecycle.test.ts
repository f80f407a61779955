import { priceSale, type SaleInput } from '@tillpoint/domain';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import type { SalePageView, SaleView, VoidResultView } from './sale-schemas.ts';
import {
  addLine,
  api,
  approval,
  createItem,
  defaultTax,
  expectRefusedWithoutTrace,
  movementsOf,
  newSale,
  onHand,
  openDrawer,
  openShop,
  paid,
  type Shop,
  salesSettings,
  stockUp,
} from './test-support.ts';

let t: TestApp;
let owner: pg.Client;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
});
afterAll(() => closeAppWithOwner({ t, owner }));

/** The sale's figures must be exactly the engine's for the same inputs. */
function expectEngineFigures(sale: SaleView, input: Omit<SaleInput, 'lines'>) {
  const priced = priceSale({
    ...input,
    lines: sale.lines.map((line) => ({
      id: line.id,
      quantityMilli: Math.round(line.quantity * 1000),
      unitPriceMinor: line.listUnitPriceMinor,
      taxRates: line.taxes.map((tax) => ({ id: tax.rateId, ratePpm: tax.ratePpm })),
      ...(line.discount?.kind === 'percent'
        ? { discount: { kind: 'percent' as const, ratePpm: line.discount.ppm } }
        : {}),
    })),
  });
  const { discountMinor: _d, taxes, ...totals } = priced.totals;
  expect(sale.totals).toMatchObject(totals);
  expect(sale.totals.taxes).toEqual(taxes);
  priced.lines.forEach((line, index) => {
    expect(sale.lines[index]).toMatchObject({
      id: line.id,
      grossMinor: line.grossMinor,
      lineDiscountMinor: line.lineDiscountMinor,
      orderDiscountMinor: line.orderDiscountMinor,
      netMinor: line.netMinor,
      taxMinor: line.taxMinor,
      totalMinor: line.totalMinor,
      taxes: line.taxes,
    });
  });
  expect(sale.totalMinor).toBe(priced.totals.totalMinor);
}

describe('a sale from first scan to receipt', () => {
  let shop: Shop;
  let rates: string[];
  let shirt: string;
  let coffee: string;

  beforeAll(async () => {
    shop = await openShop(t, 'Exclusive Goods');
    rates = await defaultTax(shop.retailer.owner, [{ ratePpm: 62_500 }, { ratePpm: 20_000 }]);
    shirt = await createItem(shop.retailer.owner, 1999);
    coffee = await createItem(shop.retailer.owner, 899, { unit: 'weight' });
    await stockUp(shop.retailer.owner, shop.retailer.storeId, shirt, 10);
    await stockUp(shop.retailer.owner, shop.retailer.storeId, coffee, 5);
    await openDrawer(shop.till, shop.registerId);
  });

  it('prices tax-exclusive lines with the engine, takes cash with change and completes', async () => {
    const opened = await newSale(shop.till, { note: 'Regular' });
    expect(opened).toMatchObject({
      status: 'open',
      registerId: shop.registerId,
      storeId: shop.retailer.storeId,
      cashierId: shop.cashier.id,
      currency: 'USD',
      taxMode: 'exclusive',
      taxRounding: 'line',
      cashIncrementMinor: 1,
      totalMinor: 0,
      version: 0,
      receiptNumber: null,
    });
    await addLine(shop.till, opened.id, { variantId: shirt, quantity: 2 });
    const sale = await addLine(shop.till, opened.id, { variantId: coffee, quantity: 1.25 });
    expect(sale.version).toBe(2);
    expect(sale.lines.map((line) => [line.quantity, line.unit, line.taxes.length])).toEqual([
      [2, 'each', 2],
      [1.25, 'weight', 2],
    ]);
    expect(sale.lines[0]?.taxes.map((tax) => tax.rateId)).toEqual(rates);
    expectEngineFigures(sale, {
      currency: 'USD',
      taxMode: 'exclusive',
      taxRounding: 'line',
      roundingMode: 'half_up',
    });
    // 39.98 + 11.24 (1.25 kg at 8.99, rounded once) = 51.22 net; 2.50 + 0.80 + 0.70 + 0.22 tax.
    expect(sale.totals).toMatchObject({ subtotalMinor: 5122, taxMinor: 422, totalMinor: 5544 });

    const settled = await paid(shop.till, sale.id, {
      kind: 'cash',
      amountMinor: 6000,
      expectedTotalMinor: 5544,
    });
    expect(settled).toMatchObject({
      status: 'completed',
      receiptNumber: 1,
      paidMinor: 5544,
      balanceDueMinor: 0,
      changeMinor: 456,
      payment: { kind: 'cash', tenderedMinor: 6000, appliedMinor: 5544, changeMinor: 456 },
    });
    expect(settled.payment.cashSessionId).toEqual(expect.any(String));
    expect(await onHand(owner, shop.retailer.storeId, shirt)).toBe(8);
    expect(await onHand(owner, shop.retailer.storeId, coffee)).toBe(3.75);
    expect(await movementsOf(owner, sale.id)).toEqual(
      expect.arrayContaining([
        { kind: 'sold', variantId: shirt, quantity: -2 },
        { kind: 'sold', variantId: coffee, quantity: -1.25 },
      ]),
    );
    const { rows: events } = await owner.query(
      `select payload from outbox where tenant_id = $1 and topic = 'sale.completed'`,
      [shop.retailer.tenantId],
    );
    expect(events.map((row) => row.payload)).toContainEqual(
      expect.objectContaining({ saleId: sale.id, receiptNumber: 1, totalMinor: 5544 }),
    );
    const { rows: audit } = await owner.query(
      `select action from audit_events where target_id = $1 order by seq`,
      [sale.id],
    );
    expect(audit.map((row) => row.action)).toEqual([
      'sale.opened',
      'sale.line_added',
      'sale.line_added',
      'sale.payment_captured',
      'sale.completed',
    ]);
    const { rows: receipts } = await owner.query(
      'select number, document_type from receipt_numbers where document_id = $1',
      [sale.id],
    );
    expect(receipts).toEqual([{ number: '1', document_type: 'sale' }]);

    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => shop.till.post(api(`/sales/${sale.id}/lines`), { variantId: shirt, quantity: 1 }),
      422,
      'sale.already_completed',
    );
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => shop.till.post(api(`/sales/${sale.id}/void`), { reason: 'Oops' }),
      422,
      'sale.already_completed',
    );
  });

  it('keeps the pricing terms fixed when the settings change while the sale is open', async () => {
    const sale = await newSale(shop.till);
    await salesSettings(shop.retailer.owner, { taxMode: 'inclusive' });
    try {
      const priced = await addLine(shop.till, sale.id, { variantId: shirt, quantity: 1 });
      expect(priced).toMatchObject({ taxMode: 'exclusive', totalMinor: 1999 + 125 + 40 });
      const later = await newSale(shop.till);
      expect(later.taxMode).toBe('inclusive');
    } finally {
      await salesSettings(shop.retailer.owner, { taxMode: 'exclusive' });
    }
  });

  it('parks and resumes; a parked sale takes no changes or payments', async () => {
    const sale = await newSale(shop.till);
    await addLine(shop.till, sale.id, { variantId: shirt, quantity: 1 });
    const parked = await shop.till.post<SaleView>(api(`/sales/${sale.id}/park`));
    expect(parked.body).toMatchObject({ status: 'parked', parkedAt: expect.any(String) });
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => shop.till.post(api(`/sales/${sale.id}/lines`), { variantId: shirt, quantity: 1 }),
      422,
      'sale.parked',
    );
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => shop.till.post(api(`/sales/${sale.id}/payments`), { kind: 'cash', amountMinor: 100 }),
      422,
      'sale.parked',
    );
    const listed = await shop.till.get<SalePageView>(api('/sales?status=parked'));
    expect(listed.body.sales.map((s) => s.id)).toContain(sale.id);
    const resumed = await shop.managerTill.post<SaleView>(api(`/sales/${sale.id}/resume`));
    expect(resumed.body).toMatchObject({ status: 'open', parkedAt: null });
    const again = await shop.till.post(api(`/sales/${sale.id}/resume`));
    expect(again.body.code).toBe('sale.not_parked');
    const grown = await addLine(shop.till, sale.id, { variantId: shirt, quantity: 1 });
    expect(grown.lines).toHaveLength(2);
  });

  it('changes and removes lines, re-pricing the whole sale', async () => {
    const sale = await newSale(shop.till);
    const one = await addLine(shop.till, sale.id, { variantId: shirt, quantity: 1 });
    const lineId = one.lines[0]?.id ?? '';
    const more = await shop.till.patch<SaleView>(api(`/sales/${sale.id}/lines/${lineId}`), {
      quantity: 3,
    });
    expect(more.status, JSON.stringify(more.body)).toBe(200);
    expect(more.body.lines[0]).toMatchObject({ quantity: 3, grossMinor: 5997 });
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => shop.till.patch(api(`/sales/${sale.id}/lines/${lineId}`), { quantity: 1.5 }),
      422,
      'inventory.fractional_quantity',
    );
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => shop.till.patch(api(`/sales/${sale.id}/lines/${lineId}`), { quantity: -1 }),
      422,
      'sale.invalid_quantity',
    );
    const gone = await shop.till.request<SaleView>(
      'DELETE',
      api(`/sales/${sale.id}/lines/${lineId}`),
    );
    expect(gone.body).toMatchObject({ lines: [], totalMinor: 0 });
    const missing = await shop.till.request('DELETE', api(`/sales/${sale.id}/lines/${lineId}`));
    expect(missing.body.code).toBe('sale_line.not_found');
  });

  it('refuses line changes once a payment is captured: the sale is voided instead', async () => {
    const sale = await newSale(shop.till);
    await addLine(shop.till, sale.id, { variantId: shirt, quantity: 2 });
    const part = await paid(shop.till, sale.id, {
      kind: 'external',
      amountMinor: 1000,
      reference: 'AUTH-1',
    });
    expect(part).toMatchObject({ status: 'open', paidMinor: 1000 });
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => shop.till.post(api(`/sales/${sale.id}/lines`), { variantId: shirt, quantity: 1 }),
      422,
      'sale.has_payments',
    );
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => shop.till.put(api(`/sales/${sale.id}/discount`), { discount: null }),
      422,
      'sale.has_payments',
    );
    // A cashier voids a sale with items only with a manager's approval.
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => shop.till.post(api(`/sales/${sale.id}/void`), { reason: 'Customer left' }),
      422,
      'approval.required',
    );
    const approvalId = await approval(shop, 'sale.void');
    const voided = await shop.till.post<VoidResultView>(api(`/sales/${sale.id}/void`), {
      reason: 'Customer left',
      approvalId,
    });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect(voided.body).toMatchObject({
      status: 'voided',
      voidReason: 'Customer left',
      paidMinor: 0,
      terminalVoids: [{ reference: 'AUTH-1', amountMinor: 1000 }],
    });
    expect(voided.body.payments[0]).toMatchObject({ status: 'reversed' });
    expect(voided.body.payments[0]?.reversedAt).toEqual(expect.any(String));
    const reuse = await shop.till.post(api(`/sales/${sale.id}/void`), { reason: 'again' });
    expect(reuse.body.code).toBe('sale.voided');
    const { rows } = await owner.query(
      `select after from audit_events where target_id = $1 and action = 'sale.voided'`,
      [sale.id],
    );
    expect(rows[0]?.after).toMatchObject({ approvedBy: shop.manager.id, approvalId });
  });

  it('lets a manager void alone, and a cashier throw away an empty sale', async () => {
    const empty = await newSale(shop.till);
    const dropped = await shop.till.post(api(`/sales/${empty.id}/void`), { reason: 'Mis-tap' });
    expect(dropped.status, JSON.stringify(dropped.body)).toBe(200);
    const sale = await newSale(shop.till);
    await addLine(shop.till, sale.id, { variantId: shirt, quantity: 1 });
    const byManager = await shop.managerTill.post(api(`/sales/${sale.id}/void`), {
      reason: 'Price dispute',
    });
    expect(byManager.body).toMatchObject({ status: 'voided', terminalVoids: [] });
  });

  it('completes a fully discounted sale with nothing due', async () => {
    const sale = await newSale(shop.managerTill);
    await addLine(shop.managerTill, sale.id, {
      variantId: shirt,
      quantity: 1,
      discount: { kind: 'percent', ppm: 1_000_000 },
    });
    const early = await shop.managerTill.post(api(`/sales/${sale.id}/complete`), {
      expectedTotalMinor: 1,
    });
    expect(early.body.code).toBe('sale.total_mismatch');
    const done = await shop.managerTill.post<SaleView>(api(`/sales/${sale.id}/complete`), {
      expectedTotalMinor: 0,
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', totalMinor: 0, payments: [] });

    const owing = await newSale(shop.till);
    await addLine(shop.till, owing.id, { variantId: shirt, quantity: 1 });
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => shop.till.post(api(`/sales/${owing.id}/complete`), { expectedTotalMinor: 2164 }),
      422,
      'sale.balance_due',
    );
    const empty = await newSale(shop.till);
    const nothing = await shop.till.post(api(`/sales/${empty.id}/complete`), {
      expectedTotalMinor: 0,
    });
    expect(nothing.body.code).toBe('sale.empty');
  });

  it('reads sales over REST and GraphQL', async () => {
    const sale = await newSale(shop.till);
    await addLine(shop.till, sale.id, { variantId: shirt, quantity: 1 });
    const one = await shop.retailer.owner.get<SaleView>(api(`/sales/${sale.id}`));
    expect(one.body).toMatchObject({ id: sale.id, totalMinor: 2164 });
    const page = await shop.retailer.owner.get<SalePageView>(
      api(`/sales?registerId=${shop.registerId}&status=completed&limit=1`),
    );
    expect(page.body.sales).toHaveLength(1);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const next = await shop.retailer.owner.get<SalePageView>(
      api(
        `/sales?registerId=${shop.registerId}&status=completed&limit=1&cursor=${page.body.nextCursor}`,
      ),
    );
    expect(next.body.sales[0]?.id).not.toBe(page.body.sales[0]?.id);
    const graph = await shop.retailer.owner.graphql<{
      sale: { totals: { totalMinor: number; taxes: unknown[] }; lines: { name: string }[] };
      sales: { id: string }[];
    }>(
      `query($id: ID!) { sale(id: $id) { totals { totalMinor taxes { rateId taxMinor } }
         lines { name } } sales(status: "open") { id } }`,
      { id: sale.id },
    );
    expect(graph.body.errors).toBeUndefined();
    expect(graph.body.data?.sale.totals).toMatchObject({ totalMinor: 2164 });
    expect(graph.body.data?.sale.totals.taxes).toHaveLength(2);
    expect(graph.body.data?.sales.map((s) => s.id)).toContain(sale.id);
    const unknown = await shop.retailer.owner.graphql('{ sale(id: "nope") { id } }');
    expect(unknown.body.errors?.[0]?.extensions.code).toBe('sale.not_found');
  });
});

describe('a tax-inclusive shop', () => {
  it('extracts the tax from shelf prices, exactly as the engine does', async () => {
    const shop = await openShop(t, 'Inclusive Imports');
    await salesSettings(shop.retailer.owner, { taxMode: 'inclusive', taxRounding: 'document' });
    await defaultTax(shop.retailer.owner, [{ ratePpm: 190_000 }]);
    const bread = await createItem(shop.retailer.owner, 119, { trackStock: false });
    const wine = await createItem(shop.retailer.owner, 1099, { trackStock: false });
    const sale = await newSale(shop.till);
    await addLine(shop.till, sale.id, { variantId: bread, quantity: 3 });
    await addLine(shop.till, sale.id, { variantId: wine, quantity: 1 });
    const discounted = await shop.till.put<SaleView>(api(`/sales/${sale.id}/discount`), {
      discount: { kind: 'percent', ppm: 50_000 },
    });
    expect(discounted.status, JSON.stringify(discounted.body)).toBe(200);
    const priced = discounted.body;
    expect(priced).toMatchObject({ taxMode: 'inclusive', taxRounding: 'document' });
    expectEngineFigures(priced, {
      currency: 'USD',
      taxMode: 'inclusive',
      taxRounding: 'document',
      roundingMode: 'half_up',
      orderDiscount: { kind: 'percent', ratePpm: 50_000 },
    });
    // Shelf prices are what the customer pays: 14.56 less 5 % is 13.83, tax inside it.
    expect(priced.totals).toMatchObject({ grossMinor: 1456, orderDiscountMinor: 73 });
    expect(priced.totalMinor).toBe(1383);
    expect(priced.totals.subtotalMinor + priced.totals.taxMinor).toBe(1383);
    const done = await paid(shop.till, sale.id, {
      kind: 'external',
      amountMinor: 1383,
      reference: 'TERM-991',
    });
    expect(done).toMatchObject({ status: 'completed', receiptNumber: 1 });
    // Untracked items leave no stock movements.
    expect(await movementsOf(owner, sale.id)).toEqual([]);
  });
});
