import { isForeignKeyViolation, isRowLevelSecurityViolation, newId, sql } from '@tillpoint/db';
import { connectAsAppRole, connectAsOwner } from '@tillpoint/db/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStaff,
  type Caller,
  createTestApp,
  type Response,
  type Retailer,
  type StaffMember,
  signUpRetailer,
  type TestApp,
} from '../../testing/index.ts';
import { expectRlsForced } from '../../testing/rls.ts';
import type { CashSessionView } from './schemas.ts';
import {
  api,
  expectRefusedWithoutTrace,
  FLOAT,
  fingerprint,
  openSession,
  openShop,
  type Shop,
} from './test-support.ts';

// Other tenants see nothing of a drawer; staff of another store cannot touch it; and the tables
// hold one tenant's rows for the app role whatever the SQL says.

const TABLES = ['cash_sessions', 'cash_movements'] as const;

let t: TestApp;
let owner: pg.Client;
let appRole: pg.Client;
let shop: Shop;
let stranger: Retailer;
let session: CashSessionView;
let storeB: string;
let registerB: string;
let managerB: StaffMember;
let accountantB: StaffMember;

beforeAll(async () => {
  t = await createTestApp();
  owner = await connectAsOwner();
  appRole = await connectAsAppRole();
  shop = await openShop(t, 'Guarded Goods');
  stranger = await signUpRetailer(t.app, 'Stranger Stores');
  session = await openSession(shop.till, shop.registerId);
  const payIn = await shop.till.post(api(`/cash-sessions/${session.id}/movements`), {
    kind: 'pay_in',
    amountMinor: 1_000,
    reason: 'Coins',
  });
  expect(payIn.status).toBe(201);
  const store = await shop.retailer.owner.post<{ id: string }>(api('/stores'), {
    name: 'Uptown',
    timezone: 'America/Chicago',
  });
  storeB = store.body.id;
  const register = await shop.retailer.owner.post<{ id: string }>(
    api(`/stores/${storeB}/registers`),
    { name: 'Uptown till' },
  );
  registerB = register.body.id;
  managerB = await addStaff(t.app, shop.retailer, 'manager', { storeIds: [storeB] });
  accountantB = await addStaff(t.app, shop.retailer, 'accountant', { storeIds: [storeB] });
});
afterAll(async () => {
  await appRole.end();
  await owner.end();
  await t.close();
});

/** Every way into a session by id, as one caller. */
function attempts(caller: Caller, id: string): [string, () => Promise<Response>][] {
  return [
    ['read', () => caller.get(api(`/cash-sessions/${id}`))],
    ['X report', () => caller.get(api(`/cash-sessions/${id}/report`))],
    ['Z report', () => caller.get(api(`/cash-sessions/${id}/z-report`))],
    [
      'pay in',
      () =>
        caller.post(api(`/cash-sessions/${id}/movements`), {
          kind: 'pay_in',
          amountMinor: 100,
          reason: 'x',
        }),
    ],
    [
      'pay out',
      () =>
        caller.post(api(`/cash-sessions/${id}/movements`), {
          kind: 'pay_out',
          amountMinor: 100,
          reason: 'x',
        }),
    ],
    ['no-sale', () => caller.post(api(`/cash-sessions/${id}/no-sale`), {})],
    ['close', () => caller.post(api(`/cash-sessions/${id}/close`), { counts: FLOAT })],
  ];
}

describe('another tenant', () => {
  it("cannot see, report on, move cash in or close a tenant's drawer", async () => {
    const mine = await fingerprint(owner, shop.retailer.tenantId);
    for (const [label, attempt] of attempts(stranger.owner, session.id)) {
      const response = await attempt();
      expect(response.status, `${label}: ${JSON.stringify(response.body)}`).toBe(404);
      expect(response.body.code, label).toBe('cash_session.not_found');
    }
    for (const path of ['cash-sessions', 'cash-sessions/current']) {
      const response =
        path === 'cash-sessions'
          ? await stranger.owner.post(api(`/registers/${shop.registerId}/${path}`), {
              counts: {},
            })
          : await stranger.owner.get(api(`/registers/${shop.registerId}/${path}`));
      expect(response.body.code, path).toBe('register.not_found');
    }
    const list = await stranger.owner.get<{ sessions: CashSessionView[] }>(api('/cash-sessions'));
    expect(list.body.sessions).toEqual([]);
    const filtered = await stranger.owner.get(api(`/cash-sessions?registerId=${shop.registerId}`));
    expect(filtered.body.code).toBe('register.not_found');
    const graphql = await stranger.owner.graphql(
      `query($id: ID!) { cashSession(id: $id) { id } }`,
      {
        id: session.id,
      },
    );
    expect(graphql.body.errors?.[0]?.extensions.code).toBe('cash_session.not_found');
    expect(await fingerprint(owner, shop.retailer.tenantId)).toEqual(mine);
  });
});

