import { randomUUID } from 'node:crypto';
import { sql } from '@tillpoint/db';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../context.ts';
import { AppError } from '../errors.ts';
import {
  addStaff,
  Caller,
  createTestApp,
  type Response,
  type Retailer,
  type StaffMember,
  signUpRetailer,
  type TestApp,
} from '../testing/index.ts';
import { errorHandling } from './errors.ts';
import { idempotency } from './idempotency.ts';

let t: TestApp;
let shop: Retailer;
let other: Retailer;
let admin: StaffMember;

beforeAll(async () => {
  t = await createTestApp();
  shop = await signUpRetailer(t.app, 'Keyed Goods');
  other = await signUpRetailer(t.app, 'Other Keyed Goods');
  admin = await addStaff(t.app, shop, 'admin');
});
afterAll(() => t.close());

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface StoreView {
  id: string;
  name: string;
}
interface ErrorBody {
  code: string;
  message: string;
  requestId: string;
}

const newKey = () => `key-${randomUUID()}`;
let names = 0;
const storeBody = (label = 'Branch') => {
  names += 1;
  return { name: `${label} ${names} ${randomUUID().slice(0, 8)}`, timezone: 'America/Chicago' };
};

function keyed<T = Record<string, unknown>>(
  caller: Caller,
  method: Method,
  url: string,
  body: unknown,
  key: string,
): Promise<Response<T>> {
  return caller.request<T>(method, url, body, { 'idempotency-key': key });
}

async function storeCount(retailer: Retailer): Promise<number> {
  const list = await retailer.owner.get<StoreView[]>('/api/v1/stores');
  expect(list.status).toBe(200);
  return list.body.length;
}

/** The key row as the tenant sees it (RLS), or null. */
function keyRow(tenantId: string, key: string) {
  return t.db.withTenant({ tenantId }, (tx) =>
    tx.maybeOne<{ status: string; response_status: number | null }>(
      sql`select status, response_status from idempotency_keys where key = ${key}`,
    ),
  );
}

function expectError(response: Response<unknown>, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  const body = response.body as ErrorBody;
  expect(body.code).toBe(code);
  expect(body.message.length).toBeGreaterThan(10);
  expect(body.requestId).toEqual(expect.any(String));
}

