import { randomUUID } from 'node:crypto';
import { priceSale } from '@tillpoint/domain';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller, TestApp } from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import type { SaleView } from './sale-schemas.ts';
import {
  type Answer,
  api,
  createItem,
  defaultTax,
  expectRefusedWithoutTrace,
  movementsOf,
  onHand,
  openDrawer,
  openShop,
  type Shop,
  secondTill,
  stockUp,
} from './test-support.ts';

let t: TestApp;
let owner: pg.Client;
let shop: Shop;
let rate: string;
let tea: string;
let pot: string;

const RATE_PPM = 82_500;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  shop = await openShop(t, 'Outbox Outfitters');
  [rate = ''] = await defaultTax(shop.retailer.owner, [{ ratePpm: RATE_PPM }]);
  tea = await createItem(shop.retailer.owner, 450);
  pot = await createItem(shop.retailer.owner, 2599);
  await stockUp(shop.retailer.owner, shop.retailer.storeId, tea, 100);
  await stockUp(shop.retailer.owner, shop.retailer.storeId, pot, 1);
  await openDrawer(shop.till, shop.registerId);
});
afterAll(() => closeAppWithOwner({ t, owner }));

interface Line {
  id: string;
  variantId: string;
  quantity: number;
  priceMinor: number;
  priceOverrideMinor?: number;
}

/** A register's sale, its total computed with the shared engine as the register does. */
function build(lines: Omit<Line, 'id'>[], options: { offline?: boolean; cash?: boolean } = {}) {
  const withIds = lines.map((line) => ({ ...line, id: randomUUID() }));
  const priced = priceSale({
    currency: 'USD',
    taxMode: 'exclusive',
    taxRounding: 'line',
    roundingMode: 'half_up',
    lines: withIds.map((line) => ({
      id: line.id,
      quantity: line.quantity,
      unitPriceMinor: line.priceMinor,
      ...(line.priceOverrideMinor === undefined
        ? {}
        : { priceOverrideMinor: line.priceOverrideMinor }),
      taxRates: [{ id: rate, ratePpm: RATE_PPM }],
    })),
  });
  const total = priced.totals.totalMinor;
  return {
    id: randomUUID(),
    occurredAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
    offline: options.offline ?? false,
    lines: withIds.map(({ id, variantId, quantity, priceOverrideMinor }) => ({
      id,
      variantId,
      quantity,
      ...(priceOverrideMinor === undefined ? {} : { priceOverrideMinor }),
    })),
    payments: [
      options.cash === false
        ? { id: randomUUID(), kind: 'external', amountMinor: total, reference: 'T-1' }
        : { id: randomUUID(), kind: 'cash', amountMinor: Math.ceil(total / 500) * 500 },
    ],
    expectedTotalMinor: total,
  };
}

const submit = (caller: Caller, body: unknown) =>
  caller.post<Answer<SaleView>>(api('/sales/submit'), body);

async function rowsOf(saleId: string) {
  const { rows } = await owner.query(
    `select (select count(*)::int from sales where id = $1) as sales,
       (select count(*)::int from receipt_numbers where document_id = $1) as receipts,
       (select count(*)::int from sale_payments where sale_id = $1) as payments,
       (select count(*)::int from stock_movements where reference_id = $1) as movements`,
    [saleId],
  );
  return rows[0];
}

