import { connectAsOwner } from '@tillpoint/db/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStaff,
  Caller,
  createTestApp,
  pairDevice,
  type Response,
  type Retailer,
  type StaffMember,
  signUpRetailer,
  type TestApp,
} from './testing/index.ts';

let t: TestApp;
let owner: pg.Client;

beforeAll(async () => {
  t = await createTestApp();
  owner = await connectAsOwner();
  const { rows } = await owner.query<{ table_name: string }>(
    `select distinct table_name from information_schema.columns
     where table_schema = 'public' and column_name = 'tenant_id' order by table_name`,
  );
  TENANT_TABLES = ['tenants', ...rows.map((row) => row.table_name)];
});
afterAll(async () => {
  await owner.end();
  await t.close();
});

// Every table that holds a tenant's rows, read from the schema so new tables are covered too.
let TENANT_TABLES: string[] = [];

/** Every row a tenant owns, as the migration owner sees it (no RLS, no application code). */
async function snapshot(tenantId: string): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of TENANT_TABLES) {
    const column = table === 'tenants' ? 'id' : 'tenant_id';
    const { rows } = await owner.query(
      `select to_jsonb(x) as row from ${table} x where ${column} = $1 order by to_jsonb(x)::text`,
      [tenantId],
    );
    result[table] = rows.map((row: { row: unknown }) => row.row);
  }
  return result;
}

function expectRefused(response: Response, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.code).toBe(code);
}

