import {
  addStaff,
  type Caller,
  createTestApp,
  pairDevice,
  pinSignIn,
  signUpRetailer,
  type TestApp,
} from '@tillpoint/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesSettings, ServerSale, TaxTable } from '../api-types.ts';
import { type CachedVariant, type Cart, type CartAction, emptyCart } from '../sale/cart.ts';
import { type SaleContext, saleContextOf } from '../sale/context.ts';
import { tryCartAction } from '../sale/guard.ts';
import { toSubmitBody } from '../sale/submit-body.ts';
import { priceCart } from '../sale/totals.ts';
import {
  type ExchangeReply,
  exchangeFigures,
  type ReturnChoice,
  returnValueMinor,
  type SaleRefund,
  toExchangeBody,
} from './exchange.ts';

// The register decides an exchange's money before sending it; the REAL platform (its routes,
// PostgreSQL) prices the return and the new sale again. Three exchanges return a discounted
// line of three units one by one, so the shares and the last unit's rounding are exercised,
// and every stored figure must equal what the register showed.

const api = (path: string) => `/api/v1${path}`;
const tag = () => Math.random().toString(36).slice(2, 8).toUpperCase();

async function created<T>(call: Promise<{ status: number; body: T }>, status = 201): Promise<T> {
  const response = await call;
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
}

let t: TestApp;
let till: Caller;
let registerId: string;
let context: SaleContext;
const byPrice = new Map<number, CachedVariant>();

beforeAll(async () => {
  t = await createTestApp();
  const retailer = await signUpRetailer(t.app, 'Exchange Shop');
  const { owner, storeId } = retailer;
  const rate = await created(
    owner.post<{ id: string }>(api('/tax-rates'), {
      code: `R-${tag()}`,
      name: 'State 8.25 %',
      ratePpm: 82_500,
    }),
  );
  const category = await created(
    owner.post<{ id: string }>(api('/catalog/tax-categories'), {
      name: `Standard ${tag()}`,
      code: `S-${tag()}`,
      isDefault: true,
    }),
  );
  await created(
    owner.put(api(`/tax-categories/${category.id}/rates`), { rateIds: [rate.id] }),
    200,
  );
  for (const priceMinor of [1333, 4999, 99])
    await created(
      owner.post(api('/catalog/products'), {
        name: `Item ${tag()}`,
        unit: 'each',
        trackStock: false,
        variants: [{ sku: `EX-${tag()}`, priceMinor }],
      }),
    );
  const manager = await addStaff(t.app, retailer, 'manager');
  const cashier = await addStaff(t.app, retailer, 'cashier', { storeIds: [storeId] });
  const paired = await pairDevice(t.app, manager.caller, storeId);
  registerId = paired.registerId;
  till = await pinSignIn(t.app, paired.device, cashier.id, cashier.pin);
  await created(
    till.post(api(`/registers/${registerId}/cash-sessions`), { counts: { '2000': 5 } }),
  );

  const taxTable = await created(till.get<TaxTable>(api(`/stores/${storeId}/tax-table`)), 200);
  const settings = await created(till.get<SalesSettings>(api('/settings/sales')), 200);
  context = saleContextOf(taxTable, settings);
  const feed = await created(
    till.get<{
      items: { variantId: string; name: string; sku: string; priceMinor: number }[];
    }>(api(`/catalog/changes?storeId=${storeId}`)),
    200,
  );
  for (const item of feed.items)
    byPrice.set(item.priceMinor, {
      id: item.variantId,
      name: item.name,
      sku: item.sku,
      priceMinor: item.priceMinor,
      taxCategoryId: null,
      unit: 'each',
    });
});
afterAll(() => t.close());

function item(priceMinor: number): CachedVariant {
  const found = byPrice.get(priceMinor);
  if (!found) throw new Error(`no item at ${priceMinor}`);
  return found;
}

