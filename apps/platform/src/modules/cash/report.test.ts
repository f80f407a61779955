import { randomUUID } from 'node:crypto';
import { sql } from '@tillpoint/db';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairDevice, type TestApp } from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import { openCashSessionOf } from './open-session.ts';
import type { CashSessionView, XReportView, ZReportView } from './schemas.ts';
import { api, FLOAT_MINOR, openSession, openShop, type Shop } from './test-support.ts';

// The X/Z arithmetic over sales, payments and refunds. Sales and refunds are being built in
// parallel, so their rows are written here as the migration owner, shaped as the sales engine
// writes them (totals satisfying the schema's CHECKs, tax_totals as the money engine's RateTotal).

let t: TestApp;
let owner: pg.Client;
let shop: Shop;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  shop = await openShop(t, 'Report Retail');
});
afterAll(() => closeAppWithOwner({ t, owner }));

interface TaxRow {
  rateId: string;
  ratePpm: number;
  taxableMinor: number;
  taxMinor: number;
}

interface SaleFixture {
  registerId: string;
  status: 'open' | 'parked' | 'completed' | 'voided';
  receipt?: number;
  subtotal: number;
  lineDiscount?: number;
  orderDiscount?: number;
  taxes?: TaxRow[];
  cashRounding?: number;
}

const STATE = { rateId: '01900000-0000-7000-8000-00000000a001', ratePpm: 40_000 };
const CITY = { rateId: '01900000-0000-7000-8000-00000000a002', ratePpm: 50_000 };

async function insertSale(sale: SaleFixture): Promise<string> {
  const id = randomUUID();
  const taxes = sale.taxes ?? [];
  const tax = taxes.reduce((sum, row) => sum + row.taxMinor, 0);
  const lineDiscount = sale.lineDiscount ?? 0;
  const orderDiscount = sale.orderDiscount ?? 0;
  const total = sale.subtotal + tax;
  const completed = sale.status === 'completed';
  await owner.query(
    `insert into sales (tenant_id, id, store_id, register_id, status, receipt_number, currency,
       tax_mode, tax_rounding, rounding_mode, cash_increment_minor, gross_minor,
       line_discount_minor, order_discount_minor, subtotal_minor, tax_minor, total_minor,
       tax_totals, paid_minor, cash_rounding_minor, completed_at, voided_at, parked_at)
     values ($1, $2, $3, $4, $5, $6, 'USD', 'exclusive', 'line', 'half_up', 1, $7, $8, $9, $10,
       $11, $12, $13, $14, $15, case when $16 then now() end,
       case when $5 = 'voided' then now() end, case when $5 = 'parked' then now() end)`,
    [
      shop.retailer.tenantId,
      id,
      shop.retailer.storeId,
      sale.registerId,
      sale.status,
      completed ? (sale.receipt ?? null) : null,
      sale.subtotal + lineDiscount + orderDiscount,
      lineDiscount,
      orderDiscount,
      sale.subtotal,
      tax,
      total,
      JSON.stringify(taxes.map((row) => ({ ...row, compound: false }))),
      completed ? total : 0,
      sale.cashRounding ?? 0,
      completed,
    ],
  );
  return id;
}

async function insertPayment(
  saleId: string,
  payment: {
    position: number;
    kind: 'cash' | 'external';
    tendered: number;
    applied: number;
    cashRounding?: number;
    sessionId?: string;
    reversed?: boolean;
  },
): Promise<string> {
  const id = randomUUID();
  await owner.query(
    `insert into sale_payments (tenant_id, sale_id, id, position, kind, tendered_minor,
       applied_minor, change_minor, cash_rounding_minor, status, cash_session_id, reference,
       reversed_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, case when $13 then now() end)`,
    [
      shop.retailer.tenantId,
      saleId,
      id,
      payment.position,
      payment.kind,
      payment.tendered,
      payment.applied,
      payment.tendered - payment.applied,
      payment.cashRounding ?? 0,
      payment.reversed ? 'reversed' : 'captured',
      payment.sessionId ?? null,
      payment.kind === 'external' ? 'AUTH-7781' : null,
      payment.reversed ?? false,
    ],
  );
  return id;
}

