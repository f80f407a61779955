import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import {
  addLine,
  createItem,
  newSale,
  onHand,
  openShop,
  pay,
  type Shop,
  secondTill,
  stockUp,
} from './test-support.ts';

let t: TestApp;
let owner: pg.Client;
let shop: Shop;
let item: string;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  shop = await openShop(t, 'Rush Hour Retail');
  item = await createItem(shop.retailer.owner, 3000);
  await stockUp(shop.retailer.owner, shop.retailer.storeId, item, 100);
});
afterAll(() => closeAppWithOwner({ t, owner }));

describe('two requests on one sale', () => {
  it('serializes two payments: the second sees what the first left due', async () => {
    const sale = await newSale(shop.till);
    await addLine(shop.till, sale.id, { variantId: item, quantity: 1 });
    const tender = { kind: 'external', amountMinor: 2000, reference: 'RACE' };
    const answers = await Promise.all([
      pay(shop.till, sale.id, tender),
      pay(shop.managerTill, sale.id, tender),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
    expect(answers.map((a) => a.body.code ?? 'ok').sort()).toEqual([
      'ok',
      'payment.amount_exceeds_balance',
    ]);
    const { rows } = await owner.query(
      'select paid_minor::int as paid, total_minor::int as total from sales where id = $1',
      [sale.id],
    );
    expect(rows[0]).toEqual({ paid: 2000, total: 3000 });
  });

  it('completes once when two registers settle the same sale at once', async () => {
    const sale = await newSale(shop.till);
    await addLine(shop.till, sale.id, { variantId: item, quantity: 1 });
    const before = await onHand(owner, shop.retailer.storeId, item);
    const tender = { kind: 'external', amountMinor: 3000, reference: 'BOTH' };
    const answers = await Promise.all([
      pay(shop.till, sale.id, tender),
      pay(shop.managerTill, sale.id, tender),
    ]);
    expect(answers.map((a) => a.body.code ?? 'ok').sort()).toEqual([
      'ok',
      'sale.already_completed',
    ]);
    expect(await onHand(owner, shop.retailer.storeId, item)).toBe(before - 1);
    const { rows } = await owner.query(
      "select count(*)::int as n from sale_payments where sale_id = $1 and status = 'captured'",
      [sale.id],
    );
    expect(rows[0].n).toBe(1);
  });
});

describe('receipt numbers', () => {
  it('are gapless and unique per register when many sales complete at once', async () => {
    const other = await secondTill(t, shop);
    const count = 12;
    const sales: { id: string; register: string }[] = [];
    for (let index = 0; index < count; index += 1) {
      const till = index % 3 === 0 ? other.till : shop.till;
      const sale = await newSale(till);
      await addLine(till, sale.id, { variantId: item, quantity: 1 });
      sales.push({ id: sale.id, register: sale.registerId });
    }
    const before = await onHand(owner, shop.retailer.storeId, item);
    const answers = await Promise.all(
      sales.map((sale, index) =>
        pay(index % 3 === 0 ? other.till : shop.till, sale.id, {
          kind: 'external',
          amountMinor: 3000,
          reference: `R${index}`,
        }),
      ),
    );
    for (const answer of answers) expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    for (const registerId of [shop.registerId, other.registerId]) {
      const numbers = answers
        .filter((answer) => answer.body.registerId === registerId)
        .map((answer) => answer.body.receiptNumber)
        .sort((a, b) => (a ?? 0) - (b ?? 0));
      // The first register already numbered the sales of the tests above.
      const { rows } = await owner.query<{ number: string }>(
        'select number from receipt_numbers where register_id = $1 order by number',
        [registerId],
      );
      const all = rows.map((row) => Number(row.number));
      expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
      expect(numbers).toEqual(all.slice(all.length - numbers.length));
      const { rows: register } = await owner.query(
        'select last_receipt_number::int as last from registers where id = $1',
        [registerId],
      );
      expect(register[0].last).toBe(all.length);
    }
    expect(await onHand(owner, shop.retailer.storeId, item)).toBe(before - count);
  });
});