describe('replaying a keyed request', () => {
  it('returns the stored status and body without running the handler again', async () => {
    const key = newKey();
    const body = storeBody();
    const before = await storeCount(shop);

    const first = await keyed<StoreView>(shop.owner, 'POST', '/api/v1/stores', body, key);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const again = await keyed<StoreView>(shop.owner, 'POST', '/api/v1/stores', body, key);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    expect(again.body).toEqual(first.body);

    // Another JSON encoder may order the fields differently: still the same request.
    const reordered = { timezone: body.timezone, name: body.name };
    const third = await keyed<StoreView>(shop.owner, 'POST', '/api/v1/stores', reordered, key);
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(third.body.id).toBe(first.body.id);

    expect(await storeCount(shop)).toBe(before + 1);
    expect(await keyRow(shop.tenantId, key)).toEqual({ status: 'completed', response_status: 201 });
  });

  it('refuses the same key with another body or on another route, creating nothing', async () => {
    const key = newKey();
    const created = await keyed<StoreView>(shop.owner, 'POST', '/api/v1/stores', storeBody(), key);
    expect(created.status).toBe(201);
    const before = await storeCount(shop);

    const otherBody = await keyed(shop.owner, 'POST', '/api/v1/stores', storeBody(), key);
    expectError(otherBody, 422, 'idempotency.key_reused');
    expect(otherBody.headers['idempotent-replayed']).toBeUndefined();

    const otherRoute = await keyed(
      shop.owner,
      'PATCH',
      `/api/v1/stores/${created.body.id}`,
      { receiptFooter: 'Thanks!' },
      key,
    );
    expectError(otherRoute, 422, 'idempotency.key_reused');
    const store = await shop.owner.get<{ receiptFooter: string }>(
      `/api/v1/stores/${created.body.id}`,
    );
    expect(store.body.receiptFooter).toBe('');

    // The same route pattern with another id is another request too.
    const footerOf = async (id: string) =>
      (await shop.owner.get<{ receiptFooter: string }>(`/api/v1/stores/${id}`)).body.receiptFooter;
    const mainFooter = await footerOf(shop.storeId);
    const patchKey = newKey();
    const patched = await keyed(
      shop.owner,
      'PATCH',
      `/api/v1/stores/${created.body.id}`,
      { receiptFooter: 'Bye' },
      patchKey,
    );
    expect(patched.status).toBe(200);
    const elsewhere = await keyed(
      shop.owner,
      'PATCH',
      `/api/v1/stores/${shop.storeId}`,
      { receiptFooter: 'Bye' },
      patchKey,
    );
    expectError(elsewhere, 422, 'idempotency.key_reused');
    expect(await footerOf(shop.storeId)).toBe(mainFooter);

    expect(await storeCount(shop)).toBe(before);
  });

  it('lets five concurrent duplicates create one store; the others replay or are told to wait', async () => {
    const key = newKey();
    const body = storeBody('Rush');
    const before = await storeCount(shop);

    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        keyed<StoreView | ErrorBody>(shop.owner, 'POST', '/api/v1/stores', body, key),
      ),
    );
    const ran = responses.filter((r) => r.status === 201 && !r.headers['idempotent-replayed']);
    expect(ran).toHaveLength(1);
    const createdId = (ran[0]?.body as StoreView | undefined)?.id;
    expect(createdId).toEqual(expect.any(String));
    for (const response of responses) {
      if (response === ran[0]) continue;
      if (response.status === 409) {
        expectError(response, 409, 'idempotency.in_progress');
        expect(response.headers['retry-after']).toBe('1');
      } else {
        expect(response.status).toBe(201);
        expect(response.headers['idempotent-replayed']).toBe('true');
        expect((response.body as StoreView).id).toBe(createdId);
      }
    }

    // Once the first is done, a retry gets its answer.
    const retry = await keyed<StoreView>(shop.owner, 'POST', '/api/v1/stores', body, key);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.id).toBe(createdId);
    expect(await storeCount(shop)).toBe(before + 1);
  });

  it('stores a refused body (400) and replays it; the key stays spent', async () => {
    const key = newKey();
    const before = await storeCount(shop);
    const bad = { ...storeBody(), colour: 'teal' };

    const first = await keyed(shop.owner, 'POST', '/api/v1/stores', bad, key);
    expectError(first, 400, 'validation.failed');
    const again = await keyed(shop.owner, 'POST', '/api/v1/stores', bad, key);
    expect(again.status).toBe(400);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);

    const fixed = await keyed(shop.owner, 'POST', '/api/v1/stores', storeBody(), key);
    expectError(fixed, 422, 'idempotency.key_reused');
    expect(await storeCount(shop)).toBe(before);
  });

  it('keeps keys per tenant: another tenant using the same key runs its own request', async () => {
    const key = newKey();
    const body = storeBody('Twin');
    const mine = await keyed<StoreView>(shop.owner, 'POST', '/api/v1/stores', body, key);
    expect(mine.status).toBe(201);
    const otherBefore = await storeCount(other);

    const theirs = await keyed<StoreView>(other.owner, 'POST', '/api/v1/stores', body, key);
    expect(theirs.status).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(await storeCount(other)).toBe(otherBefore + 1);

    const theirsAgain = await keyed<StoreView>(other.owner, 'POST', '/api/v1/stores', body, key);
    expect(theirsAgain.body.id).toBe(theirs.body.id);
  });

  it("refuses another user of the same tenant reusing someone's key, and does not show the answer", async () => {
    const key = newKey();
    const body = storeBody('Mine');
    const mine = await keyed<StoreView>(shop.owner, 'POST', '/api/v1/stores', body, key);
    expect(mine.status).toBe(201);
    const before = await storeCount(shop);

    const theirs = await keyed(admin.caller, 'POST', '/api/v1/stores', body, key);
    expectError(theirs, 422, 'idempotency.key_reused');
    expect(JSON.stringify(theirs.body)).not.toContain(mine.body.id);
    expect(await storeCount(shop)).toBe(before);
  });
});