describe('POST /sales/submit', () => {
  it('creates, prices, pays and completes a sale in one call', async () => {
    const body = build([
      { variantId: tea, quantity: 3, priceMinor: 450 },
      { variantId: tea, quantity: 1, priceMinor: 450 },
    ]);
    const response = await submit(shop.till, body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({
      id: body.id,
      status: 'completed',
      origin: 'online',
      totalMinor: body.expectedTotalMinor,
      paidMinor: body.expectedTotalMinor,
      receiptNumber: expect.any(Number),
      flags: [],
    });
    expect(Date.parse(response.body.occurredAt)).toBe(Date.parse(body.occurredAt));
    expect(response.body.lines.map((line) => line.id)).toEqual(body.lines.map((line) => line.id));
    expect(response.body.payments[0]?.id).toBe(body.payments[0]?.id);
    expect(await movementsOf(owner, body.id)).toHaveLength(2);
  });

  it('answers replays with the stored sale: one sale, one receipt number, stock moved once', async () => {
    const body = build([{ variantId: tea, quantity: 2, priceMinor: 450 }]);
    const stock = await onHand(owner, shop.retailer.storeId, tea);
    const first = await submit(shop.till, body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const again = await submit(shop.till, body);
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body.receiptNumber).toBe(first.body.receiptNumber);
    }
    expect(await rowsOf(body.id)).toEqual({ sales: 1, receipts: 1, payments: 1, movements: 1 });
    expect(await onHand(owner, shop.retailer.storeId, tea)).toBe(stock - 2);

    // Ten copies at once (a register retrying on several connections): still one sale.
    const racing = build([{ variantId: tea, quantity: 1, priceMinor: 450 }]);
    const answers = await Promise.all(Array.from({ length: 10 }, () => submit(shop.till, racing)));
    expect(answers.map((a) => a.status).sort()).toEqual([
      200, 200, 200, 200, 200, 200, 200, 200, 200, 201,
    ]);
    expect(new Set(answers.map((a) => a.body.receiptNumber)).size).toBe(1);
    expect(await rowsOf(racing.id)).toEqual({ sales: 1, receipts: 1, payments: 1, movements: 1 });
    expect(await onHand(owner, shop.retailer.storeId, tea)).toBe(stock - 3);
  });

  it('refuses another body under an id already used, writing nothing', async () => {
    const body = build([{ variantId: tea, quantity: 1, priceMinor: 450 }]);
    expect((await submit(shop.till, body)).status).toBe(201);
    const changed = { ...body, lines: [{ ...body.lines[0], quantity: 2 }] };
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => submit(shop.till, changed),
      409,
      'sale.id_conflict',
    );
    const online = await shop.till.post(api('/sales'), { id: body.id });
    expect(online.body.code).toBe('sale.id_conflict');
  });

  it('refuses a tampered total or an unpaid sale and writes nothing', async () => {
    const body = build([{ variantId: tea, quantity: 2, priceMinor: 450 }]);
    const tampered = await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => submit(shop.till, { ...body, expectedTotalMinor: body.expectedTotalMinor - 1 }),
      422,
      'sale.total_mismatch',
    );
    expect(tampered.body.details).toEqual({
      expectedTotalMinor: body.expectedTotalMinor - 1,
      totalMinor: body.expectedTotalMinor,
    });
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () =>
        submit(shop.till, {
          ...body,
          payments: [{ id: randomUUID(), kind: 'external', amountMinor: 100, reference: 'P' }],
        }),
      422,
      'sale.balance_due',
    );
    // The id stayed free: the honest body goes through.
    expect((await submit(shop.till, body)).status).toBe(201);
  });

  it('completes a fully discounted sale without a payment, and refuses an unpaid one', async () => {
    const free = build([{ variantId: tea, quantity: 1, priceMinor: 450 }]);
    const body = {
      ...free,
      orderDiscount: { kind: 'percent', ppm: 1_000_000 },
      payments: [],
      expectedTotalMinor: 0,
    };
    const response = await submit(shop.managerTill, body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({ status: 'completed', totalMinor: 0, paidMinor: 0 });
    expect(await rowsOf(body.id)).toEqual({ sales: 1, receipts: 1, payments: 0, movements: 1 });

    const unpaid = build([{ variantId: tea, quantity: 1, priceMinor: 450 }]);
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => submit(shop.till, { ...unpaid, payments: [] }),
      422,
      'sale.balance_due',
    );
  });

  it('refuses online what the shelf does not hold', async () => {
    const body = build([{ variantId: pot, quantity: 2, priceMinor: 2599 }], { cash: false });
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => submit(shop.till, body),
      422,
      'inventory.insufficient_stock',
    );
  });

  it('accepts an offline sale that took stock below zero, with flags instead of refusals', async () => {
    const drawerless = await secondTill(t, shop);
    const body = {
      ...build(
        [
          { variantId: pot, quantity: 3, priceMinor: 2599 },
          { variantId: tea, quantity: 1, priceMinor: 450, priceOverrideMinor: 400 },
        ],
        { offline: true },
      ),
      offlineReference: 'OFF-0007',
    };
    const response = await submit(drawerless.till, body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({
      status: 'completed',
      origin: 'offline',
      offlineReference: 'OFF-0007',
      registerId: drawerless.registerId,
      receiptNumber: 1,
    });
    expect(Date.parse(response.body.occurredAt)).toBe(Date.parse(body.occurredAt));
    const codes = response.body.flags.map((flag) => flag.code).sort();
    expect(codes).toEqual(['approval_missing', 'no_cash_session', 'stock_negative']);
    expect(response.body.flags).toContainEqual(
      expect.objectContaining({ code: 'stock_negative', variantId: pot, onHand: -2 }),
    );
    expect(response.body.flags).toContainEqual(
      expect.objectContaining({
        code: 'approval_missing',
        action: 'sale.price_override',
        lineId: body.lines[1]?.id,
      }),
    );
    expect(await onHand(owner, shop.retailer.storeId, pot)).toBe(-2);
    const { rows } = await owner.query(
      `select occurred_at from stock_movements where reference_id = $1`,
      [body.id],
    );
    for (const row of rows)
      expect(new Date(row.occurred_at).getTime()).toBe(Date.parse(body.occurredAt));
  });

  it('takes an item archived while the register was offline, flagged; online it is refused', async () => {
    const retired = await createItem(shop.retailer.owner, 450, { trackStock: false });
    const archived = await shop.retailer.owner.post(api(`/catalog/variants/${retired}/archive`));
    expect(archived.status, JSON.stringify(archived.body)).toBe(200);
    const online = build([{ variantId: retired, quantity: 1, priceMinor: 450 }]);
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => submit(shop.till, online),
      422,
      'sale.variant_archived',
    );
    const offline = build([{ variantId: retired, quantity: 1, priceMinor: 450 }], {
      offline: true,
    });
    const response = await submit(shop.till, offline);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.flags).toEqual([
      expect.objectContaining({ code: 'variant_archived', variantId: retired }),
    ]);
  });

  it('keeps the price an offline register charged after a price change, flagged; online it is refused', async () => {
    const scarf = await createItem(shop.retailer.owner, 1_000, { trackStock: false });
    const repriced = await shop.retailer.owner.patch(api(`/catalog/variants/${scarf}`), {
      priceMinor: 1_200,
    });
    expect(repriced.status, JSON.stringify(repriced.body)).toBe(200);
    const atOldPrice = (offline: boolean) => {
      const body = build([{ variantId: scarf, quantity: 2, priceMinor: 1_000 }], { offline });
      return {
        ...body,
        lines: body.lines.map((line) => ({
          ...line,
          unitPriceMinor: 1_000,
          taxRates: [{ id: rate, ratePpm: RATE_PPM }],
        })),
      };
    };
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => submit(shop.till, atOldPrice(false)),
      422,
      'sale.price_changed',
    );
    const offline = atOldPrice(true);
    const response = await submit(shop.till, offline);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    // 2 x 10.00 + 8.25 % = 21.65: what the customer paid, not 2 x 12.00 at today's price.
    expect(response.body.totalMinor).toBe(2_165);
    expect(response.body.flags).toEqual([
      expect.objectContaining({ code: 'price_changed', variantId: scarf }),
    ]);
    // A rate id that is not this tenant's is tampering, not a stale cache: refused, even offline.
    const foreign = atOldPrice(true);
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () =>
        submit(shop.till, {
          ...foreign,
          lines: foreign.lines.map((line) => ({
            ...line,
            taxRates: [{ id: randomUUID(), ratePpm: RATE_PPM }],
          })),
        }),
      404,
      'tax_rate.not_found',
    );
  });

  it('still checks stored value offline: a gift card must hold what is spent', async () => {
    const body = build([{ variantId: tea, quantity: 1, priceMinor: 450 }], { offline: true });
    const total = body.expectedTotalMinor;
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () =>
        submit(shop.till, {
          ...body,
          payments: [
            {
              id: randomUUID(),
              kind: 'gift_card',
              amountMinor: total,
              giftCardCode: 'EMPTY0000001',
            },
          ],
        }),
      404,
      'gift_card.not_found',
    );
    const sold = build([], { offline: false });
    const cardSale = await submit(shop.till, {
      ...sold,
      lines: [
        { id: randomUUID(), kind: 'gift_card', giftCardCode: 'SMALLCARD001', amountMinor: 100 },
      ],
      payments: [{ id: randomUUID(), kind: 'external', amountMinor: 100, reference: 'GC' }],
      expectedTotalMinor: 100,
    });
    expect(cardSale.status, JSON.stringify(cardSale.body)).toBe(201);
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () =>
        submit(shop.till, {
          ...body,
          payments: [
            {
              id: randomUUID(),
              kind: 'gift_card',
              amountMinor: total,
              giftCardCode: 'SMALLCARD001',
            },
          ],
        }),
      422,
      'gift_card.insufficient_balance',
    );
  });

  it('needs a register: the device of the session, or a named one from the back office', async () => {
    const body = build([{ variantId: tea, quantity: 1, priceMinor: 450 }], { cash: false });
    const noRegister = await submit(shop.manager.caller, body);
    expect(noRegister.body.code).toBe('sale.register_required');
    const named = await submit(shop.manager.caller, { ...body, registerId: shop.registerId });
    expect(named.status, JSON.stringify(named.body)).toBe(201);
    expect(named.body.deviceId).toBeNull();
    const wrong = await submit(shop.till, {
      ...build([{ variantId: tea, quantity: 1, priceMinor: 450 }]),
      registerId: randomUUID(),
    });
    expect(wrong.body.code).toBe('sale.wrong_register');
  });
});