describe('between tenants', () => {
  let a: Retailer;
  let b: Retailer;
  let bRegisterId: string;
  let bDeviceId: string;
  let bStaff: StaffMember;
  let bManager: StaffMember;
  let bTokenId: string;
  let aStaff: StaffMember;
  let aToken: string;
  let bIds: string[];

  beforeAll(async () => {
    a = await signUpRetailer(t.app, 'Alpha Apparel');
    b = await signUpRetailer(t.app, 'Beta Bikes');
    const paired = await pairDevice(t.app, b.owner, b.storeId, 'Beta Till');
    bRegisterId = paired.registerId;
    bDeviceId = paired.deviceId;
    bStaff = await addStaff(t.app, b, 'cashier');
    bManager = await addStaff(t.app, b, 'manager');
    const bToken = await b.owner.post<{ apiToken: { id: string } }>('/api/v1/api-tokens', {
      name: 'Beta books sync',
      scopes: ['stores.read'],
    });
    expect(bToken.status).toBe(201);
    bTokenId = bToken.body.apiToken.id;
    aStaff = await addStaff(t.app, a, 'cashier');
    const token = await a.owner.post<{ token: string }>('/api/v1/api-tokens', {
      name: 'Alpha integration',
      scopes: ['stores.read', 'stores.manage', 'registers.read', 'registers.manage', 'audit.read'],
    });
    expect(token.status).toBe(201);
    aToken = token.body.token;
    bIds = [
      b.tenantId,
      b.storeId,
      b.ownerId,
      bRegisterId,
      bDeviceId,
      bStaff.id,
      bManager.id,
      bTokenId,
    ];
  });

  /** Runs the attempts, then checks that neither B nor A changed in the database. */
  async function attempt(run: () => Promise<void>): Promise<void> {
    const beforeB = await snapshot(b.tenantId);
    const beforeA = await snapshot(a.tenantId);
    await run();
    expect(await snapshot(b.tenantId)).toEqual(beforeB);
    // A refusal writes nothing on the caller's side either, not even an audit event.
    const afterA = await snapshot(a.tenantId);
    expect(afterA.audit_events).toEqual(beforeA.audit_events);
    expect(afterA.stores).toEqual(beforeA.stores);
    expect(afterA.registers).toEqual(beforeA.registers);
    expect(afterA.register_pairings).toEqual(beforeA.register_pairings);
  }

  it("cannot read, change or archive another tenant's store", async () => {
    await attempt(async () => {
      expectRefused(await a.owner.get(`/api/v1/stores/${b.storeId}`), 404, 'store.not_found');
      expectRefused(
        await a.owner.patch(`/api/v1/stores/${b.storeId}`, { name: 'Pwned' }),
        404,
        'store.not_found',
      );
      expectRefused(
        await a.owner.post(`/api/v1/stores/${b.storeId}/archive`),
        404,
        'store.not_found',
      );
    });
  });

  it("cannot archive another tenant's store even when it has a second store of its own", async () => {
    const second = await a.owner.post<{ id: string }>('/api/v1/stores', {
      name: 'Alpha Outlet',
      timezone: 'America/Chicago',
    });
    expect(second.status).toBe(201);
    await attempt(async () => {
      expectRefused(
        await a.owner.post(`/api/v1/stores/${b.storeId}/archive`),
        404,
        'store.not_found',
      );
    });
  });

  it("cannot list or create registers under another tenant's store", async () => {
    await attempt(async () => {
      expectRefused(
        await a.owner.get(`/api/v1/stores/${b.storeId}/registers`),
        404,
        'store.not_found',
      );
      expectRefused(
        await a.owner.post(`/api/v1/stores/${b.storeId}/registers`, { name: 'Trojan Till' }),
        404,
        'store.not_found',
      );
    });
  });

  it("cannot read, rename, archive or pair another tenant's register", async () => {
    await attempt(async () => {
      expectRefused(
        await a.owner.get(`/api/v1/registers/${bRegisterId}`),
        404,
        'register.not_found',
      );
      expectRefused(
        await a.owner.patch(`/api/v1/registers/${bRegisterId}`, { name: 'Renamed' }),
        404,
        'register.not_found',
      );
      expectRefused(
        await a.owner.post(`/api/v1/registers/${bRegisterId}/archive`),
        404,
        'register.not_found',
      );
      expectRefused(
        await a.owner.post(`/api/v1/registers/${bRegisterId}/pairing-codes`),
        404,
        'register.not_found',
      );
    });
  });

  it("cannot read or change another tenant's users", async () => {
    await attempt(async () => {
      expectRefused(await a.owner.get(`/api/v1/users/${bStaff.id}`), 404, 'user.not_found');
      expectRefused(await a.owner.get(`/api/v1/users/${b.ownerId}`), 404, 'user.not_found');
      expectRefused(
        await a.owner.patch(`/api/v1/users/${bStaff.id}`, { status: 'disabled' }),
        404,
        'user.not_found',
      );
      expectRefused(
        await a.owner.put(`/api/v1/users/${bStaff.id}/pin`, { pin: '8642' }),
        404,
        'user.not_found',
      );
      expectRefused(await a.owner.post(`/api/v1/users/${bStaff.id}/unlock`), 404, 'user.not_found');
    });
  });

  it("cannot give its own staff another tenant's store", async () => {
    await attempt(async () => {
      expectRefused(
        await a.owner.patch(`/api/v1/users/${aStaff.id}`, { storeIds: [b.storeId] }),
        404,
        'store.not_found',
      );
    });
    const { rows } = await owner.query('select store_id from user_stores where user_id = $1', [
      aStaff.id,
    ]);
    expect(rows).toEqual([]);
  });

  it("cannot revoke another tenant's device or API token", async () => {
    await attempt(async () => {
      expectRefused(
        await a.owner.post(`/api/v1/devices/${bDeviceId}/revoke`),
        404,
        'device.not_found',
      );
      expectRefused(
        await a.owner.post(`/api/v1/api-tokens/${bTokenId}/revoke`),
        404,
        'api_token.not_found',
      );
    });
  });

  it("cannot use another tenant's manager to approve", async () => {
    await attempt(async () => {
      const response = await a.owner.post('/api/v1/approvals', {
        action: 'drawer.no_sale',
        approverId: bManager.id,
        pin: bManager.pin,
      });
      expectRefused(response, 422, 'approval.not_allowed');
    });
  });

  it("cannot filter the audit trail by another tenant's store", async () => {
    await attempt(async () => {
      const response = await a.owner.get(`/api/v1/audit-events?storeId=${b.storeId}`);
      expectRefused(response, 404, 'store.not_found');
      expect(JSON.stringify(response.body)).not.toContain(bRegisterId);
    });
    // Naming B's users or registers as actor or target just finds nothing of A's.
    const byActor = await a.owner.get<{ events: unknown[] }>(
      `/api/v1/audit-events?actorId=${b.ownerId}`,
    );
    expect(byActor.status).toBe(200);
    expect(byActor.body.events).toEqual([]);
    const byTarget = await a.owner.get<{ events: unknown[] }>(
      `/api/v1/audit-events?targetType=register&targetId=${bRegisterId}`,
    );
    expect(byTarget.status).toBe(200);
    expect(byTarget.body.events).toEqual([]);
  });

  it("an API token of one tenant cannot reach another tenant's rows", async () => {
    const integration = new Caller(t.app, { bearer: aToken });
    await attempt(async () => {
      expectRefused(await integration.get(`/api/v1/stores/${b.storeId}`), 404, 'store.not_found');
      expectRefused(
        await integration.patch(`/api/v1/stores/${b.storeId}`, { name: 'Pwned' }),
        404,
        'store.not_found',
      );
      expectRefused(
        await integration.post(`/api/v1/stores/${b.storeId}/registers`, { name: 'Sneaky' }),
        404,
        'store.not_found',
      );
      expectRefused(
        await integration.patch(`/api/v1/registers/${bRegisterId}`, { name: 'Sneaky' }),
        404,
        'register.not_found',
      );
      expectRefused(
        await integration.get(`/api/v1/audit-events?storeId=${b.storeId}`),
        404,
        'store.not_found',
      );
    });
    const stores = await integration.get<{ id: string }[]>('/api/v1/stores');
    expect(stores.status).toBe(200);
    expect(stores.body.map((store) => store.id)).toContain(a.storeId);
    expect(JSON.stringify(stores.body)).not.toContain(b.storeId);
  });

  it("GraphQL reports another tenant's store, register and user as not found", async () => {
    await attempt(async () => {
      const store = await a.owner.graphql(
        'query ($id: ID!) { store(id: $id) { id name registers { id } } }',
        { id: b.storeId },
      );
      expect(store.body.data).toBeNull();
      expect(store.body.errors?.[0]?.extensions.code).toBe('store.not_found');
      const user = await a.owner.graphql('query ($id: ID!) { user(id: $id) { id } }', {
        id: bStaff.id,
      });
      expect(user.body.data).toBeNull();
      expect(user.body.errors?.[0]?.extensions.code).toBe('user.not_found');
      const register = await a.owner.graphql(
        'mutation ($storeId: ID!) { createRegister(storeId: $storeId, name: "Sneaky") { id } }',
        { storeId: b.storeId },
      );
      expect(register.body.data).toBeNull();
      expect(register.body.errors?.[0]?.extensions.code).toBe('store.not_found');
      const audit = await a.owner.graphql(
        'query ($storeId: ID!) { auditEvents(storeId: $storeId) { events { seq } } }',
        { storeId: b.storeId },
      );
      expect(audit.body.data).toBeNull();
      expect(audit.body.errors?.[0]?.extensions.code).toBe('store.not_found');
    });
  });

  it("lists never include another tenant's rows", async () => {
    const responses = await Promise.all([
      a.owner.get('/api/v1/stores?includeArchived=true'),
      a.owner.get(`/api/v1/stores/${a.storeId}/registers?includeArchived=true`),
      a.owner.get('/api/v1/users'),
      a.owner.get('/api/v1/devices?includeRevoked=true'),
      a.owner.get('/api/v1/api-tokens'),
      a.owner.get('/api/v1/audit-events?limit=200'),
      a.owner.get('/api/v1/tenant'),
      a.owner.get('/api/v1/me'),
      a.owner.graphql(
        '{ tenant { id } stores(includeArchived: true) { id registers(includeArchived: true) { id storeId } } users { id storeIds } auditEvents(limit: 200) { events { seq actorId targetId storeId } } }',
      ),
    ]);
    for (const response of responses) {
      expect(response.status).toBe(200);
      const text = JSON.stringify(response.body);
      for (const id of bIds) expect(text).not.toContain(id);
    }
    const stores = responses[0]?.body as unknown as { id: string }[];
    expect(stores.map((store) => store.id)).toContain(a.storeId);
    const users = responses[2]?.body as unknown as { id: string }[];
    expect(users.map((user) => user.id).sort()).toEqual([a.ownerId, aStaff.id].sort());

    // And B still sees its own.
    const bStores = await b.owner.get<{ id: string }[]>('/api/v1/stores');
    expect(bStores.body.map((store) => store.id)).toEqual([b.storeId]);
    const bDevices = await b.owner.get<{ id: string }[]>('/api/v1/devices');
    expect(bDevices.body.map((device) => device.id)).toEqual([bDeviceId]);
  });
});