describe('requests the layer leaves alone or refuses', () => {
  it('changes nothing without the header', async () => {
    const body = storeBody('Plain');
    const first = await shop.owner.post<StoreView>('/api/v1/stores', body);
    expect(first.status).toBe(201);
    const second = await shop.owner.post('/api/v1/stores', body);
    expectError(second, 409, 'store.name_taken');
    expect(second.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuses malformed keys with 400 and creates nothing', async () => {
    const before = await storeCount(shop);
    for (const key of [
      'short',
      'has space in it',
      'emoji-🙂-key',
      'x'.repeat(256),
      'semi;colon;',
    ]) {
      const response = await keyed(shop.owner, 'POST', '/api/v1/stores', storeBody(), key);
      expectError(response, 400, 'idempotency.invalid_key');
    }
    expect(await storeCount(shop)).toBe(before);
  });

  it('refuses a key where the answer carries a secret, issuing nothing', async () => {
    const list = async () => (await shop.owner.get<unknown[]>('/api/v1/api-tokens')).body;
    const before = await list();
    const response = await keyed(
      shop.owner,
      'POST',
      '/api/v1/api-tokens',
      { name: 'Reporting', scopes: ['stores.read'] },
      newKey(),
    );
    expectError(response, 400, 'idempotency.unsupported');
    expect(await list()).toEqual(before);
  });

  it('leaves signed-out requests to the route, which refuses them', async () => {
    const anonymous = await keyed(
      new Caller(t.app),
      'POST',
      '/api/v1/stores',
      storeBody(),
      newKey(),
    );
    expectError(anonymous, 401, 'auth.unauthenticated');
  });

  it('treats an expired key that was not purged yet as new', async () => {
    const key = newKey();
    await t.db.withTenant({ tenantId: shop.tenantId }, (tx) =>
      tx.execute(sql`
        insert into idempotency_keys (tenant_id, key, actor_id, method, route, request_hash,
          status, response_status, response_body, created_at, completed_at, expires_at)
        values (${shop.tenantId}, ${key}, ${shop.ownerId}, 'POST', '/api/v1/stores',
          ${Buffer.alloc(32)}, 'completed', 201, '{"id":"stale"}',
          now() - interval '25 hours', now() - interval '25 hours', now() - interval '1 hour')`),
    );
    const response = await keyed<StoreView>(shop.owner, 'POST', '/api/v1/stores', storeBody(), key);
    expect(response.status).toBe(201);
    expect(response.headers['idempotent-replayed']).toBeUndefined();
    expect(response.body.id).not.toBe('stale');
  });

  it('answers 409 while the first request runs, and "outcome unknown" once it looks abandoned', async () => {
    const key = newKey();
    const body = storeBody('Crash');
    const first = await keyed<StoreView>(shop.owner, 'POST', '/api/v1/stores', body, key);
    expect(first.status).toBe(201);
    const before = await storeCount(shop);
    // Turn the finished row back into a claim whose answer was never stored.
    const rewind = (age: string) =>
      t.db.withTenant({ tenantId: shop.tenantId }, (tx) =>
        tx.execute(sql`
          update idempotency_keys
          set status = 'in_progress', response_status = null, response_body = null,
              completed_at = null, created_at = now() - ${age}::interval
          where key = ${key}`),
      );

    await rewind('5 seconds');
    const running = await keyed(shop.owner, 'POST', '/api/v1/stores', body, key);
    expectError(running, 409, 'idempotency.in_progress');
    expect(running.headers['retry-after']).toBe('1');

    await rewind('3 minutes');
    const abandoned = await keyed(shop.owner, 'POST', '/api/v1/stores', body, key);
    expectError(abandoned, 409, 'idempotency.outcome_unknown');
    expect(abandoned.headers['retry-after']).toBeUndefined();
    // Not re-run: the first request did create the store before "crashing".
    expect(await storeCount(shop)).toBe(before);
    expect(await keyRow(shop.tenantId, key)).toEqual({
      status: 'in_progress',
      response_status: null,
    });
  });

  it('documents the header on mutating routes where it works, not where it is refused', () => {
    const doc = t.app.swagger() as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
    };
    const hasHeader = (path: string, method: string) =>
      (doc.paths[path]?.[method]?.parameters ?? []).some(
        (p) => p.in === 'header' && p.name === 'idempotency-key',
      );
    expect(hasHeader('/api/v1/stores', 'post')).toBe(true);
    expect(hasHeader('/api/v1/stores/{id}', 'patch')).toBe(true);
    expect(hasHeader('/api/v1/stores', 'get')).toBe(false);
    expect(hasHeader('/api/v1/api-tokens', 'post')).toBe(false);
    expect(hasHeader('/api/v1/signup', 'post')).toBe(false);
  });
});

