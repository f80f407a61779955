import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Caller,
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

async function counts(): Promise<{ tenants: number; users: number; stores: number }> {
  const { rows } = await owner.query(`select (select count(*)::int from tenants) as tenants,
    (select count(*)::int from users) as users, (select count(*)::int from stores) as stores`);
  return rows[0];
}

function signupBody(overrides: Record<string, unknown> = {}) {
  return {
    businessName: 'Corner Hardware',
    ownerName: 'Robin Reyes',
    email: uniqueEmail('signup'),
    password: TEST_PASSWORD,
    country: 'CA',
    currency: 'CAD',
    timezone: 'America/Toronto',
    ...overrides,
  };
}

describe('signup', () => {
  it('creates tenant, owner and first store together, and the owner can sign in', async () => {
    const body = signupBody({ storeName: 'Queen Street' });
    const response = await new Caller(t.app).post<{
      tenantId: string;
      userId: string;
      storeId: string;
    }>('/api/v1/signup', body);
    expect(response.status).toBe(201);
    const { rows } = await owner.query(
      `select t.name, t.currency, u.role, u.email, s.name as store, s.currency as store_currency,
         u.password_hash like '$argon2id$%' as argon2
       from tenants t join users u on u.tenant_id = t.id join stores s on s.tenant_id = t.id where t.id = $1`,
      [response.body.tenantId],
    );
    expect(rows).toEqual([
      {
        name: 'Corner Hardware',
        currency: 'CAD',
        role: 'owner',
        email: body.email,
        store: 'Queen Street',
        store_currency: 'CAD',
        argon2: true,
      },
    ]);
    const session = await signIn(t.app, body.email, TEST_PASSWORD);
    expect(session.status).toBe(200);
    const me = await session.caller?.get<{ user: { role: string }; tenantId: string }>(
      '/api/v1/me',
    );
    expect(me?.body.user.role).toBe('owner');
    expect(me?.body.tenantId).toBe(response.body.tenantId);
    const audit = await owner.query(
      `select action, actor_id from audit_events where tenant_id = $1`,
      [response.body.tenantId],
    );
    expect(audit.rows).toContainEqual({
      action: 'tenant.signed_up',
      actor_id: response.body.userId,
    });
  });

  it('refuses a duplicate email (any case) and writes nothing', async () => {
    const first = signupBody();
    expect((await new Caller(t.app).post('/api/v1/signup', first)).status).toBe(201);
    const before = await counts();
    const again = await new Caller(t.app).post(
      '/api/v1/signup',
      signupBody({ email: first.email.toUpperCase(), businessName: 'Copycat' }),
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('signup.email_taken');
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['short', 'short1', 'too_short'],
    ['common', 'password123', 'common'],
    ['containing the business name', 'corner-hardware-99', 'contains_identity'],
  ])('refuses a weak password (%s) and writes nothing', async (_label, password, reason) => {
    const before = await counts();
    const response = await new Caller(t.app).post('/api/v1/signup', signupBody({ password }));
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'auth.weak_password', details: { reason } });
    expect(await counts()).toEqual(before);
  });

  it('refuses unknown time zones and currencies with the field named', async () => {
    const zone = await new Caller(t.app).post(
      '/api/v1/signup',
      signupBody({ timezone: 'Mars/Olympus' }),
    );
    expect(zone.status).toBe(422);
    expect(zone.body).toMatchObject({
      code: 'validation.timezone',
      details: { field: 'timezone' },
    });
    const currency = await new Caller(t.app).post(
      '/api/v1/signup',
      signupBody({ currency: 'XYZ' }),
    );
    expect(currency.body).toMatchObject({ code: 'validation.currency' });
  });

  it('refuses malformed JSON, unknown fields and wrong types with stable codes', async () => {
    const before = await counts();
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/signup',
      headers: { 'content-type': 'application/json' },
      payload: '{"businessName": "Oops",',
    });
    expect(malformed.statusCode).toBe(400);
    expect(JSON.parse(malformed.body).code).toBe('request.malformed_json');

    const unknown = await new Caller(t.app).post('/api/v1/signup', signupBody({ isAdmin: true }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('validation.failed');
    expect(unknown.body.message).toContain('unknown field "isAdmin"');

    const wrongType = await new Caller(t.app).post('/api/v1/signup', signupBody({ country: 12 }));
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.code).toBe('validation.failed');

    const missing = await new Caller(t.app).post('/api/v1/signup', { businessName: 'Half' });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('missing');
    expect(await counts()).toEqual(before);
  });

  it('gives every retailer a separate tenant', async () => {
    const a = await signUpRetailer(t.app, 'Alpha');
    const b = await signUpRetailer(t.app, 'Beta');
    expect(a.tenantId).not.toBe(b.tenantId);
    const storesOfA = await a.owner.get<{ id: string }[]>('/api/v1/stores');
    expect(storesOfA.body.map((s) => s.id)).toEqual([a.storeId]);
  });
});