describe('between stores of one tenant', () => {
  let retailer: Retailer;
  let storeA1: string;
  let storeA2: string;
  let registerA2: string;
  let deviceA2: string;
  let manager: StaffMember;

  beforeAll(async () => {
    retailer = await signUpRetailer(t.app, 'Two Store Traders');
    storeA1 = retailer.storeId;
    const second = await retailer.owner.post<{ id: string }>('/api/v1/stores', {
      name: 'Second Street',
      timezone: 'America/Chicago',
    });
    expect(second.status).toBe(201);
    storeA2 = second.body.id;
    const paired = await pairDevice(t.app, retailer.owner, storeA2, 'Second Till');
    registerA2 = paired.registerId;
    deviceA2 = paired.deviceId;
    manager = await addStaff(t.app, retailer, 'manager', { storeIds: [storeA1] });
  });

  it('lists only the stores a limited manager is assigned to', async () => {
    const stores = await manager.caller.get<{ id: string }[]>('/api/v1/stores');
    expect(stores.status).toBe(200);
    expect(stores.body.map((store) => store.id)).toEqual([storeA1]);
    const all = await manager.caller.get<{ id: string }[]>('/api/v1/stores?includeArchived=true');
    expect(all.body.map((store) => store.id)).toEqual([storeA1]);
    const devices = await manager.caller.get<{ id: string }[]>(
      '/api/v1/devices?includeRevoked=true',
    );
    expect(devices.status).toBe(200);
    expect(devices.body.map((device) => device.id)).not.toContain(deviceA2);
    const graphql = await manager.caller.graphql<{ stores: { id: string }[] }>('{ stores { id } }');
    expect(graphql.body.data?.stores.map((store) => store.id)).toEqual([storeA1]);
    // The owner sees both.
    const ownerStores = await retailer.owner.get<{ id: string }[]>('/api/v1/stores');
    expect(ownerStores.body.map((store) => store.id).sort()).toEqual([storeA1, storeA2].sort());
  });

  it('refuses a limited manager anything in the other store with 403', async () => {
    const before = await snapshot(retailer.tenantId);
    const caller = manager.caller;
    const forbidden = 'auth.store_forbidden';
    expectRefused(await caller.get(`/api/v1/stores/${storeA2}`), 403, forbidden);
    expectRefused(await caller.get(`/api/v1/stores/${storeA2}/registers`), 403, forbidden);
    expectRefused(
      await caller.post(`/api/v1/stores/${storeA2}/registers`, { name: 'Sneaky' }),
      403,
      forbidden,
    );
    expectRefused(await caller.get(`/api/v1/registers/${registerA2}`), 403, forbidden);
    expectRefused(
      await caller.patch(`/api/v1/registers/${registerA2}`, { name: 'Renamed' }),
      403,
      forbidden,
    );
    expectRefused(await caller.post(`/api/v1/registers/${registerA2}/archive`), 403, forbidden);
    expectRefused(
      await caller.post(`/api/v1/registers/${registerA2}/pairing-codes`),
      403,
      forbidden,
    );
    expectRefused(await caller.post(`/api/v1/devices/${deviceA2}/revoke`), 403, forbidden);
    expectRefused(await caller.get(`/api/v1/devices?storeId=${storeA2}`), 403, forbidden);
    // Changing a store at all needs stores.manage, which a manager does not hold.
    expectRefused(
      await caller.patch(`/api/v1/stores/${storeA2}`, { name: 'Mine Now' }),
      403,
      'auth.forbidden',
    );
    expectRefused(await caller.post(`/api/v1/stores/${storeA2}/archive`), 403, 'auth.forbidden');

    const store = await caller.graphql('query ($id: ID!) { store(id: $id) { id } }', {
      id: storeA2,
    });
    expect(store.body.data).toBeNull();
    expect(store.body.errors?.[0]?.extensions.code).toBe(forbidden);
    const register = await caller.graphql(
      'mutation ($storeId: ID!) { createRegister(storeId: $storeId, name: "Sneaky") { id } }',
      { storeId: storeA2 },
    );
    expect(register.body.data).toBeNull();
    expect(register.body.errors?.[0]?.extensions.code).toBe(forbidden);

    expect(await snapshot(retailer.tenantId)).toEqual(before);
  });

  it('still lets the limited manager work in their own store', async () => {
    expect((await manager.caller.get(`/api/v1/stores/${storeA1}`)).status).toBe(200);
    const register = await manager.caller.post<{ id: string; storeId: string }>(
      `/api/v1/stores/${storeA1}/registers`,
      { name: 'Manager Till' },
    );
    expect(register.status).toBe(201);
    expect(register.body.storeId).toBe(storeA1);
    const code = await manager.caller.post(`/api/v1/registers/${register.body.id}/pairing-codes`);
    expect(code.status).toBe(201);
  });
});
