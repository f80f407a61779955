import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import type { SalePageView } from './sale-schemas.ts';
import {
  addLine,
  api,
  createItem,
  newSale,
  openDrawer,
  openShop,
  paid,
  type Shop,
  secondTill,
} from './test-support.ts';

let t: TestApp;
let owner: pg.Client;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
});
afterAll(() => closeAppWithOwner({ t, owner }));

async function cashSale(shop: Shop, caller = shop.till): Promise<string> {
  const variantId = await createItem(shop.retailer.owner, 500, { trackStock: false });
  const sale = await newSale(caller);
  await addLine(caller, sale.id, { variantId, quantity: 1 });
  await paid(caller, sale.id, { kind: 'cash', amountMinor: 1000 });
  return sale.id;
}

// Returns start from the number on the customer's receipt: numbers are per register, so the
// register asks for its own number (or another register's, when the customer bought elsewhere).
describe('finding a sale by its receipt number', () => {
  it('finds the one sale of a register with that number, and not another register’s', async () => {
    const shop = await openShop(t, 'Receipt Lookup');
    await openDrawer(shop.till, shop.registerId);
    const other = await secondTill(t, shop);
    await openDrawer(other.till, other.registerId);
    const first = await cashSale(shop);
    const second = await cashSale(shop);
    const elsewhere = await cashSale(shop, other.till);

    const lookup = (registerId: string, receiptNumber: number | string) =>
      shop.till.get<SalePageView>(
        api(`/sales?registerId=${registerId}&receiptNumber=${receiptNumber}`),
      );
    const one = await lookup(shop.registerId, 2);
    expect(one.status).toBe(200);
    expect(one.body.sales.map((sale) => sale.id)).toEqual([second]);
    // The printed form has leading zeros; the number is what counts.
    expect((await lookup(shop.registerId, '000001')).body.sales.map((s) => s.id)).toEqual([first]);
    expect((await lookup(other.registerId, 1)).body.sales.map((s) => s.id)).toEqual([elsewhere]);
    expect((await lookup(shop.registerId, 99)).body.sales).toEqual([]);

    const storeWide = await shop.till.get<SalePageView>(
      api(`/sales?storeId=${shop.retailer.storeId}&receiptNumber=1`),
    );
    expect(new Set(storeWide.body.sales.map((s) => s.id))).toEqual(new Set([first, elsewhere]));
  });

  it('refuses a receipt number that is not a positive whole number', async () => {
    const shop = await openShop(t, 'Receipt Lookup Refusals');
    for (const bad of ['0', '-3', '1.5', 'abc', '99999999999']) {
      const response = await shop.till.get(api(`/sales?receiptNumber=${bad}`));
      expect(response.status, bad).toBe(400);
    }
  });

  it('does not find another retailer’s sale with the same number', async () => {
    const mine = await openShop(t, 'Receipt Lookup Mine');
    const theirs = await openShop(t, 'Receipt Lookup Theirs');
    await openDrawer(theirs.till, theirs.registerId);
    await cashSale(theirs);
    const response = await mine.till.get<SalePageView>(api('/sales?receiptNumber=1'));
    expect(response.status).toBe(200);
    expect(response.body.sales).toEqual([]);
    const foreign = await mine.till.get(
      api(`/sales?registerId=${theirs.registerId}&receiptNumber=1`),
    );
    expect(foreign.status === 404 || (foreign.body as SalePageView).sales.length === 0).toBe(true);
  });
});
