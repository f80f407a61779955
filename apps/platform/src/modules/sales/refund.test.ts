import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairDevice, pinSignIn, type TestApp } from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import { openSession } from '../cash/test-support.ts';
import type { RefundPageView, RefundView } from './refund-schemas.ts';
import {
  api,
  createProduct,
  createTax,
  expectRefusedWithoutTrace,
  fingerprint,
  lineOf,
  onHand,
  openShop,
  postRefund,
  refund,
  returnLines,
  type Shop,
  sell,
  sellPriced,
  stockedItem,
  sum,
} from './refund-test-support.ts';
import type { SaleView } from './sale-schemas.ts';

let t: TestApp;
let owner: pg.Client;
let shop: Shop;
let taxCategoryId: string;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  shop = await openShop(t, 'Refund Outlet');
  taxCategoryId = await createTax(shop.retailer.owner, 88_750);
});
afterAll(() => closeAppWithOwner({ t, owner }));

const tenant = () => shop.retailer.tenantId;

const stocked = (priceMinor: number, options: { taxed?: boolean; quantity?: number } = {}) =>
  stockedItem(shop, priceMinor, options.quantity ?? 20, options.taxed ? { taxCategoryId } : {});

async function cashSale(variantId: string, quantity: number, priceMinor: number) {
  return sell(shop.till, {
    lines: [{ variantId, quantity }],
    payments: [{ kind: 'cash', amountMinor: quantity * priceMinor }],
    expectedTotalMinor: quantity * priceMinor,
  });
}

const FIELDS = [
  'grossMinor',
  'lineDiscountMinor',
  'orderDiscountMinor',
  'netMinor',
  'taxMinor',
  'exemptTaxRemovedMinor',
  'totalMinor',
] as const;

