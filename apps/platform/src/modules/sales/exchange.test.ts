import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, type Caller, type TestApp } from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import type { ExchangeView } from './exchange-schemas.ts';
import type { RefundView } from './refund-schemas.ts';
import {
  api,
  createCustomer,
  expectRefusedWithoutTrace,
  fingerprint,
  lineOf,
  onHand,
  openShop,
  type ReturnSpec,
  returnLines,
  type Shop,
  sell,
  stockedItem,
  storeCredit,
} from './refund-test-support.ts';
import type { SaleView } from './sale-schemas.ts';

// An exchange settles a return and a new sale together: the return's value pays the new sale,
// the customer pays any difference, and the store gives back any excess like a refund would.

let t: TestApp;
let owner: pg.Client;
let shop: Shop;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  shop = await openShop(t, 'Swap Shop');
});
afterAll(() => closeAppWithOwner({ t, owner }));

const item = (priceMinor: number) => stockedItem(shop, priceMinor, 10);

function exchangeBody(
  sale: SaleView,
  returned: readonly ReturnSpec[],
  next: {
    lines: { variantId: string; quantity: number }[];
    payments?: Record<string, unknown>[];
    expectedTotalMinor: number;
  },
  extra: Record<string, unknown> = {},
) {
  return {
    return: { saleId: sale.id, lines: returnLines(returned) },
    sale: {
      id: randomUUID(),
      lines: next.lines.map((line) => ({ id: randomUUID(), ...line })),
      payments: (next.payments ?? []).map((payment) => ({ id: randomUUID(), ...payment })),
      expectedTotalMinor: next.expectedTotalMinor,
    },
    ...extra,
  };
}

const post = (caller: Caller, body: unknown) => caller.post<ExchangeView>(api('/exchanges'), body);

async function cashSale(
  variantId: string,
  quantity: number,
  priceMinor: number,
  customerId?: string,
) {
  return sell(shop.till, {
    ...(customerId ? { customerId } : {}),
    lines: [{ variantId, quantity }],
    payments: [{ kind: 'cash', amountMinor: quantity * priceMinor }],
    expectedTotalMinor: quantity * priceMinor,
  });
}

