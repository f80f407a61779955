import { randomBytes, randomUUID } from 'node:crypto';
import { connectAsAppRole } from '@tillpoint/db/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStaff,
  Caller,
  pairDevice,
  pinSignIn,
  type Retailer,
  signIn,
  signUpRetailer,
  TEST_PASSWORD,
  type TestApp,
  uniqueEmail,
} from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';

let t: TestApp;
let owner: pg.Client;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
});
afterAll(() => closeAppWithOwner({ t, owner }));

interface AuditEvent {
  seq: number;
  id: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  storeId: string | null;
  deviceId: string | null;
  ip: string | null;
  requestId: string | null;
  before: unknown;
  after: unknown;
  hash: string;
}
interface AuditPage {
  events: AuditEvent[];
  nextCursor: string | null;
}
interface ChainReport {
  ok: boolean;
  checked: number;
  headSeq: number;
  firstBreak: { seq: number; reason: string } | null;
}

/** Same shape as AuditEvent, but before/after are JSON text (GraphQL has no JSON scalar here). */
type GraphqlAuditEvent = Omit<AuditEvent, 'before' | 'after'> & {
  before: string | null;
  after: string | null;
};

const EVENT_FIELDS = `seq id occurredAt actorType actorId action targetType targetId storeId
  deviceId ip requestId before after hash`;