describe('refunds with a receipt', () => {
  it('adds partial refunds in several steps up to exactly the sale: lines, tax, discounts, payments', async () => {
    const mug = await stocked(333, { taxed: true });
    const lamp = await stocked(1999, { taxed: true });
    const card = await stocked(500);
    const sale = await sellPriced(
      shop.till,
      {
        lines: [
          { variantId: mug, quantity: 3 },
          { variantId: lamp, quantity: 2, discount: { kind: 'percent', ppm: 100_000 } },
          { variantId: card, quantity: 1 },
        ],
        orderDiscount: { kind: 'fixed', amountMinor: 150 },
      },
      (total) => [
        { kind: 'external', amountMinor: 1000, reference: 'AUTH-1' },
        { kind: 'cash', amountMinor: total - 1000 },
      ],
    );
    expect(sale.totals.taxMinor).toBeGreaterThan(0);
    expect(sale.totals.orderDiscountMinor).toBe(150);
    const [mugLine, lampLine, cardLine] = [
      lineOf(sale, mug),
      lineOf(sale, lamp),
      lineOf(sale, card),
    ];

    const steps: RefundView[] = [];
    steps.push(await refund(shop.till, sale, [{ saleLineId: mugLine.id, quantity: 1 }]));
    steps.push(
      await refund(shop.till, sale, [
        { saleLineId: mugLine.id, quantity: 1 },
        { saleLineId: lampLine.id, quantity: 1 },
      ]),
    );
    steps.push(
      await refund(shop.till, sale, [
        { saleLineId: lampLine.id, quantity: 1 },
        { saleLineId: cardLine.id, quantity: 1 },
        { saleLineId: mugLine.id, quantity: 1 },
      ]),
    );

    // Every component of every line comes back exactly, over the three refunds.
    for (const line of sale.lines) {
      const parts = steps.flatMap((step) => step.lines.filter((l) => l.saleLineId === line.id));
      expect(sum(parts, (part) => part.quantity)).toBe(line.quantity);
      for (const field of FIELDS)
        expect(
          sum(parts, (part) => part[field]),
          `${line.name} ${field}`,
        ).toBe(line[field]);
      const taxed = parts.flatMap((part) => part.taxes);
      expect(sum(taxed, (tax) => tax.taxMinor)).toBe(line.taxMinor);
    }
    // Document totals are the sums of their lines and add up to the sale's.
    for (const step of steps) {
      expect(step.totalMinor).toBe(sum(step.lines, (l) => l.totalMinor));
      expect(step.taxMinor).toBe(sum(step.lines, (l) => l.taxMinor));
      expect(step.totalMinor).toBe(step.subtotalMinor + step.taxMinor);
      expect(step.paidOutMinor).toBe(sum(step.payments, (p) => p.amountMinor));
    }
    expect(sum(steps, (s) => s.totalMinor)).toBe(sale.totals.totalMinor);
    expect(sum(steps, (s) => s.taxMinor)).toBe(sale.totals.taxMinor);
    expect(sum(steps, (s) => s.subtotalMinor)).toBe(sale.totals.subtotalMinor);
    expect(sum(steps, (s) => s.grossMinor)).toBe(sale.totals.grossMinor);
    expect(sum(steps, (s) => s.lineDiscountMinor)).toBe(sale.totals.lineDiscountMinor);
    expect(sum(steps, (s) => s.orderDiscountMinor)).toBe(150);
    const rate = sale.totals.taxes[0];
    expect(sum(steps, (s) => s.taxes[0]?.taxMinor ?? 0)).toBe(rate?.taxMinor);

    // The card terminal first (in the order taken), cash last; each gets back what it kept.
    const paidTo = (kind: string) =>
      sum(
        steps.flatMap((s) => s.payments.filter((p) => p.kind === kind)),
        (p) => p.amountMinor,
      );
    expect(paidTo('external')).toBe(1000);
    expect(paidTo('cash')).toBe(sale.totals.totalMinor - 1000);
    const first = steps[0];
    expect(first?.payments.map((p) => p.kind)).toEqual(['external']);
    expect(first?.terminalRefunds).toEqual([
      expect.objectContaining({
        kind: 'external',
        reference: 'AUTH-1',
        amountMinor: first?.totalMinor,
      }),
    ]);

    const { rows } = await owner.query(
      `select (select refunded_minor from sales where id = $1)::int as sale,
        (select sum(refunded_minor) from sale_payments where sale_id = $1)::int as payments,
        (select bool_and(refunded_quantity_milli = quantity_milli) from sale_lines
          where sale_id = $1) as lines`,
      [sale.id],
    );
    expect(rows[0]).toEqual({
      sale: sale.totals.totalMinor,
      payments: sale.totals.totalMinor,
      lines: true,
    });

    const listed = await shop.till.get<RefundView[]>(api(`/sales/${sale.id}/refunds`));
    expect(listed.body.map((r) => r.id)).toEqual(steps.map((s) => s.id));
    const kept = await shop.till.get<SaleView>(api(`/sales/${sale.id}`));
    expect(kept.body.status).toBe('completed');

    // Nothing is left: one more unit of anything is an over-refund, and nothing is written.
    await expectRefusedWithoutTrace(
      owner,
      tenant(),
      () =>
        postRefund(shop.till, {
          saleId: sale.id,
          lines: returnLines([{ saleLineId: mugLine.id, quantity: 1 }]),
        }),
      422,
      'refund.over_refund',
    );
  });

  it('gives back exactly what was kept when everything is refunded, never the change', async () => {
    const item = await stocked(1234);
    const sale = await sell(shop.till, {
      lines: [{ variantId: item, quantity: 2 }],
      payments: [{ kind: 'cash', amountMinor: 5000 }],
      expectedTotalMinor: 2468,
    });
    expect(sale.changeMinor).toBe(5000 - 2468);
    const back = await refund(shop.till, sale, [
      { saleLineId: lineOf(sale, item).id, quantity: 2 },
    ]);
    expect(back).toMatchObject({ totalMinor: 2468, paidOutMinor: 2468, cashRoundingMinor: 0 });
    expect(back.payments).toEqual([
      expect.objectContaining({
        kind: 'cash',
        amountMinor: 2468,
        cashSessionId: shop.cashSessionId,
      }),
    ]);
    expect(back.receiptNumber).toBeGreaterThan(sale.receiptNumber ?? 0);
    const { rows } = await owner.query(
      `select document_type, document_id from receipt_numbers where register_id = $1 and number = $2`,
      [shop.registerId, back.receiptNumber],
    );
    expect(rows).toEqual([{ document_type: 'refund', document_id: back.id }]);
  });

  it('refuses over-refunds, bad lines and bad quantities and writes nothing', async () => {
    const item = await stocked(700);
    const sale = await cashSale(item, 2, 700);
    const other = await cashSale(item, 1, 700);
    const lineId = lineOf(sale, item).id;
    const attempt =
      (lines: unknown, extra: Record<string, unknown> = {}) =>
      () =>
        postRefund(shop.till, { saleId: sale.id, lines, ...extra });

    await expectRefusedWithoutTrace(
      owner,
      tenant(),
      attempt(returnLines([{ saleLineId: lineId, quantity: 3 }])),
      422,
      'refund.over_refund',
    );
    await expectRefusedWithoutTrace(
      owner,
      tenant(),
      attempt(returnLines([{ saleLineId: lineId, quantity: -1 }])),
      422,
      'refund.invalid_quantity',
    );
    await expectRefusedWithoutTrace(
      owner,
      tenant(),
      attempt(returnLines([{ saleLineId: lineId, quantity: 0 }])),
      422,
      'refund.invalid_quantity',
    );
    await expectRefusedWithoutTrace(
      owner,
      tenant(),
      attempt(returnLines([{ saleLineId: lineId, quantity: 0.5 }])),
      422,
      'refund.fractional_quantity',
    );
    await expectRefusedWithoutTrace(
      owner,
      tenant(),
      attempt(returnLines([{ saleLineId: lineId, quantity: 1.0001 }])),
      422,
      'inventory.invalid_quantity',
    );
    await expectRefusedWithoutTrace(
      owner,
      tenant(),
      attempt(returnLines([{ saleLineId: lineOf(other, item).id, quantity: 1 }])),
      422,
      'refund.line_not_on_sale',
    );
    await expectRefusedWithoutTrace(
      owner,
      tenant(),
      attempt(
        returnLines([
          { saleLineId: lineId, quantity: 1 },
          { saleLineId: lineId, quantity: 1 },
        ]),
      ),
      422,
      'refund.duplicate_line',
    );
    await expectRefusedWithoutTrace(
      owner,
      tenant(),
      attempt([{ saleLineId: lineId, quantity: 1, restock: false }]),
      422,
      'refund.restock_reason_required',
    );
    await expectRefusedWithoutTrace(
      owner,
      tenant(),
      attempt(returnLines([{ saleLineId: lineId, quantity: 1 }]), { expectedTotalMinor: 699 }),
      422,
      'refund.total_mismatch',
    );
    await expectRefusedWithoutTrace(
      owner,
      tenant(),
      attempt(returnLines([{ saleLineId: lineId, quantity: 1 }]), { destination: 'store_credit' }),
      422,
      'refund.customer_required',
    );
    await expectRefusedWithoutTrace(
      owner,
      tenant(),
      attempt(returnLines([{ saleLineId: lineId, quantity: 1 }]), { amountMinor: 5 }),
      400,
      'validation.failed',
    );
    await expectRefusedWithoutTrace(owner, tenant(), attempt([]), 400, 'validation.failed');
    await expectRefusedWithoutTrace(
      owner,
      tenant(),
      () =>
        postRefund(shop.till, {
          saleId: randomUUID(),
          lines: returnLines([{ saleLineId: lineId, quantity: 1 }]),
        }),
      404,
      'sale.not_found',
    );
    await expectRefusedWithoutTrace(
      owner,
      tenant(),
      () =>
        postRefund(shop.till, {
          saleId: 'not-a-uuid',
          lines: returnLines([{ saleLineId: lineId, quantity: 1 }]),
        }),
      400,
      'validation.failed',
    );

    // The expected total, when right, lets it through.
    const ok = await refund(shop.till, sale, [{ saleLineId: lineId, quantity: 1 }], {
      expectedTotalMinor: 700,
    });
    expect(ok.totalMinor).toBe(700);
  });

  it('lets only one of two concurrent refunds of the last unit through', async () => {
    const item = await stocked(900);
    const sale = await cashSale(item, 1, 900);
    const body = () => ({
      saleId: sale.id,
      lines: returnLines([{ saleLineId: lineOf(sale, item).id, quantity: 1 }]),
    });
    const [a, b] = await Promise.all([
      postRefund(shop.till, body()),
      postRefund(shop.managerTill, body()),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 422]);
    expect([a.body, b.body].find((r) => (r as { code?: string }).code)).toMatchObject({
      code: 'refund.over_refund',
    });
    const { rows } = await owner.query(
      `select (select count(*) from refunds where sale_id = $1)::int as refunds,
        (select refunded_quantity_milli from sale_lines where sale_id = $1)::int as milli,
        (select refunded_minor from sales where id = $1)::int as minor`,
      [sale.id],
    );
    expect(rows[0]).toEqual({ refunds: 1, milli: 1000, minor: 900 });
  });

  it('treats a refund id given as a sale id as an unknown sale', async () => {
    const item = await stocked(400);
    const sale = await cashSale(item, 1, 400);
    const done = await refund(shop.till, sale, [
      { saleLineId: lineOf(sale, item).id, quantity: 1 },
    ]);
    await expectRefusedWithoutTrace(
      owner,
      tenant(),
      () =>
        postRefund(shop.till, {
          saleId: done.id,
          lines: returnLines([{ saleLineId: done.lines[0]?.id ?? '', quantity: 1 }]),
        }),
      404,
      'sale.not_found',
    );
    const asSale = await shop.till.get(api(`/sales/${done.id}/refunds`));
    expect(asSale.status).toBe(404);
    expect(asSale.body.code).toBe('sale.not_found');
    const unknown = await shop.till.get(api(`/refunds/${randomUUID()}`));
    expect(unknown.body.code).toBe('refund.not_found');
  });

  it('refunds only completed sales', async () => {
    const open = await shop.till.post<{ id: string }>(api('/sales'), {});
    expect(open.status, JSON.stringify(open.body)).toBe(201);
    await expectRefusedWithoutTrace(
      owner,
      tenant(),
      () =>
        postRefund(shop.till, {
          saleId: open.body.id,
          lines: returnLines([{ saleLineId: randomUUID(), quantity: 1 }]),
        }),
      422,
      'sale.not_completed',
    );
  });

  it('answers a replay of the same refund id with the stored refund and refuses another body', async () => {
    const item = await stocked(300);
    const sale = await cashSale(item, 3, 300);
    const id = randomUUID();
    const body = {
      id,
      saleId: sale.id,
      lines: returnLines([{ saleLineId: lineOf(sale, item).id, quantity: 1 }]),
    };
    const first = await postRefund(shop.till, body);
    expect(first.status).toBe(201);
    const again = await expectNothingWritten(() => postRefund(shop.till, body));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    await expectRefusedWithoutTrace(
      owner,
      tenant(),
      () =>
        postRefund(shop.till, {
          ...body,
          lines: returnLines([{ saleLineId: lineOf(sale, item).id, quantity: 2 }]),
        }),
      409,
      'refund.id_conflict',
    );
  });

  it('lists refunds of the register newest first, page by page, whatever ids the register chose', async () => {
    const item = await stocked(100);
    const sale = await cashSale(item, 3, 100);
    const made: string[] = [];
    for (const id of [
      'ffffffff-ffff-4fff-bfff-ffffffffffff',
      '00000000-0000-4000-8000-000000000001',
      randomUUID(),
    ]) {
      const response = await postRefund(shop.till, {
        id,
        saleId: sale.id,
        lines: returnLines([{ saleLineId: lineOf(sale, item).id, quantity: 1 }]),
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      made.unshift(id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 3; page++) {
      const query: string = `registerId=${shop.registerId}&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const response = await shop.till.get<RefundPageView>(api(`/refunds?${query}`));
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      seen.push(...response.body.refunds.map((r) => r.id));
      cursor = response.body.nextCursor;
    }
    expect(seen).toEqual(made);
  });

  it('puts restocked items back on the shelf and leaves damaged ones off', async () => {
    const shirt = await stocked(1500, { quantity: 5 });
    const untracked = await createProduct(shop.retailer.owner, {
      priceMinor: 200,
      trackStock: false,
    });
    const sale = await sell(shop.till, {
      lines: [
        { variantId: shirt, quantity: 3 },
        { variantId: untracked, quantity: 1 },
      ],
      payments: [{ kind: 'cash', amountMinor: 4700 }],
      expectedTotalMinor: 4700,
    });
    const store = shop.retailer.storeId;
    expect(await onHand(owner, store, shirt)).toBe(2);
    const back = await refund(shop.till, sale, [
      {
        saleLineId: lineOf(sale, shirt).id,
        quantity: 1,
        restock: true,
        restockReason: 'resellable',
      },
      { saleLineId: lineOf(sale, untracked).id, quantity: 1, restock: true },
    ]);
    expect(await onHand(owner, store, shirt)).toBe(3);
    const damaged = await refund(shop.till, sale, [
      { saleLineId: lineOf(sale, shirt).id, quantity: 1, restock: false, restockReason: 'damaged' },
    ]);
    expect(await onHand(owner, store, shirt)).toBe(3);
    expect(damaged.lines[0]).toMatchObject({ restock: false, restockReason: 'damaged' });

    const moves = async (id: string) =>
      (
        await owner.query(
          `select variant_id, kind, quantity_milli::int as milli, reference_type from stock_movements
           where reference_id = $1`,
          [id],
        )
      ).rows;
    expect(await moves(back.id)).toEqual([
      { variant_id: shirt, kind: 'returned', milli: 1000, reference_type: 'refund' },
    ]);
    expect(await moves(damaged.id)).toEqual([]);
  });

  it('hands cash back from the open drawer, which then expects that much less', async () => {
    const item = await stocked(2500);
    const sale = await cashSale(item, 2, 2500);
    const report = async () =>
      (
        await shop.manager.caller.get<{
          drawer: { expectedMinor: number; cashRefundsMinor: number };
        }>(api(`/cash-sessions/${shop.cashSessionId}/report`))
      ).body.drawer;
    const before = await report();
    const back = await refund(shop.till, sale, [
      { saleLineId: lineOf(sale, item).id, quantity: 1 },
    ]);
    expect(back.cashSessionId).toBe(shop.cashSessionId);
    const after = await report();
    expect(after.expectedMinor).toBe(before.expectedMinor - 2500);
    expect(after.cashRefundsMinor).toBe(before.cashRefundsMinor + 2500);
  });

  it('refuses to hand back cash from a register without an open drawer', async () => {
    const item = await stocked(800);
    const sale = await cashSale(item, 1, 800);
    const other = await pairDevice(t.app, shop.manager.caller, shop.retailer.storeId);
    const till = await pinSignIn(t.app, other.device, shop.cashier.id, shop.cashier.pin);
    await expectRefusedWithoutTrace(
      owner,
      tenant(),
      () =>
        postRefund(till, {
          saleId: sale.id,
          lines: returnLines([{ saleLineId: lineOf(sale, item).id, quantity: 1 }]),
        }),
      422,
      'cash_session.not_open',
    );
    const managerThere = await pinSignIn(t.app, other.device, shop.manager.id, shop.manager.pin);
    await openSession(managerThere, other.registerId);
    const back = await refund(till, sale, [{ saleLineId: lineOf(sale, item).id, quantity: 1 }]);
    expect(back.registerId).toBe(other.registerId);
  });
});

/** Runs a request that must write nothing (a replay) and returns its answer. */
async function expectNothingWritten<T extends object>(
  attempt: () => Promise<{ status: number; body: T }>,
): Promise<{ status: number; body: T }> {
  const before = await fingerprint(owner, tenant());
  const response = await attempt();
  expect(await fingerprint(owner, tenant())).toEqual(before);
  return response;
}