/** The same goods rung up again (same ids), for a cart that then takes payments. */
function goodsActions(cart: Cart): CartAction[] {
  return [
    ...cart.lines.map(
      (line): CartAction => ({
        type: 'addVariant',
        variant: line.variant,
        quantityMilli: line.quantityMilli,
        lineId: line.id,
      }),
    ),
    ...cart.lines.flatMap((line): CartAction[] =>
      line.discount ? [{ type: 'setLineDiscount', lineId: line.id, discount: line.discount }] : [],
    ),
  ];
}

function ring(actions: readonly CartAction[]): Cart {
  let cart = emptyCart();
  for (const action of actions) {
    const result = tryCartAction(cart, action, context);
    if (!result.ok) throw result.error;
    cart = result.cart;
  }
  return cart;
}

async function stored(saleId: string) {
  const sale = await created(till.get<ServerSale>(api(`/sales/${saleId}`)), 200);
  const refunds = await created(till.get<SaleRefund[]>(api(`/sales/${saleId}/refunds`)), 200);
  return { sale, refunds };
}

describe('exchanges against the platform', () => {
  it('stores every figure the register showed, unit by unit of a discounted line', async () => {
    // Three at 13.33 with 7 % off the line (shares that do not divide evenly), and one at 0.99.
    const lineId = crypto.randomUUID();
    const goods = ring([
      { type: 'addVariant', variant: item(1333), quantityMilli: 3000, lineId },
      { type: 'addVariant', variant: item(99) },
      { type: 'setLineDiscount', lineId, discount: { kind: 'percent', ppm: 70_000 } },
    ]);
    const sold = ring([
      ...goodsActions(goods),
      {
        type: 'addPayment',
        payment: { kind: 'cash', amountMinor: priceCart(goods, context).totalMinor },
      },
    ]);
    await created(
      till.post(
        api('/sales/submit'),
        toSubmitBody(sold, context, {
          registerId,
          occurredAt: new Date().toISOString(),
          offline: false,
        }),
      ),
    );
    const oneUnit: ReturnChoice[] = [{ saleLineId: lineId, quantityMilli: 1000, restock: true }];

    const returned: number[] = [];
    // 1: for a dearer item, paying the rest in cash with change.
    // 2: for a cheaper item, the rest going back to the cash tender.
    // 3: the last unit for the same dearer item, paid in exact cash.
    const exchanges = [
      { price: 4999, cash: 'note' },
      { price: 99, cash: 'none' },
      { price: 4999, cash: 'exact' },
    ] as const;
    for (const [index, step] of exchanges.entries()) {
      const { sale, refunds } = await stored(sold.id);
      const returnMinor = returnValueMinor(sale, refunds, oneUnit);
      const goodsOut = ring([{ type: 'addVariant', variant: item(step.price) }]);
      const due = exchangeFigures(returnMinor, goodsOut, context).dueMinor;
      const cashMinor = step.cash === 'note' ? 5000 : step.cash === 'exact' ? due : 0;
      const cart = ring([
        ...goodsActions(goodsOut),
        ...(cashMinor > 0
          ? [{ type: 'addPayment', payment: { kind: 'cash', amountMinor: cashMinor } } as const]
          : []),
      ]);
      const figures = exchangeFigures(returnMinor, cart, context);
      expect(figures.settled, `exchange ${index + 1}`).toBe(true);
      const refundId = crypto.randomUUID();
      const body = toExchangeBody(cart, context, {
        refundId,
        registerId,
        sale,
        refunds,
        choices: oneUnit,
      });
      const reply = await created(till.post<ExchangeReply>(api('/exchanges'), body));
      expect(reply.refund).toMatchObject({
        id: refundId,
        kind: 'exchange',
        totalMinor: returnMinor,
      });
      expect(reply.sale).toMatchObject({
        id: cart.id,
        status: 'completed',
        totalMinor: figures.newTotalMinor,
        changeMinor: figures.changeMinor,
        cashRoundingMinor: figures.cashRoundingMinor,
      });
      expect(reply.differenceMinor).toBe(figures.differenceMinor);
      const back = reply.refund.payments
        .filter((payment) => payment.kind !== 'exchange')
        .reduce((sum, payment) => sum + payment.amountMinor, 0);
      expect(back).toBe(figures.backMinor);
      returned.push(returnMinor);

      // A replay of the same body answers the stored exchange, not a second one.
      const replay = await till.post<ExchangeReply>(api('/exchanges'), body);
      expect(replay.status).toBe(200);
      expect(replay.body.sale.id).toBe(cart.id);
    }

    // The three steps returned exactly the line's stored total, the rounding on the last one.
    const { sale, refunds } = await stored(sold.id);
    expect(refunds).toHaveLength(3);
    const line = sale.lines.find((candidate) => candidate.id === lineId);
    expect(returned.reduce((sum, value) => sum + value, 0)).toBe(line?.totalMinor);
    expect(() => returnValueMinor(sale, refunds, oneUnit)).toThrow(/cannot be refunded/);
  });

  it('stores an exchange paid on the external terminal and in cash, change on the cash', async () => {
    const goods = ring([{ type: 'addVariant', variant: item(1333) }]);
    const sold = ring([
      ...goodsActions(goods),
      {
        type: 'addPayment',
        payment: { kind: 'cash', amountMinor: priceCart(goods, context).totalMinor },
      },
    ]);
    await created(
      till.post(
        api('/sales/submit'),
        toSubmitBody(sold, context, {
          registerId,
          occurredAt: new Date().toISOString(),
          offline: false,
        }),
      ),
    );
    const { sale, refunds } = await stored(sold.id);
    const choices: ReturnChoice[] = [
      { saleLineId: sale.lines[0]?.id ?? '', quantityMilli: 1000, restock: true },
    ];
    const returnMinor = returnValueMinor(sale, refunds, choices);
    // 13.33 + tax back, 49.99 + tax out: part on the terminal, the rest in a 20 note.
    const out = ring([{ type: 'addVariant', variant: item(4999) }]);
    const dueMinor = exchangeFigures(returnMinor, out, context).dueMinor;
    const externalMinor = dueMinor - 1500;
    const cart = ring([
      ...goodsActions(out),
      {
        type: 'addPayment',
        payment: { kind: 'external', amountMinor: externalMinor, reference: 'APPR-0042' },
      },
      { type: 'addPayment', payment: { kind: 'cash', amountMinor: 2000 } },
    ]);
    const figures = exchangeFigures(returnMinor, cart, context);
    expect(figures).toMatchObject({ dueMinor: 0, changeMinor: 500, settled: true });
    const refundId = crypto.randomUUID();
    const reply = await created(
      till.post<ExchangeReply>(
        api('/exchanges'),
        toExchangeBody(cart, context, { refundId, registerId, sale, refunds, choices }),
      ),
    );
    expect(reply.sale).toMatchObject({ id: cart.id, status: 'completed', changeMinor: 500 });
    expect(reply.differenceMinor).toBe(figures.differenceMinor);

    const next = await created(till.get<ServerSale>(api(`/sales/${cart.id}`)), 200);
    expect(next).toMatchObject({
      totalMinor: figures.newTotalMinor,
      paidMinor: figures.newTotalMinor,
      balanceDueMinor: 0,
      changeMinor: 500,
    });
    expect(
      next.payments.map((payment) => ({
        kind: payment.kind,
        tendered: payment.tenderedMinor,
        applied: payment.appliedMinor,
        change: payment.changeMinor,
        reference: payment.reference,
      })),
    ).toEqual([
      {
        kind: 'other',
        tendered: returnMinor,
        applied: returnMinor,
        change: 0,
        reference: `exchange:${refundId}`,
      },
      {
        kind: 'external',
        tendered: externalMinor,
        applied: externalMinor,
        change: 0,
        reference: 'APPR-0042',
      },
      { kind: 'cash', tendered: 2000, applied: 1500, change: 500, reference: null },
    ]);
  });
});