function requestId(label: string): string {
  return `${label}-${randomBytes(8).toString('hex')}`;
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function list(
  caller: Caller,
  params: Record<string, string | number | undefined> = {},
): Promise<AuditPage> {
  const response = await caller.get<AuditPage>(`/api/v1/audit-events${query(params)}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

/** Every page, following nextCursor, newest first. */
async function listAll(
  caller: Caller,
  params: Record<string, string | number | undefined> = {},
): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const body = await list(caller, { ...params, cursor });
    events.push(...body.events);
    if (body.nextCursor === null) return events;
    cursor = body.nextCursor;
  }
  throw new Error('pagination did not end');
}

async function verify(caller: Caller): Promise<ChainReport> {
  const response = await caller.get<ChainReport>('/api/v1/audit-events/verify');
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

async function graphqlEvents(
  caller: Caller,
  variables: Record<string, unknown>,
): Promise<{ events: AuditEvent[]; nextCursor: string | null }> {
  const response = await caller.graphql<{
    auditEvents: { events: GraphqlAuditEvent[]; nextCursor: string | null };
  }>(
    `query Audit($action: String, $actorId: ID, $targetType: String, $targetId: String,
        $storeId: ID, $cursor: String, $limit: Int) {
      auditEvents(action: $action, actorId: $actorId, targetType: $targetType,
          targetId: $targetId, storeId: $storeId, cursor: $cursor, limit: $limit) {
        nextCursor
        events { ${EVENT_FIELDS} }
      }
    }`,
    variables,
  );
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  const page = response.body.data?.auditEvents;
  if (!page) throw new Error('no auditEvents data');
  return {
    nextCursor: page.nextCursor,
    events: page.events.map((event) => ({
      ...event,
      before: event.before === null ? null : JSON.parse(event.before),
      after: event.after === null ? null : JSON.parse(event.after),
    })),
  };
}

/** The tenant's rows as the migration owner sees them (no RLS, no application code). */
async function rowsOf(tenantId: string) {
  const { rows } = await owner.query<{
    seq: number;
    action: string;
    actor_type: string;
    actor_id: string | null;
    target_type: string | null;
    target_id: string | null;
    store_id: string | null;
    device_id: string | null;
    ip: string | null;
    request_id: string | null;
    before: unknown;
    after: unknown;
    prev_hash: string;
    hash: string;
  }>(
    `select seq::int as seq, action, actor_type, actor_id, target_type, target_id, store_id,
       device_id, host(ip) as ip, request_id, before, after,
       encode(prev_hash, 'hex') as prev_hash, encode(hash, 'hex') as hash
     from audit_events where tenant_id = $1 order by seq`,
    [tenantId],
  );
  return rows;
}

async function headOf(tenantId: string): Promise<{ seq: number; hash: string } | null> {
  const { rows } = await owner.query<{ seq: number; hash: string }>(
    `select seq::int as seq, encode(hash, 'hex') as hash from audit_chain_heads where tenant_id = $1`,
    [tenantId],
  );
  return rows[0] ?? null;
}

/**
 * A retailer with six events: tenant.signed_up, auth.signed_in, store.created,
 * register.created, register.renamed, store.updated.
 */
async function retailerWithHistory(name: string): Promise<Retailer> {
  const retailer = await signUpRetailer(t.app, name);
  const store = await retailer.owner.post<{ id: string }>('/api/v1/stores', {
    name: 'Riverside',
    timezone: 'America/Chicago',
  });
  expect(store.status).toBe(201);
  const register = await retailer.owner.post<{ id: string }>(
    `/api/v1/stores/${retailer.storeId}/registers`,
    { name: 'Till 1' },
  );
  expect(register.status).toBe(201);
  expect(
    (await retailer.owner.patch(`/api/v1/registers/${register.body.id}`, { name: 'Till One' }))
      .status,
  ).toBe(200);
  expect(
    (await retailer.owner.patch(`/api/v1/stores/${store.body.id}`, { receiptFooter: 'Bye!' }))
      .status,
  ).toBe(200);
  expect((await rowsOf(retailer.tenantId)).map((row) => row.action)).toEqual([
    'tenant.signed_up',
    'auth.signed_in',
    'store.created',
    'register.created',
    'register.renamed',
    'store.updated',
  ]);
  return retailer;
}

describe('recording', () => {
  it('records actor, action, target, store, ip, request id and before/after for API actions', async () => {
    const signupCaller = new Caller(t.app);
    const email = uniqueEmail('audit');
    const signupRequest = requestId('signup');
    const signup = await signupCaller.request<{
      tenantId: string;
      userId: string;
      storeId: string;
    }>(
      'POST',
      '/api/v1/signup',
      {
        businessName: 'Ledger & Co',
        ownerName: 'Avery Audit',
        email,
        password: TEST_PASSWORD,
        country: 'US',
        currency: 'USD',
        timezone: 'America/Chicago',
      },
      { 'x-request-id': signupRequest },
    );
    expect(signup.status).toBe(201);
    expect(signup.headers['x-request-id']).toBe(signupRequest);
    const { tenantId, userId } = signup.body;
    const session = await signIn(t.app, email, TEST_PASSWORD);
    const ownerCaller = session.caller;
    if (!ownerCaller) throw new Error('sign-in failed');

    const storeRequest = requestId('store');
    const store = await ownerCaller.request<{ id: string; name: string }>(
      'POST',
      '/api/v1/stores',
      { name: 'Harbour Front', timezone: 'America/Chicago', code: 'HF-1' },
      { 'x-request-id': storeRequest },
    );
    expect(store.status).toBe(201);

    const register = await ownerCaller.post<{ id: string }>(
      `/api/v1/stores/${store.body.id}/registers`,
      { name: 'Front Till' },
    );
    expect(register.status).toBe(201);
    const renameRequest = requestId('rename');
    const renamed = await ownerCaller.request(
      'PATCH',
      `/api/v1/registers/${register.body.id}`,
      { name: 'Window Till' },
      { 'x-request-id': renameRequest },
    );
    expect(renamed.status).toBe(200);

    const staffRequest = requestId('staff');
    const staffPassword = 'another-strong-passphrase-7';
    const staff = await ownerCaller.request<{ id: string }>(
      'POST',
      '/api/v1/users',
      {
        name: 'Casey Cashier',
        email: uniqueEmail('cashier'),
        role: 'cashier',
        password: staffPassword,
        pin: '7391',
        storeIds: [store.body.id],
      },
      { 'x-request-id': staffRequest },
    );
    expect(staff.status).toBe(201);

    const rows = await rowsOf(tenantId);
    expect(rows.map((row) => row.action)).toEqual([
      'tenant.signed_up',
      'auth.signed_in',
      'store.created',
      'register.created',
      'register.renamed',
      'staff.created',
    ]);
    expect(rows.map((row) => row.seq)).toEqual([1, 2, 3, 4, 5, 6]);

    const events = await listAll(ownerCaller);
    expect(events.map((event) => event.seq)).toEqual([6, 5, 4, 3, 2, 1]);
    const byAction = (action: string): AuditEvent => {
      const event = events.find((candidate) => candidate.action === action);
      if (!event) throw new Error(`no ${action} event`);
      return event;
    };

    expect(byAction('tenant.signed_up')).toMatchObject({
      actorType: 'user',
      actorId: userId,
      targetType: 'tenant',
      targetId: tenantId,
      storeId: null,
      ip: signupCaller.ip,
      requestId: signupRequest,
      before: null,
      after: { name: 'Ledger & Co', country: 'US', currency: 'USD', email },
    });
    expect(byAction('auth.signed_in')).toMatchObject({
      actorType: 'user',
      actorId: userId,
      targetType: 'session',
      ip: ownerCaller.ip,
    });
    expect(byAction('store.created')).toMatchObject({
      actorType: 'user',
      actorId: userId,
      targetType: 'store',
      targetId: store.body.id,
      storeId: store.body.id,
      deviceId: null,
      ip: ownerCaller.ip,
      requestId: storeRequest,
      before: null,
      after: { id: store.body.id, name: 'Harbour Front', code: 'HF-1' },
    });
    expect(byAction('register.renamed')).toMatchObject({
      actorId: userId,
      targetType: 'register',
      targetId: register.body.id,
      storeId: store.body.id,
      ip: ownerCaller.ip,
      requestId: renameRequest,
      before: { name: 'Front Till' },
      after: { name: 'Window Till' },
    });
    const staffCreated = byAction('staff.created');
    expect(staffCreated).toMatchObject({
      actorId: userId,
      targetType: 'user',
      targetId: staff.body.id,
      requestId: staffRequest,
      after: { id: staff.body.id, role: 'cashier', storeIds: [store.body.id], hasPin: true },
    });
    // Never secrets: no password, PIN or hash in the trail.
    const trail = JSON.stringify(events);
    expect(trail).not.toContain(staffPassword);
    expect(trail).not.toContain(TEST_PASSWORD);
    expect(trail).not.toContain('"7391"');
    expect(trail).not.toMatch(/"(pin|pinHash|password|passwordHash|tokenHash)"/);
    expect(trail).not.toContain('$argon2');
    // Request ids the server made up are recorded too, and every event has one.
    for (const event of events) expect(event.requestId).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
    // The API shows what the database holds.
    for (const event of events) {
      const row = rows.find((candidate) => candidate.seq === event.seq);
      expect(row?.hash).toBe(event.hash);
      expect(row?.store_id).toBe(event.storeId);
      expect(row?.request_id).toBe(event.requestId);
    }
  });

  it('records the device for pairing and PIN sign-in on a register', async () => {
    const retailer = await signUpRetailer(t.app, 'Device Audit Shop');
    const cashier = await addStaff(t.app, retailer, 'cashier');
    const paired = await pairDevice(t.app, retailer.owner, retailer.storeId);
    await pinSignIn(t.app, paired.device, cashier.id, cashier.pin);

    const pairedEvent = (await list(retailer.owner, { action: 'device.paired' })).events;
    expect(pairedEvent).toHaveLength(1);
    expect(pairedEvent[0]).toMatchObject({
      actorType: 'device',
      actorId: paired.deviceId,
      targetType: 'register',
      targetId: paired.registerId,
      storeId: retailer.storeId,
      after: { deviceId: paired.deviceId, approvedBy: retailer.ownerId },
    });
    const pinEvents = (await list(retailer.owner, { action: 'auth.pin_signed_in' })).events;
    expect(pinEvents).toHaveLength(1);
    expect(pinEvents[0]).toMatchObject({
      actorType: 'user',
      actorId: cashier.id,
      deviceId: paired.deviceId,
      storeId: retailer.storeId,
      ip: paired.device.ip,
    });
    expect(JSON.stringify(pinEvents)).not.toContain(paired.token);
  });

  it('writes no event when the action is refused', async () => {
    const retailer = await signUpRetailer(t.app, 'Refusals Ltd');
    const before = await rowsOf(retailer.tenantId);
    const duplicate = await retailer.owner.post('/api/v1/stores', {
      name: 'Refusals Ltd',
      timezone: 'America/Chicago',
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('store.name_taken');
    const invalid = await retailer.owner.post('/api/v1/stores', {
      name: 'Mars Base',
      timezone: 'Mars/Olympus',
    });
    expect(invalid.status).toBe(422);
    expect(await rowsOf(retailer.tenantId)).toEqual(before);
    expect(await headOf(retailer.tenantId)).toMatchObject({ seq: before.length });
  });
});

describe('reading the trail', () => {
  let retailer: Retailer;
  let admin: Awaited<ReturnType<typeof addStaff>>;
  let secondStore: string;
  let registerId: string;
  let all: AuditEvent[];

  beforeAll(async () => {
    retailer = await signUpRetailer(t.app, 'Filter Mart');
    admin = await addStaff(t.app, retailer, 'admin');
    const store = await admin.caller.post<{ id: string }>('/api/v1/stores', {
      name: 'Uptown',
      timezone: 'America/Chicago',
    });
    expect(store.status).toBe(201);
    secondStore = store.body.id;
    const register = await retailer.owner.post<{ id: string }>(
      `/api/v1/stores/${secondStore}/registers`,
      { name: 'Uptown 1' },
    );
    expect(register.status).toBe(201);
    registerId = register.body.id;
    for (const name of ['Uptown A', 'Uptown B', 'Uptown C']) {
      const renamed = await retailer.owner.patch(`/api/v1/registers/${registerId}`, { name });
      expect(renamed.status).toBe(200);
    }
    const other = await retailer.owner.post<{ id: string }>(
      `/api/v1/stores/${retailer.storeId}/registers`,
      { name: 'Main 1' },
    );
    expect(other.status).toBe(201);
    expect(
      (await admin.caller.patch(`/api/v1/stores/${secondStore}`, { receiptHeader: 'Uptown!' }))
        .status,
    ).toBe(200);
    all = await listAll(retailer.owner, { limit: 200 });
  });

  it('lists every event of the tenant, newest first', async () => {
    const rows = await rowsOf(retailer.tenantId);
    expect(all.map((event) => event.seq)).toEqual(rows.map((row) => row.seq).reverse());
    expect(all.map((event) => event.action)).toEqual(
      [
        'tenant.signed_up',
        'auth.signed_in',
        'staff.created',
        'auth.signed_in',
        'store.created',
        'register.created',
        'register.renamed',
        'register.renamed',
        'register.renamed',
        'register.created',
        'store.updated',
      ].reverse(),
    );
  });

  it('filters by action, exact or as a prefix', async () => {
    const registerEvents = await listAll(retailer.owner, { action: 'register' });
    expect(registerEvents.map((event) => event.action)).toEqual([
      'register.created',
      'register.renamed',
      'register.renamed',
      'register.renamed',
      'register.created',
    ]);
    const renamed = await listAll(retailer.owner, { action: 'register.renamed' });
    expect(renamed).toHaveLength(3);
    expect(renamed.every((event) => event.action === 'register.renamed')).toBe(true);
    // A prefix only matches whole segments: "reg" is not "register".
    expect((await list(retailer.owner, { action: 'reg' })).events).toEqual([]);
    const bad = await retailer.owner.get('/api/v1/audit-events?action=Store%25');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation.failed');
  });

  it('filters by actor', async () => {
    const byAdmin = await listAll(retailer.owner, { actorId: admin.id });
    expect(byAdmin.map((event) => event.action)).toEqual([
      'store.updated',
      'store.created',
      'auth.signed_in',
    ]);
    const byOwner = await listAll(retailer.owner, { actorId: retailer.ownerId });
    expect(byOwner.every((event) => event.actorId === retailer.ownerId)).toBe(true);
    expect(byOwner).toHaveLength(all.length - 3);
  });

  it('filters by target and by store', async () => {
    const ofRegister = await listAll(retailer.owner, {
      targetType: 'register',
      targetId: registerId,
    });
    expect(ofRegister.map((event) => event.action)).toEqual([
      'register.renamed',
      'register.renamed',
      'register.renamed',
      'register.created',
    ]);
    expect(ofRegister.map((event) => event.after)).toEqual([
      { name: 'Uptown C' },
      { name: 'Uptown B' },
      { name: 'Uptown A' },
      expect.objectContaining({ id: registerId, name: 'Uptown 1' }),
    ]);
    const stores = await listAll(retailer.owner, { targetType: 'store' });
    expect(stores.map((event) => event.action)).toEqual(['store.updated', 'store.created']);

    const inSecondStore = await listAll(retailer.owner, { storeId: secondStore });
    expect(inSecondStore).toHaveLength(6);
    expect(inSecondStore.every((event) => event.storeId === secondStore)).toBe(true);
    const inFirstStore = await listAll(retailer.owner, { storeId: retailer.storeId });
    expect(inFirstStore.map((event) => event.action)).toEqual(['register.created']);
  });

  it('filters by time: from is inclusive, to is exclusive', async () => {
    const ascending = [...all].reverse();
    const storeCreated = ascending.find((event) => event.action === 'store.created');
    const lastRename = ascending.filter((event) => event.action === 'register.renamed').at(-1);
    if (!storeCreated || !lastRename) throw new Error('missing events');
    const fromStore = await listAll(retailer.owner, { from: storeCreated.occurredAt });
    expect(fromStore.map((event) => event.seq)).toEqual(
      all.filter((event) => event.seq >= storeCreated.seq).map((event) => event.seq),
    );
    const window = await listAll(retailer.owner, {
      from: storeCreated.occurredAt,
      to: lastRename.occurredAt,
    });
    expect(window.map((event) => event.seq)).toEqual(
      all
        .filter((event) => event.seq >= storeCreated.seq && event.seq < lastRename.seq)
        .map((event) => event.seq),
    );
    const future = await list(retailer.owner, { from: '2999-01-01T00:00:00Z' });
    expect(future).toEqual({ events: [], nextCursor: null });
  });

  it('pages newest first with nextCursor until the end', async () => {
    const first = await list(retailer.owner, { limit: 4 });
    expect(first.events.map((event) => event.seq)).toEqual(
      all.slice(0, 4).map((event) => event.seq),
    );
    expect(first.nextCursor).toBe(String(all[3]?.seq));
    const second = await list(retailer.owner, { limit: 4, cursor: first.nextCursor ?? '' });
    expect(second.events.map((event) => event.seq)).toEqual(
      all.slice(4, 8).map((event) => event.seq),
    );
    const paged = await listAll(retailer.owner, { limit: 3 });
    expect(paged).toEqual(all);
    // An exact fit ends with a null cursor rather than an empty extra page.
    const exact = await list(retailer.owner, { limit: all.length });
    expect(exact.events).toHaveLength(all.length);
    expect(exact.nextCursor).toBeNull();
    // Paging works with a filter too.
    const renames = await listAll(retailer.owner, { action: 'register.renamed', limit: 1 });
    expect(renames.map((event) => event.seq)).toEqual(
      all.filter((event) => event.action === 'register.renamed').map((event) => event.seq),
    );
    const badCursor = await retailer.owner.get('/api/v1/audit-events?cursor=abc');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.code).toBe('validation.failed');
  });

  it("keeps an archived store's history filterable and calls an unknown store not found", async () => {
    const closing = await retailer.owner.post<{ id: string }>('/api/v1/stores', {
      name: 'Closing Down',
      timezone: 'America/Chicago',
    });
    expect(closing.status).toBe(201);
    expect((await retailer.owner.post(`/api/v1/stores/${closing.body.id}/archive`)).status).toBe(
      200,
    );
    const history = await listAll(retailer.owner, { storeId: closing.body.id });
    expect(history.map((event) => event.action)).toEqual(['store.archived', 'store.created']);
    const unknown = await retailer.owner.get(
      `/api/v1/audit-events?storeId=${randomUUID()}&action=store`,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('store.not_found');
    all = await listAll(retailer.owner, { limit: 200 });
  });

  it('answers the same over GraphQL as over REST', async () => {
    for (const filter of [
      {},
      { action: 'register' },
      { actorId: admin.id },
      { targetType: 'register', targetId: registerId },
      { storeId: secondStore },
    ]) {
      const rest = await list(retailer.owner, { ...filter, limit: 4 });
      const graphql = await graphqlEvents(retailer.owner, { ...filter, limit: 4 });
      expect(graphql).toEqual(rest);
    }
    const restSecond = await list(retailer.owner, { limit: 4, cursor: '8' });
    expect(await graphqlEvents(retailer.owner, { limit: 4, cursor: '8' })).toEqual(restSecond);

    const restReport = await verify(retailer.owner);
    const graphqlReport = await retailer.owner.graphql<{ verifyAuditChain: ChainReport }>(
      '{ verifyAuditChain { ok checked headSeq firstBreak { seq reason } } }',
    );
    expect(graphqlReport.body.errors).toBeUndefined();
    expect(graphqlReport.body.data?.verifyAuditChain).toEqual(restReport);
  });

  it('verifies an intact chain: ok, every event of the tenant checked', async () => {
    const { rows } = await owner.query<{ n: number }>(
      'select count(*)::int as n from audit_events where tenant_id = $1',
      [retailer.tenantId],
    );
    const report = await verify(retailer.owner);
    expect(report).toEqual({
      ok: true,
      checked: rows[0]?.n,
      headSeq: rows[0]?.n,
      firstBreak: null,
    });
    // Reading and verifying are not themselves audited, so the chain did not grow.
    expect(await verify(retailer.owner)).toEqual(report);
  });
});

describe('who may read the trail', () => {
  let retailer: Retailer;

  beforeAll(async () => {
    retailer = await signUpRetailer(t.app, 'Roles & Rights');
  });

  it.each(['cashier', 'manager'] as const)('refuses a %s with 403 auth.forbidden', async (role) => {
    const staff = await addStaff(t.app, retailer, role);
    const listed = await staff.caller.get('/api/v1/audit-events');
    expect(listed.status).toBe(403);
    expect(listed.body.code).toBe('auth.forbidden');
    const filtered = await staff.caller.get(`/api/v1/audit-events?storeId=${retailer.storeId}`);
    expect(filtered.status).toBe(403);
    expect(filtered.body.code).toBe('auth.forbidden');
    const verified = await staff.caller.get('/api/v1/audit-events/verify');
    expect(verified.status).toBe(403);
    expect(verified.body.code).toBe('auth.forbidden');
    const graphql = await staff.caller.graphql(
      '{ auditEvents { events { seq } } verifyAuditChain { ok } }',
    );
    expect(graphql.body.data).toBeNull();
    expect(graphql.body.errors?.map((error) => error.extensions.code)).toEqual(['auth.forbidden']);
  });

  it.each(['admin', 'accountant'] as const)('lets an %s read and verify', async (role) => {
    const staff = await addStaff(t.app, retailer, role);
    const listed = await list(staff.caller);
    expect(listed.events.some((event) => event.action === 'tenant.signed_up')).toBe(true);
    expect((await verify(staff.caller)).ok).toBe(true);
  });

  it('refuses anonymous callers with 401', async () => {
    const anonymous = new Caller(t.app);
    const listed = await anonymous.get('/api/v1/audit-events');
    expect(listed.status).toBe(401);
    expect(listed.body.code).toBe('auth.unauthenticated');
    const verified = await anonymous.get('/api/v1/audit-events/verify');
    expect(verified.status).toBe(401);
    expect(verified.body.code).toBe('auth.unauthenticated');
  });
});

describe('the application role cannot rewrite history', () => {
  let app: pg.Client;
  let retailer: Retailer;

  beforeAll(async () => {
    app = await connectAsAppRole();
    retailer = await retailerWithHistory('Immutable Inc');
  });
  afterAll(async () => {
    await app.end();
  });

  /** Runs one statement as the app role inside the tenant's context; returns the SQLSTATE. */
  async function sqlStateOf(text: string, params: unknown[] = []): Promise<string | null> {
    await app.query('begin');
    try {
      await app.query(`select set_config('app.tenant_id', $1, true)`, [retailer.tenantId]);
      await app.query(text, params);
      return null;
    } catch (error) {
      return (error as { code?: string }).code ?? 'unknown';
    } finally {
      await app.query('rollback');
    }
  }

  it('sees its own events inside the tenant context', async () => {
    await app.query('begin');
    try {
      await app.query(`select set_config('app.tenant_id', $1, true)`, [retailer.tenantId]);
      const { rows } = await app.query('select count(*)::int as n from audit_events');
      expect(rows).toEqual([{ n: 6 }]);
    } finally {
      await app.query('rollback');
    }
  });

  it('gets permission denied for UPDATE, DELETE and TRUNCATE on audit_events', async () => {
    const before = await rowsOf(retailer.tenantId);
    expect(
      await sqlStateOf(`update audit_events set after = '{"forged":true}'::jsonb where seq = 3`),
    ).toBe('42501');
    expect(await sqlStateOf(`update audit_events set action = 'store.deleted'`)).toBe('42501');
    expect(await sqlStateOf('delete from audit_events where seq = 6')).toBe('42501');
    expect(await sqlStateOf('delete from audit_events')).toBe('42501');
    expect(await sqlStateOf('truncate audit_events')).toBe('42501');
    expect(await sqlStateOf('alter table audit_events disable trigger audit_events_link')).toBe(
      '42501',
    );
    expect(await rowsOf(retailer.tenantId)).toEqual(before);
  });

  it('cannot write the chain head directly', async () => {
    const head = await headOf(retailer.tenantId);
    expect(head).toMatchObject({ seq: 6 });
    expect(await sqlStateOf('update audit_chain_heads set seq = 5')).toBe('42501');
    expect(await sqlStateOf('delete from audit_chain_heads')).toBe('42501');
    expect(
      await sqlStateOf(
        `insert into audit_chain_heads (tenant_id, seq, hash) values ($1, 0, sha256('x'))`,
        [retailer.tenantId],
      ),
    ).toBe('42501');
    expect(await headOf(retailer.tenantId)).toEqual(head);
    expect(await verify(retailer.owner)).toMatchObject({ ok: true, checked: 6, headSeq: 6 });
  });

  it('cannot forge seq or hashes when appending, nor append to another tenant', async () => {
    const other = await signUpRetailer(t.app, 'Bystander Books');
    const otherRows = await rowsOf(other.tenantId);
    expect(
      await sqlStateOf(
        `insert into audit_events (tenant_id, actor_type, action, seq, prev_hash, hash)
         values ($1, 'system', 'test.other_tenant', 1, sha256('a'), sha256('b'))`,
        [other.tenantId],
      ),
    ).toBe('42501');
    expect(await rowsOf(other.tenantId)).toEqual(otherRows);

    // Committed on purpose: the trigger overrides whatever seq and hashes were supplied.
    await app.query('begin');
    await app.query(`select set_config('app.tenant_id', $1, true)`, [retailer.tenantId]);
    await app.query(
      `insert into audit_events (tenant_id, actor_type, action, seq, prev_hash, hash)
       values ($1, 'system', 'test.forged_link', 999, sha256('a'), sha256('b'))`,
      [retailer.tenantId],
    );
    await app.query('commit');
    const rows = await rowsOf(retailer.tenantId);
    expect(rows.at(-1)).toMatchObject({ seq: 7, action: 'test.forged_link' });
    expect(rows.at(-1)?.prev_hash).toBe(rows.at(-2)?.hash);
    expect(await verify(retailer.owner)).toEqual({
      ok: true,
      checked: 7,
      headSeq: 7,
      firstBreak: null,
    });
    expect(await verify(other.owner)).toMatchObject({ ok: true });
  });
});

describe('tampering is detected', () => {
  let bystander: Retailer;
  let bystanderReport: ChainReport;

  beforeAll(async () => {
    bystander = await retailerWithHistory('Bystander Goods');
    bystanderReport = await verify(bystander.owner);
    expect(bystanderReport).toEqual({ ok: true, checked: 6, headSeq: 6, firstBreak: null });
  });

  async function expectBreak(retailer: Retailer, seq: number, reason: string): Promise<void> {
    const report = await verify(retailer.owner);
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toEqual({ seq, reason });
    const graphql = await retailer.owner.graphql<{ verifyAuditChain: ChainReport }>(
      '{ verifyAuditChain { ok checked headSeq firstBreak { seq reason } } }',
    );
    expect(graphql.body.data?.verifyAuditChain).toEqual(report);
    // Tampering with one tenant never breaks another tenant's chain.
    expect(await verify(bystander.owner)).toEqual(bystanderReport);
  }

  it('an edited after reports hash_mismatch at that seq', async () => {
    const retailer = await retailerWithHistory('Edited After');
    await owner.query(
      `update audit_events set after = '{"name":"Forged Till"}'::jsonb where tenant_id = $1 and seq = 5`,
      [retailer.tenantId],
    );
    await expectBreak(retailer, 5, 'hash_mismatch');
    expect((await verify(retailer.owner)).checked).toBe(6);
  });

  it('an edited action reports hash_mismatch at that seq', async () => {
    const retailer = await retailerWithHistory('Edited Action');
    await owner.query(
      `update audit_events set action = 'store.viewed' where tenant_id = $1 and seq = 3`,
      [retailer.tenantId],
    );
    await expectBreak(retailer, 3, 'hash_mismatch');
  });

  it('an edit whose own hash was recomputed breaks the next link', async () => {
    const retailer = await retailerWithHistory('Careful Forger');
    await owner.query(
      `update audit_events set after = '{"name":"Forged"}'::jsonb where tenant_id = $1 and seq = 4`,
      [retailer.tenantId],
    );
    await owner.query(
      `update audit_events set hash = audit_event_hash(prev_hash, tenant_id, seq, id, occurred_at,
         actor_type, actor_id, action, target_type, target_id, store_id, device_id, ip,
         request_id, before, after)
       where tenant_id = $1 and seq = 4`,
      [retailer.tenantId],
    );
    await expectBreak(retailer, 5, 'prev_hash_mismatch');
  });

  it('a deleted middle row reports a gap at the next seq', async () => {
    const retailer = await retailerWithHistory('Missing Middle');
    await owner.query('delete from audit_events where tenant_id = $1 and seq = 3', [
      retailer.tenantId,
    ]);
    await expectBreak(retailer, 4, 'gap');
    expect((await verify(retailer.owner)).checked).toBe(5);
  });

  it('a deleted first row reports a gap at seq 2', async () => {
    const retailer = await retailerWithHistory('Missing First');
    await owner.query('delete from audit_events where tenant_id = $1 and seq = 1', [
      retailer.tenantId,
    ]);
    await expectBreak(retailer, 2, 'gap');
  });

  it('a deleted last row reports head_mismatch', async () => {
    const retailer = await retailerWithHistory('Missing Tail');
    await owner.query('delete from audit_events where tenant_id = $1 and seq = 6', [
      retailer.tenantId,
    ]);
    await expectBreak(retailer, 6, 'head_mismatch');
    const report = await verify(retailer.owner);
    expect(report).toMatchObject({ checked: 5, headSeq: 6 });
  });

  it('a replaced prev_hash reports prev_hash_mismatch', async () => {
    const retailer = await retailerWithHistory('Swapped Link');
    await owner.query(
      `update audit_events set prev_hash = (
         select prev_hash from audit_events where tenant_id = $1 and seq = 3)
       where tenant_id = $1 and seq = 4`,
      [retailer.tenantId],
    );
    await expectBreak(retailer, 4, 'prev_hash_mismatch');
  });

  it('swapped prev_hash values of two rows report the first of them', async () => {
    const retailer = await retailerWithHistory('Swapped Pair');
    await owner.query(
      `update audit_events a set prev_hash = b.prev_hash
       from audit_events b
       where a.tenant_id = $1 and b.tenant_id = $1
         and ((a.seq = 2 and b.seq = 5) or (a.seq = 5 and b.seq = 2))`,
      [retailer.tenantId],
    );
    await expectBreak(retailer, 2, 'prev_hash_mismatch');
  });

  it('a rewound chain head reports head_mismatch', async () => {
    const retailer = await retailerWithHistory('Rewound Head');
    await owner.query(
      `update audit_chain_heads set hash = sha256('forged'::bytea) where tenant_id = $1`,
      [retailer.tenantId],
    );
    await expectBreak(retailer, 7, 'head_mismatch');
  });
});