describe('staff of another store', () => {
  it('cannot touch a drawer in a store they are not assigned to, and it writes nothing', async () => {
    for (const [label, attempt] of attempts(managerB.caller, session.id)) {
      const response = await expectRefusedWithoutTrace(
        owner,
        shop.retailer.tenantId,
        attempt,
        403,
        'auth.store_forbidden',
      );
      expect(response.body.details, label).toMatchObject({ storeId: shop.retailer.storeId });
    }
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () =>
        managerB.caller.post(api(`/registers/${shop.registerId}/cash-sessions`), { counts: {} }),
      403,
      'auth.store_forbidden',
    );
    const current = await managerB.caller.get(
      api(`/registers/${shop.registerId}/cash-sessions/current`),
    );
    expect(current.body.code).toBe('auth.store_forbidden');
    const report = await accountantB.caller.get(api(`/cash-sessions/${session.id}/report`));
    expect(report.body.code).toBe('auth.store_forbidden');
  });

  it("lists only their own stores' sessions", async () => {
    const own = await openSession(managerB.caller, registerB);
    const list = await accountantB.caller.get<{ sessions: CashSessionView[] }>(
      api('/cash-sessions'),
    );
    expect(list.body.sessions.map((s) => s.id)).toEqual([own.id]);
    const forA = await accountantB.caller.get(
      api(`/cash-sessions?storeId=${shop.retailer.storeId}`),
    );
    expect(forA.body.code).toBe('auth.store_forbidden');
    const byRegister = await accountantB.caller.get(
      api(`/cash-sessions?registerId=${shop.registerId}`),
    );
    expect(byRegister.body.code).toBe('auth.store_forbidden');
  });

  it("keeps a register's PIN session to its own store, even for a manager of all stores", async () => {
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => shop.managerTill.post(api(`/registers/${registerB}/cash-sessions`), { counts: {} }),
      403,
      'auth.store_forbidden',
    );
  });
});

describe('row-level security of cash sessions and movements', () => {
  it('enables and forces RLS on both tables', async () => {
    await expectRlsForced(owner, TABLES);
  });

  it('shows the app role nothing without a tenant, and each tenant only its own rows', async () => {
    for (const table of TABLES) {
      const { rows } = await appRole.query(`select count(*)::int as n from ${table}`);
      expect(rows[0], table).toEqual({ n: 0 });
      const count = (tenantId: string) =>
        t.db.withTenant({ tenantId }, (tx) =>
          tx.one<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`),
        );
      expect((await count(shop.retailer.tenantId)).n, table).toBeGreaterThan(0);
      expect((await count(stranger.tenantId)).n, table).toBe(0);
    }
  });

  it("cannot write into another tenant's drawer or change it", async () => {
    const b = { tenantId: stranger.tenantId };
    await expect(
      t.db.withTenant(b, (tx) =>
        tx.execute(sql`insert into cash_movements (tenant_id, id, cash_session_id, kind,
            amount_minor, reason, actor_id)
          values (${shop.retailer.tenantId}, ${newId()}, ${session.id}, 'pay_out', 100, 'theft',
            ${shop.cashier.id})`),
      ),
    ).rejects.toSatisfy(isRowLevelSecurityViolation);
    const changed = await t.db.withTenant(b, (tx) =>
      tx.execute(sql`update cash_sessions set opening_float_minor = 0 where id = ${session.id}`),
    );
    expect(changed).toBe(0);
    // Movements are append-only for the app role, even within the tenant.
    await expect(
      t.db.withTenant({ tenantId: shop.retailer.tenantId }, (tx) =>
        tx.execute(sql`delete from cash_movements where cash_session_id = ${session.id}`),
      ),
    ).rejects.toSatisfy(isRowLevelSecurityViolation);
  });

  it("cannot point a movement at another tenant's session, even as the table owner", async () => {
    await expect(
      owner.query(
        `insert into cash_movements (tenant_id, cash_session_id, kind, amount_minor, reason,
           actor_id) values ($1, $2, 'pay_in', 100, 'x', $3)`,
        [stranger.tenantId, session.id, shop.cashier.id],
      ),
    ).rejects.toSatisfy(isForeignKeyViolation);
  });
});