async function insertCashRefund(
  saleId: string,
  salePaymentId: string,
  registerId: string,
  sessionId: string,
  refund: { receipt: number; subtotal: number; taxes: TaxRow[] },
): Promise<void> {
  const id = randomUUID();
  const tax = refund.taxes.reduce((sum, row) => sum + row.taxMinor, 0);
  const total = refund.subtotal + tax;
  await owner.query(
    `insert into refunds (tenant_id, id, sale_id, kind, store_id, register_id, cash_session_id,
       receipt_number, destination, currency, gross_minor, line_discount_minor,
       order_discount_minor, subtotal_minor, tax_minor, exempt_tax_removed_minor, total_minor,
       tax_totals, paid_out_minor)
     values ($1, $2, $3, 'refund', $4, $5, $6, $7, 'original_tenders', 'USD', $8, 0, 0, $8, $9,
       0, $10, $11, $10)`,
    [
      shop.retailer.tenantId,
      id,
      saleId,
      shop.retailer.storeId,
      registerId,
      sessionId,
      refund.receipt,
      refund.subtotal,
      tax,
      total,
      JSON.stringify(refund.taxes),
    ],
  );
  await owner.query(
    `insert into refund_payments (tenant_id, refund_id, position, kind, amount_minor,
       sale_payment_id, cash_session_id)
     values ($1, $2, 0, 'cash', $3, $4, $5)`,
    [shop.retailer.tenantId, id, total, salePaymentId, sessionId],
  );
}

