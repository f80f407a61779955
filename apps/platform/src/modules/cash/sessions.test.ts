import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStaff,
  type Caller,
  pairDevice,
  pinSignIn,
  type Response,
  type StaffMember,
  type TestApp,
} from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import type { CashMovementView, CashSessionView } from './schemas.ts';
import {
  api,
  auditOf,
  expectRefusedWithoutTrace,
  FLOAT,
  FLOAT_MINOR,
  openSession,
  openShop,
  type Shop,
} from './test-support.ts';

let t: TestApp;
let owner: pg.Client;
let shop: Shop;
let accountant: StaffMember;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  shop = await openShop(t);
  accountant = await addStaff(t.app, shop.retailer, 'accountant');
});
afterAll(() => closeAppWithOwner({ t, owner }));

const NO_SUCH_ID = '01900000-0000-7000-8000-000000000000';

const refused = (attempt: () => Promise<Response<object>>, status: number, code: string) =>
  expectRefusedWithoutTrace(owner, shop.retailer.tenantId, attempt, status, code);

const move = (caller: Caller, sessionId: string, body: Record<string, unknown>) =>
  caller.post<CashMovementView>(api(`/cash-sessions/${sessionId}/movements`), body);

const close = (caller: Caller, sessionId: string, body: Record<string, unknown>) =>
  caller.post<CashSessionView>(api(`/cash-sessions/${sessionId}/close`), body);

interface Lane {
  readonly registerId: string;
  /** The cashier and the manager signed in with their PINs on this register's own device. */
  readonly till: Caller;
  readonly managerTill: Caller;
}

/** A new register with its own paired device, its cashier and manager signed in on it. */
async function freshTills(): Promise<Lane> {
  const paired = await pairDevice(t.app, shop.manager.caller, shop.retailer.storeId);
  return {
    registerId: paired.registerId,
    till: await pinSignIn(t.app, paired.device, shop.cashier.id, shop.cashier.pin),
    managerTill: await pinSignIn(t.app, paired.device, shop.manager.id, shop.manager.pin),
  };
}

/** A fresh register in the shop's store with its own paired device: a clean drawer. */
async function freshRegister(): Promise<string> {
  const register = await shop.manager.caller.post<{ id: string }>(
    api(`/stores/${shop.retailer.storeId}/registers`),
    { name: `Till ${Math.random().toString(36).slice(2, 8)}` },
  );
  expect(register.status).toBe(201);
  return register.body.id;
}

