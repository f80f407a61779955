import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import type { RefundView } from './refund-schemas.ts';
import {
  api,
  expectRefusedWithoutTrace,
  lineOf,
  onHand,
  openShop,
  refund,
  type Shop,
  sell,
  stockedItem,
  tendersOf,
} from './refund-test-support.ts';
import type { SaleView } from './sale-schemas.ts';

// A reversal undoes what is left of a sale on the day it was made: stock back on the shelf, every
// tender paid back what it kept, once per sale, and both documents stay visible.

let t: TestApp;
let owner: pg.Client;
let shop: Shop;
let cad: Shop;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  shop = await openShop(t, 'Reversal Retail');
  cad = await openShop(t, 'Reversal Canada', 'CAD');
});
afterAll(() => closeAppWithOwner({ t, owner }));

const item = (s: Shop, priceMinor: number, trackStock = true) =>
  stockedItem(s, priceMinor, 10, { trackStock });

const reverse = (
  s: Shop,
  saleId: string,
  body: Record<string, unknown> = { reason: 'Rang up wrong' },
) => s.managerTill.post<RefundView>(api(`/sales/${saleId}/reverse`), body);

describe('reversing a sale', () => {
  it('restores stock and every tender on the same day, and keeps both documents', async () => {
    const jacket = await item(shop, 3000);
    const sticker = await item(shop, 250, false);
    const sale = await sell(shop.till, {
      lines: [
        { variantId: jacket, quantity: 3 },
        { variantId: sticker, quantity: 2 },
      ],
      payments: [
        { kind: 'external', amountMinor: 4000, reference: 'AUTH-REV' },
        { kind: 'cash', amountMinor: 6000 },
      ],
      expectedTotalMinor: 9500,
    });
    expect(await onHand(owner, shop.retailer.storeId, jacket)).toBe(7);
    // One jacket came back already; the reversal takes the rest.
    const earlier = await refund(shop.till, sale, [
      { saleLineId: lineOf(sale, jacket).id, quantity: 1 },
    ]);
    expect(earlier.payments.map((p) => [p.kind, p.amountMinor])).toEqual([['external', 3000]]);

    const response = await reverse(shop, sale.id);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const reversal = response.body;
    expect(reversal).toMatchObject({
      kind: 'reversal',
      saleId: sale.id,
      totalMinor: 6500,
      reason: 'Rang up wrong',
    });
    expect(reversal.lines.map((l) => [l.saleLineId, l.quantity, l.restock])).toEqual([
      [lineOf(sale, jacket).id, 2, true],
      [lineOf(sale, sticker).id, 2, true],
    ]);
    expect(reversal.payments.map((p) => [p.kind, p.amountMinor])).toEqual([
      ['external', 1000],
      ['cash', 5500],
    ]);
    expect(await onHand(owner, shop.retailer.storeId, jacket)).toBe(10);

    expect(await tendersOf(owner, sale.id)).toEqual([
      { kind: 'external', applied: 4000, refunded: 4000 },
      { kind: 'cash', applied: 5500, refunded: 5500 },
    ]);
    const kept = await shop.till.get<SaleView>(api(`/sales/${sale.id}`));
    expect(kept.body.status).toBe('completed');
    const documents = await shop.till.get<RefundView[]>(api(`/sales/${sale.id}/refunds`));
    expect(documents.body.map((r) => r.kind)).toEqual(['refund', 'reversal']);
    const audit = await owner.query(
      `select action from audit_events where target_id = $1 order by seq`,
      [reversal.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['refund.completed']);
    const onSale = await owner.query(
      `select after from audit_events where target_id = $1 and action = 'sale.reversed'`,
      [sale.id],
    );
    expect(onSale.rows).toEqual([
      { after: { refundId: reversal.id, reason: 'Rang up wrong', approvalId: null } },
    ]);

    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => reverse(shop, sale.id),
      422,
      'sale.already_reversed',
    );
  });

  it('pays back exactly what the drawer kept, cash rounding included (CAD)', async () => {
    const pen = await item(cad, 334);
    const sale = await sell(cad.till, {
      lines: [{ variantId: pen, quantity: 3 }],
      payments: [{ kind: 'cash', amountMinor: 1000 }],
      expectedTotalMinor: 1002,
    });
    const response = await reverse(cad, sale.id);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({
      totalMinor: 1002,
      paidOutMinor: 1000,
      cashRoundingMinor: -2,
    });
  });

  it('is refused the next day', async () => {
    const lamp = await item(shop, 1200);
    const sale = await sell(shop.till, {
      lines: [{ variantId: lamp, quantity: 1 }],
      payments: [{ kind: 'cash', amountMinor: 1200 }],
      expectedTotalMinor: 1200,
    });
    // No API moves a sale in time: as the database owner, pretend it completed yesterday.
    await owner.query(
      `update sales set completed_at = completed_at - interval '1 day' where id = $1`,
      [sale.id],
    );
    const response = await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => reverse(shop, sale.id),
      422,
      'sale.reversal_window_closed',
    );
    expect(response.body.details).toMatchObject({ saleId: sale.id, timezone: 'America/Chicago' });
    // A refund is still possible.
    await refund(shop.till, sale, [{ saleLineId: lineOf(sale, lamp).id, quantity: 1 }]);
  });

  it("needs a manager, or a manager's approval for a cashier", async () => {
    const mug = await item(shop, 600);
    const sale = await sell(shop.till, {
      lines: [{ variantId: mug, quantity: 1 }],
      payments: [{ kind: 'cash', amountMinor: 600 }],
      expectedTotalMinor: 600,
    });
    const asCashier = (body: Record<string, unknown>) => () =>
      shop.till.post(api(`/sales/${sale.id}/reverse`), body);
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      asCashier({ reason: 'Customer changed mind' }),
      422,
      'approval.required',
    );
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      asCashier({}),
      400,
      'validation.failed',
    );
    const approval = await shop.till.post<{ id: string }>(api('/approvals'), {
      action: 'sale.reverse',
      approverId: shop.manager.id,
      pin: shop.manager.pin,
    });
    expect(approval.status).toBe(201);
    const response = await asCashier({
      reason: 'Customer changed mind',
      approvalId: approval.body.id,
    })();
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({ kind: 'reversal', approvalId: approval.body.id });
  });

  it('refuses what cannot be reversed: nothing left, unknown or unfinished sales', async () => {
    const cap = await item(shop, 900);
    const sale = await sell(shop.till, {
      lines: [{ variantId: cap, quantity: 1 }],
      payments: [{ kind: 'cash', amountMinor: 900 }],
      expectedTotalMinor: 900,
    });
    await refund(shop.till, sale, [{ saleLineId: lineOf(sale, cap).id, quantity: 1 }]);
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => reverse(shop, sale.id),
      422,
      'sale.nothing_to_reverse',
    );
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => reverse(shop, randomUUID()),
      404,
      'sale.not_found',
    );
    const open = await shop.till.post<{ id: string }>(api('/sales'), {});
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => reverse(shop, open.body.id),
      422,
      'sale.not_completed',
    );
  });
});
