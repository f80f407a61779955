import { createHash } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseToken } from '../../lib/opaque-tokens.ts';
import {
  addStaff,
  Caller,
  type Retailer,
  signUpRetailer,
  type TestApp,
} from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';

let t: TestApp;
let owner: pg.Client;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
});
afterAll(() => closeAppWithOwner({ t, owner }));

interface Counts {
  tokens: number;
  stores: number;
  users: number;
  audit: number;
}

async function counts(tenantId: string): Promise<Counts> {
  const { rows } = await owner.query<Counts>(
    `select (select count(*)::int from api_tokens where tenant_id = $1) as tokens,
       (select count(*)::int from stores where tenant_id = $1) as stores,
       (select count(*)::int from users where tenant_id = $1) as users,
       (select count(*)::int from audit_events where tenant_id = $1) as audit`,
    [tenantId],
  );
  const row = rows[0];
  if (!row) throw new Error('no counts');
  return row;
}

interface ApiTokenView {
  id: string;
  name: string;
  scopes: string[];
  createdBy: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

async function createToken(
  caller: Caller,
  scopes: string[],
  extra: Record<string, unknown> = {},
): Promise<{ token: string; apiToken: ApiTokenView; caller: Caller }> {
  const created = await caller.post<{ token: string; apiToken: ApiTokenView }>(
    '/api/v1/api-tokens',
    { name: 'Reporting sync', scopes, ...extra },
  );
  expect(created.status).toBe(201);
  return { ...created.body, caller: new Caller(t.app, { bearer: created.body.token }) };
}

const newStore = { name: 'Token Store', timezone: 'America/Chicago' };

describe('API tokens', () => {
  let retailer: Retailer;

  beforeAll(async () => {
    retailer = await signUpRetailer(t.app);
  });

  it('shows the tpk_ token once and stores only a hash of it', async () => {
    const { token, apiToken } = await createToken(retailer.owner, ['stores.read']);
    expect(token.startsWith('tpk_')).toBe(true);
    expect(apiToken).toMatchObject({
      name: 'Reporting sync',
      scopes: ['stores.read'],
      createdBy: retailer.ownerId,
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
    });

    const list = await retailer.owner.get<ApiTokenView[]>('/api/v1/api-tokens');
    expect(list.status).toBe(200);
    expect(list.body.map((item) => item.id)).toContain(apiToken.id);
    const text = JSON.stringify(list.body);
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.slice(4));
    for (const item of list.body) expect(item).not.toHaveProperty('token');
    for (const item of list.body) expect(item).not.toHaveProperty('tokenHash');

    const { rows } = await owner.query<{ token_hash: Buffer; scopes: string[] }>(
      `select token_hash, scopes from api_tokens where id = $1`,
      [apiToken.id],
    );
    const row = rows[0];
    if (!row) throw new Error('token row missing');
    expect(row.scopes).toEqual(['stores.read']);
    expect(row.token_hash.length).toBe(32);
    expect(row.token_hash.equals(Buffer.from(token))).toBe(false);
    const parsed = parseToken(token);
    if (!parsed) throw new Error('token does not parse');
    expect(parsed.kind).toBe('api_token');
    expect(row.token_hash.equals(createHash('sha256').update(parsed.secret).digest())).toBe(true);

    const { rows: audit } = await owner.query<{ after: Record<string, unknown> }>(
      `select after from audit_events where tenant_id = $1 and action = 'api_token.created' and target_id = $2`,
      [retailer.tenantId, apiToken.id],
    );
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(token.slice(4));
  });

  it('reaches what its scopes allow and nothing more', async () => {
    const { caller, apiToken } = await createToken(retailer.owner, ['stores.read']);
    const stores = await caller.get<{ id: string }[]>('/api/v1/stores');
    expect(stores.status).toBe(200);
    expect(stores.body.map((store) => store.id)).toContain(retailer.storeId);

    const me = await caller.get<{ actorType: string; permissions: string[]; user: unknown }>(
      '/api/v1/me',
    );
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ actorType: 'api_token', permissions: ['stores.read'] });
    expect(me.body.user).toBeNull();

    const before = await counts(retailer.tenantId);
    const create = await caller.post('/api/v1/stores', newStore);
    expect(create.status).toBe(403);
    expect(create.body.code).toBe('auth.forbidden');
    const users = await caller.get('/api/v1/users');
    expect(users.status).toBe(403);
    expect(users.body.code).toBe('auth.forbidden');
    // Token management always needs a person.
    const mint = await caller.post('/api/v1/api-tokens', {
      name: 'Escalate',
      scopes: ['stores.read'],
    });
    expect(mint.status).toBe(403);
    expect(mint.body.code).toBe('auth.forbidden');
    const revokeSelf = await caller.post(`/api/v1/api-tokens/${apiToken.id}/revoke`);
    expect(revokeSelf.status).toBe(403);
    expect(revokeSelf.body.code).toBe('auth.forbidden');
    expect(await counts(retailer.tenantId)).toEqual(before);
  });

  it('sees only its own tenant', async () => {
    const other = await signUpRetailer(t.app);
    const { caller } = await createToken(retailer.owner, ['stores.read']);
    const stores = await caller.get<{ id: string }[]>('/api/v1/stores');
    expect(stores.body.map((store) => store.id)).not.toContain(other.storeId);
    const foreign = await caller.get(`/api/v1/stores/${other.storeId}`);
    expect(foreign.status).toBe(404);
  });

  it('records last use', async () => {
    const { caller, apiToken } = await createToken(retailer.owner, ['stores.read']);
    const before = await owner.query<{ last_used_at: Date | null }>(
      `select last_used_at from api_tokens where id = $1`,
      [apiToken.id],
    );
    expect(before.rows[0]?.last_used_at).toBeNull();
    expect((await caller.get('/api/v1/stores')).status).toBe(200);
    const after = await owner.query<{ last_used_at: Date | null }>(
      `select last_used_at from api_tokens where id = $1`,
      [apiToken.id],
    );
    expect(after.rows[0]?.last_used_at).toBeInstanceOf(Date);
    const list = await retailer.owner.get<ApiTokenView[]>('/api/v1/api-tokens');
    expect(list.body.find((item) => item.id === apiToken.id)?.lastUsedAt).not.toBeNull();
  });

  it('stops working once revoked', async () => {
    const { caller, apiToken } = await createToken(retailer.owner, ['stores.read']);
    expect((await caller.get('/api/v1/stores')).status).toBe(200);
    const revoked = await retailer.owner.post<ApiTokenView>(
      `/api/v1/api-tokens/${apiToken.id}/revoke`,
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const refused = await caller.get('/api/v1/stores');
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('auth.invalid_token');
    const { rows } = await owner.query<{ revoked_by: string }>(
      `select revoked_by from api_tokens where id = $1`,
      [apiToken.id],
    );
    expect(rows).toEqual([{ revoked_by: retailer.ownerId }]);
  });

  it('stops working once expired', async () => {
    const { caller, apiToken } = await createToken(retailer.owner, ['stores.read'], {
      expiresInDays: 30,
    });
    expect(apiToken.expiresAt).not.toBeNull();
    expect((await caller.get('/api/v1/stores')).status).toBe(200);
    await owner.query(
      `update api_tokens set expires_at = now() - interval '1 minute' where id = $1`,
      [apiToken.id],
    );
    const refused = await caller.get('/api/v1/stores');
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('auth.invalid_token');
  });

  it('refuses a wrong secret and a token presented under another tenant', async () => {
    const other = await signUpRetailer(t.app);
    const { token } = await createToken(retailer.owner, ['stores.read']);
    const parsed = parseToken(token);
    if (!parsed) throw new Error('token does not parse');
    const bytes = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex');
    const build = (tenantId: string, secret: Buffer) =>
      `tpk_${Buffer.concat([bytes(tenantId), bytes(parsed.id), secret]).toString('base64url')}`;
    for (const bearer of [
      build(parsed.tenantId, Buffer.alloc(24, 1)),
      build(other.tenantId, parsed.secret),
    ]) {
      const response = await new Caller(t.app, { bearer }).get('/api/v1/stores');
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('auth.invalid_token');
    }
  });

  it('an admin cannot grant a scope outside API_TOKEN_SCOPES', async () => {
    const admin = await addStaff(t.app, retailer, 'admin');
    const before = await counts(retailer.tenantId);
    for (const scopes of [['staff.manage'], ['stores.read', 'api_tokens.manage'], ['root'], []]) {
      const response = await admin.caller.post('/api/v1/api-tokens', { name: 'Too much', scopes });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation.failed');
    }
    expect(await counts(retailer.tenantId)).toEqual(before);
    // Within the list an admin may grant what it holds.
    const ok = await createToken(admin.caller, ['stores.manage', 'audit.read']);
    expect(ok.apiToken.createdBy).toBe(admin.id);
    expect((await ok.caller.post('/api/v1/stores', newStore)).status).toBe(201);
  });

  it('a manager cannot create or list tokens', async () => {
    const manager = await addStaff(t.app, retailer, 'manager');
    const before = await counts(retailer.tenantId);
    const created = await manager.caller.post('/api/v1/api-tokens', {
      name: 'Mine',
      scopes: ['stores.read'],
    });
    expect(created.status).toBe(403);
    expect(created.body.code).toBe('auth.forbidden');
    const listed = await manager.caller.get('/api/v1/api-tokens');
    expect(listed.status).toBe(403);
    expect(listed.body.code).toBe('auth.forbidden');
    expect(await counts(retailer.tenantId)).toEqual(before);
  });
});