describe('exchanges', () => {
  it('swaps items of equal value with no money changing hands', async () => {
    const small = await item(2500);
    const large = await item(2500);
    const sale = await cashSale(small, 1, 2500);
    const response = await post(
      shop.till,
      exchangeBody(sale, [{ saleLineId: lineOf(sale, small).id, quantity: 1 }], {
        lines: [{ variantId: large, quantity: 1 }],
        expectedTotalMinor: 2500,
      }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const { refund, sale: next, differenceMinor } = response.body;
    expect(differenceMinor).toBe(0);
    expect(refund).toMatchObject({
      kind: 'exchange',
      destination: 'exchange',
      saleId: sale.id,
      exchangeSaleId: next.id,
      totalMinor: 2500,
      paidOutMinor: 2500,
    });
    expect(refund.payments.map((p) => [p.kind, p.amountMinor])).toEqual([['exchange', 2500]]);
    expect(next.status).toBe('completed');
    expect(next.payments).toEqual([
      expect.objectContaining({
        kind: 'other',
        appliedMinor: 2500,
        reference: `exchange:${refund.id}`,
      }),
    ]);
    expect(await onHand(owner, shop.retailer.storeId, small)).toBe(10);
    expect(await onHand(owner, shop.retailer.storeId, large)).toBe(9);
    expect(next.receiptNumber).toBeGreaterThan(refund.receiptNumber);
    const ofSale = await shop.till.get<RefundView[]>(api(`/sales/${sale.id}/refunds`));
    expect(ofSale.body.map((r) => r.id)).toEqual([refund.id]);
    // The cash tender of the first sale was not touched.
    const cash = await owner.query(
      'select refunded_minor::int as r from sale_payments where sale_id = $1',
      [sale.id],
    );
    expect(cash.rows).toEqual([{ r: 0 }]);
  });

  it('takes the difference from the customer when the new sale costs more', async () => {
    const shirt = await item(2000);
    const jacket = await item(4500);
    const sale = await cashSale(shirt, 2, 2000);
    const response = await post(
      shop.till,
      exchangeBody(sale, [{ saleLineId: lineOf(sale, shirt).id, quantity: 1 }], {
        lines: [{ variantId: jacket, quantity: 1 }],
        payments: [{ kind: 'cash', amountMinor: 3000 }],
        expectedTotalMinor: 4500,
      }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const { refund, sale: next, differenceMinor } = response.body;
    expect(differenceMinor).toBe(2500);
    expect(refund.payments.map((p) => [p.kind, p.amountMinor])).toEqual([['exchange', 2000]]);
    expect(next.payments.map((p) => [p.kind, p.appliedMinor, p.changeMinor])).toEqual([
      ['other', 2000, 0],
      ['cash', 2500, 500],
    ]);
    expect(next.paidMinor).toBe(4500);

    // Not enough for the difference: refused, and nothing of either half is written.
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () =>
        post(
          shop.till,
          exchangeBody(sale, [{ saleLineId: lineOf(sale, shirt).id, quantity: 1 }], {
            lines: [{ variantId: jacket, quantity: 1 }],
            payments: [{ kind: 'external', amountMinor: 1000, reference: 'X1' }],
            expectedTotalMinor: 4500,
          }),
        ),
      422,
      'sale.balance_due',
    );
  });

  it('gives the rest back when the return is worth more: tenders, or store credit', async () => {
    const boots = await item(8000);
    const socks = await item(1000);
    const customerId = await createCustomer(owner, shop.retailer.tenantId);
    const sale = await cashSale(boots, 2, 8000, customerId);
    const first = await post(
      shop.till,
      exchangeBody(sale, [{ saleLineId: lineOf(sale, boots).id, quantity: 1 }], {
        lines: [{ variantId: socks, quantity: 2 }],
        expectedTotalMinor: 2000,
      }),
    );
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.differenceMinor).toBe(-6000);
    expect(first.body.refund.payments.map((p) => [p.kind, p.amountMinor])).toEqual([
      ['exchange', 2000],
      ['cash', 6000],
    ]);
    // The new sale carries the customer of the returned one.
    expect(first.body.sale.customerId).toBe(customerId);

    const second = await post(
      shop.till,
      exchangeBody(sale, [{ saleLineId: lineOf(sale, boots).id, quantity: 1 }], {
        lines: [{ variantId: socks, quantity: 1 }],
        expectedTotalMinor: 1000,
      }),
    );
    expect(second.status).toBe(201);
    expect(second.body.refund.payments.map((p) => [p.kind, p.amountMinor])).toEqual([
      ['exchange', 1000],
      ['cash', 7000],
    ]);
    const credit = await owner.query(
      'select refunded_minor::int as r from sale_payments where sale_id = $1',
      [sale.id],
    );
    expect(credit.rows).toEqual([{ r: 13_000 }]);

    const storeCreditSale = await cashSale(boots, 1, 8000, customerId);
    const body = exchangeBody(
      storeCreditSale,
      [{ saleLineId: lineOf(storeCreditSale, boots).id, quantity: 1 }],
      { lines: [{ variantId: socks, quantity: 1 }], expectedTotalMinor: 1000 },
    );
    const credited = await post(shop.till, {
      ...body,
      return: { ...body.return, destination: 'store_credit' },
    });
    expect(credited.status, JSON.stringify(credited.body)).toBe(201);
    expect(credited.body.refund.payments.map((p) => [p.kind, p.amountMinor])).toEqual([
      ['exchange', 1000],
      ['store_credit', 7000],
    ]);
    expect(await storeCredit(owner, customerId)).toBe(7000);
  });

  it('answers a replay with the stored exchange and refuses what does not hold', async () => {
    const tee = await item(1500);
    const sale = await cashSale(tee, 2, 1500);
    const body = {
      id: randomUUID(),
      ...exchangeBody(sale, [{ saleLineId: lineOf(sale, tee).id, quantity: 1 }], {
        lines: [{ variantId: tee, quantity: 1 }],
        expectedTotalMinor: 1500,
      }),
    };
    const first = await post(shop.till, body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const before = await fingerprint(owner, shop.retailer.tenantId);
    const again = await post(shop.till, body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await fingerprint(owner, shop.retailer.tenantId)).toEqual(before);

    const fresh = () =>
      exchangeBody(sale, [{ saleLineId: lineOf(sale, tee).id, quantity: 1 }], {
        lines: [{ variantId: tee, quantity: 1 }],
        expectedTotalMinor: 1500,
      });
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => post(shop.till, { ...fresh(), sale: { ...fresh().sale, id: first.body.sale.id } }),
      409,
      'sale.id_conflict',
    );
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => post(shop.till, { ...fresh(), sale: { ...fresh().sale, expectedTotalMinor: 1499 } }),
      422,
      'sale.total_mismatch',
    );
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () =>
        post(shop.till, {
          ...fresh(),
          return: {
            saleId: sale.id,
            lines: returnLines([{ saleLineId: lineOf(sale, tee).id, quantity: 2 }]),
          },
        }),
      422,
      'refund.over_refund',
    );
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => post(shop.till, exchangeBody(sale, [], { lines: [], expectedTotalMinor: 0 })),
      400,
      'validation.failed',
    );
    const accountant = await addStaff(t.app, shop.retailer, 'accountant');
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => post(accountant.caller, { ...fresh(), registerId: shop.registerId }),
      403,
      'auth.forbidden',
    );
  });
});
