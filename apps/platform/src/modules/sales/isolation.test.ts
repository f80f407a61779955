import { randomBytes } from 'node:crypto';
import { connectAsAppRole, connectAsOwner } from '@tillpoint/db/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, createTestApp, type Response, type TestApp } from '../../testing/index.ts';
import { expectOnlyOwnRows, inTransaction, rowsChanged } from '../../testing/rls.ts';
import type { SalePageView, SaleView } from './sale-schemas.ts';
import {
  addLine,
  api,
  createItem,
  expectRefusedWithoutTrace,
  newSale,
  openShop,
  paid,
  type Shop,
} from './test-support.ts';

// Sales are a tenant's and a store's: another tenant cannot see or touch them (row-level
// security underneath the services), and staff only sell and read in their own stores.

let t: TestApp;
let owner: pg.Client;
let app: pg.Client;
let a: Shop;
let b: Shop;
let aSale: SaleView;
let bSale: SaleView;

/** A completed sale of a gift card (lines, payment, card, card entry, receipt number). */
async function completedSale(shop: Shop): Promise<SaleView> {
  const sale = await newSale(shop.till);
  await addLine(shop.till, sale.id, {
    kind: 'gift_card',
    giftCardCode: `ISO${randomBytes(6).toString('hex').toUpperCase()}`,
    amountMinor: 2500,
  });
  return paid(shop.till, sale.id, { kind: 'external', amountMinor: 2500, reference: 'ISO' });
}

beforeAll(async () => {
  t = await createTestApp();
  owner = await connectAsOwner();
  app = await connectAsAppRole();
  a = await openShop(t, 'Isolated Apparel');
  b = await openShop(t, 'Isolated Bikes');
  aSale = await completedSale(a);
  bSale = await completedSale(b);
});
afterAll(async () => {
  await app.end();
  await owner.end();
  await t.close();
});

describe('another tenant', () => {
  it('cannot read, change, pay or void the sale', async () => {
    const item = await createItem(a.retailer.owner, 1000, { trackStock: false });
    const open = await newSale(a.till);
    await addLine(a.till, open.id, { variantId: item, quantity: 1 });
    const intruder = b.retailer.owner;
    const read = await intruder.get(api(`/sales/${open.id}`));
    expect(read.status).toBe(404);
    expect(read.body.code).toBe('sale.not_found');
    const attempts = [
      () =>
        b.till.post(api(`/sales/${open.id}/payments`), {
          kind: 'external',
          amountMinor: 1000,
          reference: 'X',
        }),
      () => b.managerTill.post(api(`/sales/${open.id}/void`), { reason: 'Mine now' }),
      () => b.till.post(api(`/sales/${open.id}/lines`), { variantId: item, quantity: 1 }),
      () => b.till.post(api(`/sales/${open.id}/park`)),
      () => b.till.put(api(`/sales/${open.id}/customer`), { customerId: null }),
    ];
    for (const attempt of attempts) {
      await expectRefusedWithoutTrace(owner, a.retailer.tenantId, attempt, 404, 'sale.not_found');
    }
    const list = await intruder.get<SalePageView>(api('/sales'));
    expect(list.body.sales.map((sale) => sale.id)).not.toContain(open.id);
    expect(list.body.sales.map((sale) => sale.id)).toContain(bSale.id);
    const theirRegister = await intruder.post(api('/sales'), { registerId: a.registerId });
    expect(theirRegister.body.code).toBe('register.not_found');
    const graph = await intruder.graphql(`{ sale(id: "${open.id}") { id } }`);
    expect(graph.body.errors?.[0]?.extensions.code).toBe('sale.not_found');
    // Sale ids are global: reusing one is a conflict, and says nothing about the other sale.
    const stolenId = await b.till.post(api('/sales'), { id: open.id });
    expect(stolenId.status).toBe(409);
    expect(stolenId.body).not.toHaveProperty('details.status');
  });
});

describe('store access', () => {
  it('keeps staff to the stores they work in', async () => {
    const store = await a.retailer.owner.post<{ id: string }>(api('/stores'), {
      name: `Uptown ${randomBytes(2).toString('hex')}`,
      timezone: 'America/Chicago',
    });
    const uptownCashier = await addStaff(t.app, a.retailer, 'cashier', {
      storeIds: [store.body.id],
    });
    const elsewhere = uptownCashier.caller;
    const refused = (attempt: () => Promise<Response>) =>
      expectRefusedWithoutTrace(owner, a.retailer.tenantId, attempt, 403, 'auth.store_forbidden');
    await refused(() => elsewhere.get(api(`/sales/${aSale.id}`)));
    await refused(() => elsewhere.post(api('/sales'), { registerId: a.registerId }));
    await refused(() => elsewhere.post(api(`/sales/${aSale.id}/void`), { reason: 'Not my store' }));
    await refused(() => elsewhere.get(api(`/sales?storeId=${a.retailer.storeId}`)));
    const own = await elsewhere.get<SalePageView>(api('/sales'));
    expect(own.status).toBe(200);
    expect(own.body.sales).toEqual([]);

    const accountant = await addStaff(t.app, a.retailer, 'accountant');
    const reads = await accountant.caller.get<SaleView>(api(`/sales/${aSale.id}`));
    expect(reads.status).toBe(200);
    await expectRefusedWithoutTrace(
      owner,
      a.retailer.tenantId,
      () => accountant.caller.post(api('/sales'), { registerId: a.registerId }),
      403,
      'auth.forbidden',
    );
  });
});

const SALES_TABLES = [
  'sales',
  'sale_lines',
  'sale_payments',
  'receipt_numbers',
  'gift_cards',
  'gift_card_entries',
] as const;

describe('row-level security on the sales tables', () => {
  for (const table of SALES_TABLES) {
    it(`${table}: no rows without a tenant, only its own rows with one`, async () => {
      await expectOnlyOwnRows(app, table, a.retailer.tenantId, b.retailer.tenantId);
      const writable = table !== 'receipt_numbers' && table !== 'gift_card_entries';
      if (writable) {
        const changed = await rowsChanged(
          app,
          a.retailer.tenantId,
          `update ${table} set tenant_id = tenant_id where tenant_id = $1`,
          [b.retailer.tenantId],
        );
        expect(changed).toBe(0);
      }
    });
  }

  it("refuses writing a row into another tenant's sale", async () => {
    await expect(
      inTransaction(app, a.retailer.tenantId, () =>
        app.query(
          `insert into sale_payments (tenant_id, sale_id, position, kind, tendered_minor,
             applied_minor, change_minor, reference)
           values ($1, $2, 9, 'external', 1, 1, 0, 'sneaky')`,
          [b.retailer.tenantId, bSale.id],
        ),
      ),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('gives the app role no way to delete or rewrite receipt numbers and ledgers', async () => {
    for (const [table, statement] of [
      ['receipt_numbers', 'delete from receipt_numbers'],
      ['receipt_numbers', 'update receipt_numbers set number = number + 1'],
      ['gift_card_entries', 'delete from gift_card_entries'],
      ['sale_payments', 'delete from sale_payments'],
      ['sales', 'delete from sales'],
    ] as const) {
      await expect(
        inTransaction(app, a.retailer.tenantId, () => app.query(statement)),
        table,
      ).rejects.toMatchObject({ code: '42501' });
    }
    expect(aSale.receiptNumber).toBe(1);
  });
});