describe('X and Z reports over sales, payments and refunds', () => {
  // fixture: switch to the sales API
  it('adds up the session to the cent and fixes the figures at close', async () => {
    const { registerId } = shop;
    const session = await openSession(shop.till, registerId);
    const elsewhere = await pairDevice(t.app, shop.manager.caller, shop.retailer.storeId);
    const otherSession = await openSession(shop.manager.caller, elsewhere.registerId);

    // Sale 1: 18.00 + 0.72 state + 0.90 city = 19.62 after a 2.00 line discount, paid 20.00
    // cash rounded to 19.60: the drawer keeps 19.60 (change 0.40), rounding −0.02.
    const sale1 = await insertSale({
      registerId,
      status: 'completed',
      receipt: 1,
      subtotal: 1_800,
      lineDiscount: 200,
      taxes: [
        { ...STATE, taxableMinor: 1_800, taxMinor: 72 },
        { ...CITY, taxableMinor: 1_800, taxMinor: 90 },
      ],
      cashRounding: -2,
    });
    const cash1 = await insertPayment(sale1, {
      position: 0,
      kind: 'cash',
      tendered: 2_000,
      applied: 1_960,
      cashRounding: -2,
      sessionId: session.id,
    });
    // Sale 2: 45.00 + 1.80 state = 46.80 after a 5.00 order discount: 10.00 cash, 36.80 card.
    const sale2 = await insertSale({
      registerId,
      status: 'completed',
      receipt: 2,
      subtotal: 4_500,
      orderDiscount: 500,
      taxes: [{ ...STATE, taxableMinor: 4_500, taxMinor: 180 }],
    });
    await insertPayment(sale2, {
      position: 0,
      kind: 'cash',
      tendered: 1_000,
      applied: 1_000,
      sessionId: session.id,
    });
    await insertPayment(sale2, { position: 1, kind: 'external', tendered: 3_680, applied: 3_680 });
    // Sale 3: voided after 9.99 cash was taken, which went back to the customer.
    const sale3 = await insertSale({ registerId, status: 'voided', subtotal: 999 });
    await insertPayment(sale3, {
      position: 0,
      kind: 'cash',
      tendered: 999,
      applied: 999,
      sessionId: session.id,
      reversed: true,
    });
    // Still on the register at the end of the shift.
    const stillOpen = await insertSale({ registerId, status: 'open', subtotal: 500 });
    await insertSale({ registerId, status: 'parked', subtotal: 700 });
    // Refund of part of sale 1 in cash: 9.00 + 0.36 + 0.45 = 9.81.
    await insertCashRefund(sale1, cash1, registerId, session.id, {
      receipt: 1,
      subtotal: 900,
      taxes: [
        { ...STATE, taxableMinor: 900, taxMinor: 36 },
        { ...CITY, taxableMinor: 900, taxMinor: 45 },
      ],
    });
    // Another register's sale and drawer: not this session's business.
    const foreign = await insertSale({
      registerId: elsewhere.registerId,
      status: 'completed',
      receipt: 1,
      subtotal: 10_000,
    });
    await insertPayment(foreign, {
      position: 0,
      kind: 'cash',
      tendered: 10_000,
      applied: 10_000,
      sessionId: otherSession.id,
    });
    // Drawer movements through the API.
    const payIn = await shop.till.post(api(`/cash-sessions/${session.id}/movements`), {
      kind: 'pay_in',
      amountMinor: 5_000,
      reason: 'Change from the bank',
    });
    const payOut = await shop.till.post(api(`/cash-sessions/${session.id}/movements`), {
      kind: 'pay_out',
      amountMinor: 1_200,
      reason: 'Postage',
    });
    expect([payIn.status, payOut.status]).toEqual([201, 201]);
    await shop.managerTill.post(api(`/cash-sessions/${session.id}/no-sale`), {});

    // 150.00 + 19.60 + 10.00 cash sales + 50.00 in − 9.81 refunded − 12.00 out = 207.79
    const expectedDrawer = {
      openingFloatMinor: FLOAT_MINOR,
      cashSalesMinor: 2_960,
      cashRefundsMinor: 981,
      payInsMinor: 5_000,
      payOutsMinor: 1_200,
      cashInMinor: 7_960,
      cashOutMinor: 2_181,
      expectedMinor: 20_779,
    };
    const figures = {
      drawer: expectedDrawer,
      sales: {
        count: 2,
        grossMinor: 7_000,
        lineDiscountMinor: 200,
        orderDiscountMinor: 500,
        discountMinor: 700,
        subtotalMinor: 6_300,
        taxMinor: 342,
        totalMinor: 6_642,
      },
      refunds: { count: 1, subtotalMinor: 900, taxMinor: 81, totalMinor: 981 },
      netSalesMinor: 5_661,
      tenders: [
        {
          kind: 'cash',
          salesCount: 2,
          salesMinor: 2_960,
          refundsCount: 1,
          refundsMinor: 981,
          netMinor: 1_979,
        },
        {
          kind: 'external',
          salesCount: 1,
          salesMinor: 3_680,
          refundsCount: 0,
          refundsMinor: 0,
          netMinor: 3_680,
        },
      ],
      taxes: [
        {
          ...STATE,
          salesTaxableMinor: 6_300,
          salesTaxMinor: 252,
          refundsTaxableMinor: 900,
          refundsTaxMinor: 36,
          netTaxMinor: 216,
        },
        {
          ...CITY,
          salesTaxableMinor: 1_800,
          salesTaxMinor: 90,
          refundsTaxableMinor: 900,
          refundsTaxMinor: 45,
          netTaxMinor: 45,
        },
      ],
      cashRounding: { salesMinor: -2, refundsMinor: 0, netMinor: -2 },
      payIns: { count: 1, totalMinor: 5_000 },
      payOuts: { count: 1, totalMinor: 1_200 },
      voidsCount: 1,
      noSaleCount: 1,
      openSalesCount: 1,
      parkedSalesCount: 1,
    };

    const x = await shop.manager.caller.get<XReportView>(
      api(`/cash-sessions/${session.id}/report`),
    );
    expect(x.status, JSON.stringify(x.body)).toBe(200);
    expect(x.body).toMatchObject({ kind: 'x', status: 'open', ...figures });
    // The pay-out check uses the same drawer figure.
    const tooMuch = await shop.manager.caller.post(api(`/cash-sessions/${session.id}/movements`), {
      kind: 'pay_out',
      amountMinor: 20_780,
      reason: 'More than there is',
    });
    expect(tooMuch.body).toMatchObject({
      code: 'cash_session.insufficient_cash',
      details: { expectedMinor: 20_779 },
    });

    // Blind close, 2.21 short: 200.00 + 5.00 + 0.50 + 0.08 counted.
    const closed = await shop.till.post<CashSessionView>(
      api(`/cash-sessions/${session.id}/close`),
      {
        counts: { '10000': 2, '500': 1, '25': 2, '1': 8 },
      },
    );
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({ countedMinor: 20_558 });
    expect(closed.body).not.toHaveProperty('expectedMinor');

    // Activity after the close belongs to the next shift: the Z report does not move.
    await insertSale({ registerId, status: 'completed', receipt: 3, subtotal: 12_345 });
    await owner.query(
      `update sales set status = 'completed', completed_at = now(), receipt_number = 4,
         paid_minor = total_minor where id = $1`,
      [stillOpen],
    );
    const z = await shop.manager.caller.get<ZReportView>(
      api(`/cash-sessions/${session.id}/z-report`),
    );
    expect(z.status, JSON.stringify(z.body)).toBe(200);
    expect(z.body).toMatchObject({
      kind: 'z',
      status: 'closed',
      ...figures,
      expectedMinor: 20_779,
      countedMinor: 20_558,
      overShortMinor: -221,
      changedSinceClose: false,
    });

    // A payment reversed after the close changes the documents, not the figures fixed then.
    await owner.query(
      `update sale_payments set status = 'reversed', reversed_at = now() where sale_id = $1
         and kind = 'cash'`,
      [sale2],
    );
    const later = await shop.manager.caller.get<ZReportView>(
      api(`/cash-sessions/${session.id}/z-report`),
    );
    expect(later.body).toMatchObject({
      expectedMinor: 20_779,
      overShortMinor: -221,
      changedSinceClose: true,
      drawer: { expectedMinor: 19_779 },
    });
  });

  // fixture: switch to the sales API
  it('waits for a cash payment being recorded, counts it, then keeps new ones out', async () => {
    const tenant = { tenantId: shop.retailer.tenantId };
    const { registerId } = await pairDevice(t.app, shop.manager.caller, shop.retailer.storeId);
    const session = await openSession(shop.manager.caller, registerId);
    const saleId = await insertSale({ registerId, status: 'open', subtotal: 500 });

    // A sale recording cash holds the session for share (open-session.ts) until it commits.
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let signalLocked = () => {};
    const locked = new Promise<void>((resolve) => {
      signalLocked = resolve;
    });
    const payment = t.db.withTenant(tenant, async (tx) => {
      const open = await openCashSessionOf(tx, registerId);
      expect(open?.id).toBe(session.id);
      signalLocked();
      await gate;
      await tx.execute(sql`insert into sale_payments (tenant_id, sale_id, position, kind,
          tendered_minor, applied_minor, change_minor, cash_session_id)
        values (${tenant.tenantId}, ${saleId}, 0, 'cash', 500, 500, 0, ${session.id})`);
    });
    await locked;
    let finished = false;
    const closing = shop.manager.caller
      .post<CashSessionView>(api(`/cash-sessions/${session.id}/close`), {
        counts: { '2000': 5, '500': 8, '100': 15 },
      })
      .then((response) => {
        finished = true;
        return response;
      });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(finished).toBe(false);
    release();
    await payment;
    const closed = await closing;
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({
      countedMinor: FLOAT_MINOR + 500,
      expectedMinor: FLOAT_MINOR + 500,
      overShortMinor: 0,
    });
    // Once closed, a sale finds no open drawer on the register.
    expect(await t.db.withTenant(tenant, (tx) => openCashSessionOf(tx, registerId))).toBeNull();
  });
});