describe('answers that are not kept (a small app with test-only routes)', () => {
  let lab: FastifyInstance;
  const calls = new Map<string, number>();
  const count = (name: string) => {
    const n = (calls.get(name) ?? 0) + 1;
    calls.set(name, n);
    return n;
  };

  beforeAll(async () => {
    lab = Fastify();
    await lab.register(errorHandling);
    // Stands in for authenticate.ts: every request is the shop's owner.
    lab.decorateRequest('ctx', null as unknown as RequestContext);
    lab.addHook('onRequest', async (request) => {
      request.ctx = {
        requestId: request.id,
        ip: request.ip,
        userAgent: null,
        tenantId: shop.tenantId,
        actor: {
          type: 'user',
          userId: shop.ownerId,
          name: 'Pat Owner',
          role: 'owner',
          stores: 'all',
          sessionId: randomUUID(),
          device: null,
        },
      };
    });
    await lab.register(idempotency, { db: t.db, secret: 'lab-secret-'.repeat(3) });
    await lab.register(
      async (api) => {
        api.post('/flaky/:name', async (request, reply) => {
          const { name } = request.params as { name: string };
          const n = count(name);
          if (n === 1) throw new Error('database fell over');
          return reply.status(201).send({ name, run: n });
        });
        api.post('/busy/:name', async (request, reply) => {
          const { name } = request.params as { name: string };
          const n = count(name);
          if (n === 1) throw new AppError('lab.conflict', 'Someone else is changing this.');
          if (n === 2) throw new AppError('rate_limited', 'Slow down.');
          return reply.status(201).send({ name, run: n });
        });
        api.delete('/things/:name', async (request, reply) => {
          count((request.params as { name: string }).name);
          return reply.status(204).send();
        });
        api.post('/required', { config: { idempotency: 'required' } }, async () => ({ ok: true }));
        api.post('/refused', { config: { idempotency: 'unsupported' } }, async () => ({ ok: 1 }));
      },
      { prefix: '/api/v1/lab' },
    );
    await lab.register(
      async (raw) => {
        // Like the CSV upload: the handler reads the body itself, so there is nothing to hash.
        raw.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
        raw.post('/upload', async () => ({ received: true }));
      },
      { prefix: '/api/v1/lab-raw' },
    );
    await lab.ready();
  });
  afterAll(() => lab.close());

  const call = (method: Method, url: string, key?: string, payload: unknown = {}) =>
    lab.inject({
      method,
      url,
      ...(method === 'DELETE' ? {} : { payload: payload as Record<string, unknown> }),
      headers: key ? { 'idempotency-key': key } : {},
    });

  it('does not store a 5xx: the retry runs the handler again', async () => {
    const key = newKey();
    const name = randomUUID();
    const failed = await call('POST', `/api/v1/lab/flaky/${name}`, key);
    expect(failed.statusCode).toBe(500);
    expect(failed.json()).toMatchObject({ code: 'internal' });
    expect(await keyRow(shop.tenantId, key)).toBeNull();

    const retried = await call('POST', `/api/v1/lab/flaky/${name}`, key);
    expect(retried.statusCode).toBe(201);
    expect(retried.json()).toEqual({ name, run: 2 });
    const replayed = await call('POST', `/api/v1/lab/flaky/${name}`, key);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.json()).toEqual({ name, run: 2 });
    expect(calls.get(name)).toBe(2);
  });

  it('does not store 409 (conflict/lock) or 429 answers', async () => {
    const key = newKey();
    const name = randomUUID();
    const conflict = await call('POST', `/api/v1/lab/busy/${name}`, key);
    expect(conflict.statusCode).toBe(409);
    const limited = await call('POST', `/api/v1/lab/busy/${name}`, key);
    expect(limited.statusCode).toBe(429);
    expect(await keyRow(shop.tenantId, key)).toBeNull();
    const done = await call('POST', `/api/v1/lab/busy/${name}`, key);
    expect(done.statusCode).toBe(201);
    expect(done.json()).toEqual({ name, run: 3 });
  });

  it('replays a 204 without a body', async () => {
    const key = newKey();
    const name = randomUUID();
    const first = await call('DELETE', `/api/v1/lab/things/${name}`, key);
    expect(first.statusCode).toBe(204);
    const again = await call('DELETE', `/api/v1/lab/things/${name}`, key);
    expect(again.statusCode).toBe(204);
    expect(again.body).toBe('');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(calls.get(name)).toBe(1);
  });

  it('enforces a route that requires a key, and one that refuses keys', async () => {
    const missing = await call('POST', '/api/v1/lab/required');
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'idempotency.key_required' });
    expect(missing.json().requestId).toEqual(expect.any(String));
    const withKey = await call('POST', '/api/v1/lab/required', newKey());
    expect(withKey.statusCode).toBe(200);

    const refused = await call('POST', '/api/v1/lab/refused', newKey());
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'idempotency.unsupported' });
    expect((await call('POST', '/api/v1/lab/refused')).statusCode).toBe(200);
  });

  it('refuses a key on a body it cannot fingerprint (multipart or read by the handler)', async () => {
    const upload = (headers: Record<string, string>) =>
      lab.inject({
        method: 'POST',
        url: '/api/v1/lab-raw/upload',
        payload: 'sku,name\n1,Tea',
        headers,
      });
    const csv = await upload({ 'content-type': 'text/csv', 'idempotency-key': newKey() });
    expect(csv.statusCode).toBe(400);
    expect(csv.json()).toMatchObject({ code: 'idempotency.unsupported' });
    const multipart = await upload({
      'content-type': 'multipart/form-data; boundary=x',
      'idempotency-key': newKey(),
    });
    expect(multipart.json()).toMatchObject({ code: 'idempotency.unsupported' });
    expect((await upload({ 'content-type': 'text/csv' })).statusCode).toBe(200);
  });
});