describe('denominations', () => {
  it("lists the coins and notes of the business's currency, or of another one", async () => {
    const usd = await shop.till.get<{ currency: string; denominations: unknown[] }>(
      api('/cash-denominations'),
    );
    expect(usd.status).toBe(200);
    expect(usd.body.currency).toBe('USD');
    expect(usd.body.denominations[0]).toEqual({ valueMinor: 1, kind: 'coin' });
    expect(usd.body.denominations).toContainEqual({ valueMinor: 2000, kind: 'note' });
    const cad = await shop.till.get<{ denominations: { valueMinor: number }[] }>(
      api('/cash-denominations?currency=CAD'),
    );
    expect(cad.body.denominations[0]?.valueMinor).toBe(5);
    const unknown = await shop.till.get(api('/cash-denominations?currency=XAF'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('cash_denominations.not_found');
    const bad = await shop.till.get(api('/cash-denominations?currency=usd'));
    expect(bad.body.code).toBe('validation.failed');
  });
});

describe('opening a drawer', () => {
  it('opens with a counted float, once per register, and shows it blind', async () => {
    const session = await openSession(shop.till, shop.registerId);
    expect(session).toMatchObject({
      registerId: shop.registerId,
      storeId: shop.retailer.storeId,
      currency: 'USD',
      status: 'open',
      openedBy: shop.cashier.id,
      openingCount: FLOAT,
      openingFloatMinor: FLOAT_MINOR,
      closedAt: null,
      countedMinor: null,
    });
    // A cashier never sees what the drawer is expected to hold.
    expect(session).not.toHaveProperty('expectedMinor');

    const current = await shop.till.get<CashSessionView>(
      api(`/registers/${shop.registerId}/cash-sessions/current`),
    );
    expect(current.status).toBe(200);
    expect(current.body.id).toBe(session.id);
    expect(current.body).not.toHaveProperty('expectedMinor');

    await refused(
      () =>
        shop.managerTill.post(api(`/registers/${shop.registerId}/cash-sessions`), { counts: {} }),
      409,
      'cash_session.already_open',
    );

    const { rows } = await owner.query(
      `select status, opening_count, opening_float_minor::int as float, opened_by
       from cash_sessions where id = $1`,
      [session.id],
    );
    expect(rows).toEqual([
      { status: 'open', opening_count: FLOAT, float: FLOAT_MINOR, opened_by: shop.cashier.id },
    ]);
    const audit = await auditOf(owner, shop.retailer.tenantId, 'cash_session.opened');
    expect(audit.find((a) => a.target_id === session.id)).toMatchObject({
      actor_id: shop.cashier.id,
      after: { registerId: shop.registerId, openingFloatMinor: FLOAT_MINOR },
    });
    const events = await owner.query(
      `select payload from outbox where tenant_id = $1 and topic = 'cash_session.changed'`,
      [shop.retailer.tenantId],
    );
    expect(events.rows.map((r) => r.payload)).toContainEqual({
      cashSessionId: session.id,
      registerId: shop.registerId,
      status: 'open',
    });
  });

  it('refuses a count with a coin or note the currency does not have', async () => {
    const registerId = await freshRegister();
    const response = await refused(
      () =>
        shop.manager.caller.post(api(`/registers/${registerId}/cash-sessions`), {
          counts: { '2000': 1, '300': 2 },
        }),
      422,
      'cash.unknown_denomination',
    );
    expect(response.body.message).toContain('USD has no 3.00 coin or note');
  });

  it.each([
    ['a negative count', { '2000': -1 }],
    ['a fractional count', { '2000': 1.5 }],
    ['a count sent as text', { '2000': '3' }],
    ['a denomination with a leading zero', { '0500': 1 }],
    ['a decimal denomination', { '20.00': 1 }],
  ])('refuses %s at the edge', async (_label, counts) => {
    const registerId = await freshRegister();
    await refused(
      () => shop.manager.caller.post(api(`/registers/${registerId}/cash-sessions`), { counts }),
      400,
      'validation.failed',
    );
  });

  it('refuses unknown fields, a missing count and bad register ids', async () => {
    const registerId = await freshRegister();
    await refused(
      () =>
        shop.manager.caller.post(api(`/registers/${registerId}/cash-sessions`), {
          counts: {},
          floatMinor: 100,
        }),
      400,
      'validation.failed',
    );
    await refused(
      () => shop.manager.caller.post(api(`/registers/${registerId}/cash-sessions`), {}),
      400,
      'validation.failed',
    );
    await refused(
      () => shop.manager.caller.post(api('/registers/not-a-uuid/cash-sessions'), { counts: {} }),
      400,
      'validation.failed',
    );
    await refused(
      () => shop.manager.caller.post(api(`/registers/${NO_SUCH_ID}/cash-sessions`), { counts: {} }),
      404,
      'register.not_found',
    );
  });

  it('lets exactly one of two simultaneous opens win', async () => {
    const registerId = await freshRegister();
    const attempts = await Promise.all(
      [shop.manager.caller, shop.retailer.owner].map((caller) =>
        caller.post(api(`/registers/${registerId}/cash-sessions`), { counts: FLOAT }),
      ),
    );
    expect(attempts.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(attempts.find((r) => r.status === 409)?.body.code).toBe('cash_session.already_open');
    const { rows } = await owner.query(
      `select count(*)::int as n from cash_sessions where register_id = $1`,
      [registerId],
    );
    expect(rows[0].n).toBe(1);
  });

  it('says when no drawer is open, and keeps the accountant out of the drawer', async () => {
    const registerId = await freshRegister();
    const none = await shop.manager.caller.get(
      api(`/registers/${registerId}/cash-sessions/current`),
    );
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('cash_session.not_found');
    await refused(
      () =>
        accountant.caller.post(api(`/registers/${registerId}/cash-sessions`), { counts: FLOAT }),
      403,
      'auth.forbidden',
    );
  });
});

describe('pay-ins, pay-outs and no-sale opens', () => {
  let session: CashSessionView;
  let lane: Lane;

  beforeAll(async () => {
    lane = await freshTills();
    session = await openSession(shop.manager.caller, lane.registerId);
  });

  it('refuses a till signed in on another register, and leaves that drawer to the back office', async () => {
    // shop.till is signed in on the shop's first register, not on this lane's.
    await refused(
      () => move(shop.till, session.id, { kind: 'pay_in', amountMinor: 100, reason: 'x' }),
      422,
      'cash_session.wrong_register',
    );
    await refused(
      () => shop.managerTill.post(api(`/cash-sessions/${session.id}/no-sale`), {}),
      422,
      'cash_session.wrong_register',
    );
    await refused(
      () => close(shop.till, session.id, { counts: FLOAT }),
      422,
      'cash_session.wrong_register',
    );
    const other = await freshTills();
    await refused(
      () => shop.till.post(api(`/registers/${other.registerId}/cash-sessions`), { counts: FLOAT }),
      422,
      'cash_session.wrong_register',
    );
    const current = await shop.till.get(api(`/registers/${lane.registerId}/cash-sessions/current`));
    expect(current.body.code).toBe('cash_session.wrong_register');
    // A manager signed in on the first register reads only that register's drawers from there.
    const read = await shop.managerTill.get(api(`/cash-sessions/${session.id}`));
    expect(read.body.code).toBe('cash_session.wrong_register');
    // The back office (no device) still works any drawer of its stores.
    const fromOffice = await move(shop.manager.caller, session.id, {
      kind: 'pay_in',
      amountMinor: 100,
      reason: 'Float top-up',
    });
    expect(fromOffice.status, JSON.stringify(fromOffice.body)).toBe(201);
    const back = await move(shop.manager.caller, session.id, {
      kind: 'pay_out',
      amountMinor: 100,
      reason: 'Float top-up undone',
    });
    expect(back.status, JSON.stringify(back.body)).toBe(201);
  });

  it('records pay-ins and pay-outs with a reason, audited', async () => {
    const payIn = await move(lane.till, session.id, {
      kind: 'pay_in',
      amountMinor: 2_000,
      reason: 'Change from the bank',
    });
    expect(payIn.status, JSON.stringify(payIn.body)).toBe(201);
    expect(payIn.body).toMatchObject({
      cashSessionId: session.id,
      kind: 'pay_in',
      amountMinor: 2_000,
      reason: 'Change from the bank',
      approvalId: null,
      actorId: shop.cashier.id,
    });
    const payOut = await move(lane.till, session.id, {
      kind: 'pay_out',
      amountMinor: 3_000,
      reason: 'Window cleaner',
    });
    expect(payOut.status).toBe(201);
    const audit = await auditOf(owner, shop.retailer.tenantId, 'cash_session.pay_out');
    expect(audit.find((a) => a.target_id === payOut.body.id)).toMatchObject({
      actor_id: shop.cashier.id,
      after: { cashSessionId: session.id, amountMinor: 3_000, reason: 'Window cleaner' },
    });
  });

  it('refuses a pay-out larger than the cash expected in the drawer, blind for a cashier', async () => {
    // 150.00 float + 20.00 in − 30.00 out = 140.00 in the drawer.
    const cashier = await refused(
      () =>
        move(lane.till, session.id, { kind: 'pay_out', amountMinor: 14_001, reason: 'Too much' }),
      422,
      'cash_session.insufficient_cash',
    );
    expect(cashier.body.message).not.toContain('140');
    expect(cashier.body.details).not.toHaveProperty('expectedMinor');
    const manager = await refused(
      () =>
        move(shop.manager.caller, session.id, {
          kind: 'pay_out',
          amountMinor: 14_001,
          reason: 'Too much',
        }),
      422,
      'cash_session.insufficient_cash',
    );
    expect(manager.body.details).toMatchObject({ expectedMinor: 14_000 });
    expect(manager.body.message).toContain('140.00 USD');
    // Exactly what is there can be paid out.
    const all = await move(shop.manager.caller, session.id, {
      kind: 'pay_out',
      amountMinor: 14_000,
      reason: 'Safe drop',
    });
    expect(all.status).toBe(201);
    await refused(
      () => move(shop.manager.caller, session.id, { kind: 'pay_out', amountMinor: 1, reason: 'x' }),
      422,
      'cash_session.insufficient_cash',
    );
    await move(shop.manager.caller, session.id, {
      kind: 'pay_in',
      amountMinor: 5_000,
      reason: 'Float top-up',
    });
  });

  it.each([
    ['a zero amount', { kind: 'pay_in', amountMinor: 0, reason: 'x' }],
    ['a negative amount', { kind: 'pay_out', amountMinor: -500, reason: 'x' }],
    ['a fractional amount', { kind: 'pay_in', amountMinor: 10.5, reason: 'x' }],
    ['no reason', { kind: 'pay_in', amountMinor: 100 }],
    ['a blank reason', { kind: 'pay_in', amountMinor: 100, reason: '   ' }],
    ['a no-sale as a movement', { kind: 'no_sale', amountMinor: 0, reason: 'x' }],
  ])('refuses %s', async (_label, body) => {
    await refused(() => move(lane.till, session.id, body), 400, 'validation.failed');
  });

  it('refuses movements on a session that does not exist or a bad id', async () => {
    await refused(
      () => move(lane.till, NO_SUCH_ID, { kind: 'pay_in', amountMinor: 100, reason: 'x' }),
      404,
      'cash_session.not_found',
    );
    await refused(
      () => move(lane.till, 'nope', { kind: 'pay_in', amountMinor: 100, reason: 'x' }),
      400,
      'validation.failed',
    );
    await refused(
      () => move(accountant.caller, session.id, { kind: 'pay_in', amountMinor: 100, reason: 'x' }),
      403,
      'auth.forbidden',
    );
  });

  it("needs a manager's approval for a cashier's no-sale, once per approval", async () => {
    const noSale = (caller: Caller, body: Record<string, unknown> = {}) =>
      caller.post<{ opened: boolean; movementId: string }>(
        api(`/cash-sessions/${session.id}/no-sale`),
        body,
      );
    const asked = await refused(() => noSale(lane.till), 422, 'approval.required');
    expect(asked.body.details).toMatchObject({ action: 'drawer.no_sale' });

    const approval = await lane.till.post<{ id: string }>(api('/approvals'), {
      action: 'drawer.no_sale',
      approverId: shop.manager.id,
      pin: shop.manager.pin,
    });
    expect(approval.status).toBe(201);
    const opened = await noSale(lane.till, { approvalId: approval.body.id });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body).toEqual({ opened: true, movementId: expect.any(String) });
    const { rows } = await owner.query(
      `select m.kind, m.amount_minor::int as amount, m.approval_id, m.actor_id,
         a.consumed_at is not null as consumed
       from cash_movements m join approvals a on a.id = m.approval_id where m.id = $1`,
      [opened.body.movementId],
    );
    expect(rows).toEqual([
      {
        kind: 'no_sale',
        amount: 0,
        approval_id: approval.body.id,
        actor_id: shop.cashier.id,
        consumed: true,
      },
    ]);
    const audit = await auditOf(owner, shop.retailer.tenantId, 'cash_session.no_sale');
    expect(audit.find((a) => a.target_id === opened.body.movementId)?.after).toMatchObject({
      cashSessionId: session.id,
      approvedBy: shop.manager.id,
    });

    // The approval opened the drawer once; a second open needs a new one.
    await refused(
      () => noSale(lane.till, { approvalId: approval.body.id }),
      422,
      'approval.invalid',
    );
    // An approval for another action does not open the drawer.
    const voidApproval = await lane.till.post<{ id: string }>(api('/approvals'), {
      action: 'sale.void',
      approverId: shop.manager.id,
      pin: shop.manager.pin,
    });
    await refused(
      () => noSale(lane.till, { approvalId: voidApproval.body.id }),
      422,
      'approval.invalid',
    );
  });

  it('opens the drawer directly for a manager', async () => {
    const opened = await lane.managerTill.post<{ opened: boolean; movementId: string }>(
      api(`/cash-sessions/${session.id}/no-sale`),
      {},
    );
    expect(opened.status).toBe(201);
    const { rows } = await owner.query(
      'select approval_id, actor_id from cash_movements where id = $1',
      [opened.body.movementId],
    );
    expect(rows).toEqual([{ approval_id: null, actor_id: shop.manager.id }]);
  });
});

describe('X report, blind close and Z report', () => {
  it('reports mid-shift, closes blind for a cashier and shows the Z to a manager', async () => {
    const lane = await freshTills();
    const registerId = lane.registerId;
    const session = await openSession(lane.till, registerId);
    await move(lane.till, session.id, { kind: 'pay_in', amountMinor: 2_500, reason: 'Coins' });
    await move(lane.till, session.id, { kind: 'pay_out', amountMinor: 1_000, reason: 'Milk' });
    await lane.managerTill.post(api(`/cash-sessions/${session.id}/no-sale`), {});

    const x = await shop.manager.caller.get(api(`/cash-sessions/${session.id}/report`));
    expect(x.status, JSON.stringify(x.body)).toBe(200);
    expect(x.body).toMatchObject({
      kind: 'x',
      cashSessionId: session.id,
      status: 'open',
      closedAt: null,
      drawer: {
        openingFloatMinor: FLOAT_MINOR,
        cashSalesMinor: 0,
        cashRefundsMinor: 0,
        payInsMinor: 2_500,
        payOutsMinor: 1_000,
        cashInMinor: 2_500,
        cashOutMinor: 1_000,
        expectedMinor: 16_500,
      },
      sales: { count: 0, totalMinor: 0 },
      payIns: { count: 1, totalMinor: 2_500 },
      payOuts: { count: 1, totalMinor: 1_000 },
      noSaleCount: 1,
      voidsCount: 0,
      tenders: [],
      taxes: [],
    });
    // The cashier may not read the figures: the count stays blind.
    const cashierX = await lane.till.get(api(`/cash-sessions/${session.id}/report`));
    expect(cashierX.status).toBe(403);

    // 165.05 counted against 165.00 expected, closed by the cashier who does not see that.
    const closed = await close(lane.till, session.id, {
      counts: { '2000': 6, '1000': 2, '500': 4, '100': 5, '5': 1 },
      note: 'Busy afternoon',
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'closed',
      closedBy: shop.cashier.id,
      countedMinor: 16_505,
      closingCount: { '2000': 6, '1000': 2, '500': 4, '100': 5, '5': 1 },
      closingNote: 'Busy afternoon',
    });
    expect(closed.body).not.toHaveProperty('expectedMinor');
    expect(closed.body).not.toHaveProperty('overShortMinor');
    expect(JSON.stringify(closed.body)).not.toContain('16500');

    const z = await shop.manager.caller.get(api(`/cash-sessions/${session.id}/z-report`));
    expect(z.status, JSON.stringify(z.body)).toBe(200);
    expect(z.body).toMatchObject({
      kind: 'z',
      status: 'closed',
      closedBy: shop.cashier.id,
      expectedMinor: 16_500,
      countedMinor: 16_505,
      overShortMinor: 5,
      changedSinceClose: false,
      drawer: { expectedMinor: 16_500, payInsMinor: 2_500, payOutsMinor: 1_000 },
      noSaleCount: 1,
      closingNote: 'Busy afternoon',
    });
    expect(z.body.asOf).toBe(z.body.closedAt);
    const cashierZ = await lane.till.get(api(`/cash-sessions/${session.id}/z-report`));
    expect(cashierZ.status).toBe(403);

    const { rows } = await owner.query(
      `select status, counted_minor::int as counted, expected_minor::int as expected,
         over_short_minor::int as over_short, closed_by
       from cash_sessions where id = $1`,
      [session.id],
    );
    expect(rows).toEqual([
      {
        status: 'closed',
        counted: 16_505,
        expected: 16_500,
        over_short: 5,
        closed_by: shop.cashier.id,
      },
    ]);
    const audit = await auditOf(owner, shop.retailer.tenantId, 'cash_session.closed');
    expect(audit.find((a) => a.target_id === session.id)?.after).toMatchObject({
      countedMinor: 16_505,
      expectedMinor: 16_500,
      overShortMinor: 5,
      report: { noSaleCount: 1 },
    });
    const events = await owner.query(
      `select payload from outbox where tenant_id = $1 and topic = 'cash_session.changed'
         and payload->>'cashSessionId' = $2 order by id`,
      [shop.retailer.tenantId, session.id],
    );
    expect(events.rows.map((r) => r.payload.status)).toEqual(['open', 'closed']);

    // Closed means closed: no second close, no movements, no no-sale, and the register is free.
    await refused(
      () => close(shop.manager.caller, session.id, { counts: {} }),
      422,
      'cash_session.closed',
    );
    await refused(
      () => move(shop.manager.caller, session.id, { kind: 'pay_in', amountMinor: 1, reason: 'x' }),
      422,
      'cash_session.closed',
    );
    await refused(
      () => lane.managerTill.post(api(`/cash-sessions/${session.id}/no-sale`), {}),
      422,
      'cash_session.closed',
    );
    const current = await lane.till.get(api(`/registers/${registerId}/cash-sessions/current`));
    expect(current.body.code).toBe('cash_session.not_found');
    const reopened = await openSession(lane.till, registerId, {});
    expect(reopened.openingFloatMinor).toBe(0);
    // The X report of the closed session is as at its close.
    const lateX = await shop.manager.caller.get(api(`/cash-sessions/${session.id}/report`));
    expect(lateX.body).toMatchObject({ asOf: z.body.closedAt, drawer: { expectedMinor: 16_500 } });
  });

  it.each([
    ['over', { '10000': 1, '2000': 3 }, 16_000, 1_000],
    ['short', { '10000': 1, '2000': 2, '500': 1, '25': 3 }, 14_575, -425],
    ['exact', FLOAT, FLOAT_MINOR, 0],
  ])(
    'reports a drawer %s to a manager who closes it',
    async (_label, counts, counted, overShort) => {
      const session = await openSession(shop.manager.caller, await freshRegister());
      const closed = await close(shop.manager.caller, session.id, { counts });
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({
        countedMinor: counted,
        expectedMinor: FLOAT_MINOR,
        overShortMinor: overShort,
      });
      const z = await shop.retailer.owner.get(api(`/cash-sessions/${session.id}/z-report`));
      expect(z.body).toMatchObject({ countedMinor: counted, overShortMinor: overShort });
    },
  );

  it('refuses a close count with a wrong denomination, and a Z report while open', async () => {
    const session = await openSession(shop.manager.caller, await freshRegister());
    await refused(
      () => close(shop.manager.caller, session.id, { counts: { '2': 3 } }),
      422,
      'cash.unknown_denomination',
    );
    await refused(
      () => close(shop.manager.caller, session.id, { counts: { '2000': -2 } }),
      400,
      'validation.failed',
    );
    const z = await shop.manager.caller.get(api(`/cash-sessions/${session.id}/z-report`));
    expect(z.status).toBe(422);
    expect(z.body.code).toBe('cash_session.open');
    const missing = await shop.manager.caller.get(api(`/cash-sessions/${NO_SUCH_ID}/report`));
    expect(missing.body.code).toBe('cash_session.not_found');
  });
});

describe('listing sessions', () => {
  it('lists newest first with filters and a cursor, for cash.read holders only', async () => {
    const registerId = await freshRegister();
    const first = await openSession(shop.manager.caller, registerId);
    await close(shop.manager.caller, first.id, { counts: FLOAT });
    const second = await openSession(shop.manager.caller, registerId);

    const all = await shop.manager.caller.get<{ sessions: CashSessionView[]; nextCursor: null }>(
      api(`/cash-sessions?registerId=${registerId}`),
    );
    expect(all.status).toBe(200);
    expect(all.body.sessions.map((s) => s.id)).toEqual([second.id, first.id]);
    expect(all.body.sessions[1]).toMatchObject({ expectedMinor: FLOAT_MINOR, overShortMinor: 0 });

    const page = await accountant.caller.get<{ sessions: CashSessionView[]; nextCursor: string }>(
      api(`/cash-sessions?registerId=${registerId}&limit=1`),
    );
    expect(page.body.sessions.map((s) => s.id)).toEqual([second.id]);
    const rest = await accountant.caller.get<{ sessions: CashSessionView[] }>(
      api(`/cash-sessions?registerId=${registerId}&limit=1&cursor=${page.body.nextCursor}`),
    );
    expect(rest.body.sessions.map((s) => s.id)).toEqual([first.id]);

    const closedOnly = await shop.manager.caller.get<{ sessions: CashSessionView[] }>(
      api(`/cash-sessions?storeId=${shop.retailer.storeId}&status=closed`),
    );
    expect(closedOnly.body.sessions.every((s) => s.status === 'closed')).toBe(true);
    expect(closedOnly.body.sessions.map((s) => s.id)).toContain(first.id);

    const cashier = await shop.till.get(api('/cash-sessions'));
    expect(cashier.status).toBe(403);
    const badStatus = await shop.manager.caller.get(api('/cash-sessions?status=counting'));
    expect(badStatus.body.code).toBe('validation.failed');
  });

  it('answers the same over GraphQL', async () => {
    const registerId = await freshRegister();
    const session = await openSession(shop.manager.caller, registerId);
    const one = await shop.manager.caller.graphql<{
      cashSession: { id: string; openingFloatMinor: number; openingCount: unknown[] };
    }>(
      `query($id: ID!) { cashSession(id: $id) { id openingFloatMinor status
        openingCount { denominationMinor count } } }`,
      { id: session.id },
    );
    expect(one.body.errors).toBeUndefined();
    expect(one.body.data?.cashSession).toEqual({
      id: session.id,
      openingFloatMinor: FLOAT_MINOR,
      status: 'open',
      openingCount: [
        { denominationMinor: 2000, count: 5 },
        { denominationMinor: 500, count: 8 },
        { denominationMinor: 100, count: 10 },
      ],
    });
    const list = await shop.manager.caller.graphql<{ cashSessions: { id: string }[] }>(
      `query($registerId: ID) { cashSessions(registerId: $registerId, status: "open") { id } }`,
      { registerId },
    );
    expect(list.body.data?.cashSessions).toEqual([{ id: session.id }]);
    const cashier = await shop.till.graphql(`query($id: ID!) { cashSession(id: $id) { id } }`, {
      id: session.id,
    });
    expect(cashier.body.errors?.[0]?.extensions.code).toBe('auth.forbidden');
    const bogus = await shop.manager.caller.graphql(`{ cashSession(id: "nope") { id } }`);
    expect(bogus.body.errors?.[0]?.extensions.code).toBe('cash_session.not_found');
  });
});
