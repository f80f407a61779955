import { randomBytes } from 'node:crypto';
import type { Database } from '@tillpoint/db';
import { openTestDatabase, testRedisUrl } from '@tillpoint/db/testing';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { Caller, createTestApp, type TestApp } from '../testing/index.ts';

const SECRET = 'db-password=hunter2-do-not-leak';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

function headerOf(
  headers: Record<string, string | number | string[] | undefined>,
  name: string,
): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value === undefined ? '' : String(value);
}

describe('health', () => {
  it('says the process is live', async () => {
    const response = await new Caller(t.app).get('/health/live');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('says it is ready with the database and Redis both ok', async () => {
    const response = await new Caller(t.app).get('/health/ready');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'ready',
      checks: { database: 'ok', redis: 'ok' },
    });
  });
});

describe('security headers and request ids', () => {
  it('sends security headers on success and on errors', async () => {
    for (const url of ['/health/live', '/api/v1/no-such-route', '/api/v1/stores']) {
      const response = await new Caller(t.app).get(url);
      expect(headerOf(response.headers, 'content-security-policy')).toContain(
        "frame-ancestors 'none'",
      );
      expect(headerOf(response.headers, 'content-security-policy')).toContain("default-src 'self'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(headerOf(response.headers, 'x-frame-options')).toMatch(/^(SAMEORIGIN|DENY)$/);
    }
  });

  it('gives every response an x-request-id, also errors, matching the body requestId', async () => {
    const ok = await new Caller(t.app).get('/health/live');
    expect(headerOf(ok.headers, 'x-request-id')).not.toBe('');

    const missing = await new Caller(t.app).get('/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(headerOf(missing.headers, 'x-request-id')).not.toBe('');
    expect(missing.body.requestId).toBe(headerOf(missing.headers, 'x-request-id'));

    const unauthenticated = await new Caller(t.app).get('/api/v1/stores');
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.body.code).toBe('auth.unauthenticated');
    expect(unauthenticated.body.requestId).toBe(headerOf(unauthenticated.headers, 'x-request-id'));

    const first = headerOf(ok.headers, 'x-request-id');
    const second = headerOf((await new Caller(t.app).get('/health/live')).headers, 'x-request-id');
    expect(first).not.toBe(second);
  });

  it('echoes a sane incoming x-request-id', async () => {
    const id = `register-7:${randomBytes(6).toString('hex')}.retry_1`;
    const response = await new Caller(t.app).request('GET', '/api/v1/nope', undefined, {
      'x-request-id': id,
    });
    expect(response.headers['x-request-id']).toBe(id);
    expect(response.body.requestId).toBe(id);
  });

  it.each([
    ['spaces and markup', 'abc def <script>alert(1)</script>'],
    ['a line break', 'evil-id-123\r\nset-cookie: owned=1'],
    ['500 characters', 'a'.repeat(500)],
    ['too short', 'abc'],
    ['a quote and semicolon', 'abcdefgh";drop table x'],
  ])('replaces an insane incoming x-request-id (%s)', async (_label, id) => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/nope',
      headers: { 'x-request-id': id },
    });
    expect(response.statusCode).toBe(404);
    const echoed = headerOf(response.headers, 'x-request-id');
    expect(echoed).not.toBe(id);
    expect(echoed).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect((JSON.parse(response.body) as { requestId: string }).requestId).toBe(echoed);
    expect(response.headers['set-cookie']).toBeUndefined();
  });
});

describe('errors', () => {
  it('answers an unknown route with 404 route.not_found', async () => {
    const response = await new Caller(t.app).get('/api/v1/definitely/not/here?x=1');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({
      code: 'route.not_found',
      message: 'No route GET /api/v1/definitely/not/here.',
    });
    const post = await new Caller(t.app).post('/nowhere', { a: 1 });
    expect(post.status).toBe(404);
    expect(post.body.code).toBe('route.not_found');
  });

  it('refuses malformed JSON with 400 request.malformed_json', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/signup',
      headers: { 'content-type': 'application/json' },
      payload: '{"businessName": ',
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'request.malformed_json' });
  });

  it('refuses a text/plain body to a JSON route with 415 request.unsupported_media_type', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/signup',
      headers: { 'content-type': 'text/plain' },
      payload: '{"businessName":"Plain"}',
    });
    expect(response.statusCode).toBe(415);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'request.unsupported_media_type' });

    const xml = await t.app.inject({
      method: 'POST',
      url: '/api/v1/devices/pair',
      headers: { 'content-type': 'application/xml' },
      payload: '<code>ABCDE-FGHJK</code>',
    });
    expect(xml.statusCode).toBe(415);
    expect(JSON.parse(xml.body)).toMatchObject({ code: 'request.unsupported_media_type' });
  });

  it('rate-limits device pairing per client address: the 11th try is 429 rate_limited', async () => {
    const caller = new Caller(t.app);
    for (let attempt = 1; attempt <= 10; attempt++) {
      const response = await caller.post('/api/v1/devices/pair', { code: 'ZZZZZ-99999' });
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('device.pairing_code_invalid');
    }
    const limited = await caller.post('/api/v1/devices/pair', { code: 'ZZZZZ-99999' });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(headerOf(limited.headers, 'x-request-id')).not.toBe('');

    // Another client address is not affected.
    const other = await new Caller(t.app).post('/api/v1/devices/pair', { code: 'ZZZZZ-99999' });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('device.pairing_code_invalid');
  });
});

describe('an unexpected error', () => {
  let app: FastifyInstance;
  let db: Database;
  let redis: Redis;

  beforeAll(async () => {
    db = openTestDatabase(2);
    redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 2 });
    app = await buildApp({
      config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false' }),
      db,
      redis,
      authSecret: randomBytes(32).toString('base64url'),
      rateLimitNamespace: randomBytes(6).toString('hex'),
    });
    app.get('/boom', async () => {
      throw new Error(`connect failed: ${SECRET}`);
    });
    app.get('/boom-typed', async () => {
      const error = new TypeError(`cannot read ${SECRET}`);
      Object.assign(error, { code: 'ECONNREFUSED', statusCode: 502 });
      throw error;
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    redis.disconnect();
  });

  it.each(['/boom', '/boom-typed'])(
    'answers 500 internal from %s and hides the message',
    async (url) => {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(500);
      const body = JSON.parse(response.body) as Record<string, unknown>;
      expect(body.code).toBe('internal');
      expect(typeof body.message).toBe('string');
      expect(body.requestId).toBe(response.headers['x-request-id']);
      expect(response.body).not.toContain('hunter2');
      expect(response.body).not.toContain(SECRET);
      expect(response.body).not.toContain('stack');
      expect(JSON.stringify(response.headers)).not.toContain('hunter2');
    },
  );
});

describe('API description', () => {
  it('serves an OpenAPI 3.1 document with the public routes', async () => {
    const response = await new Caller(t.app).get<{
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    }>('/docs/json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toMatch(/^3\.1\./);
    expect(response.body.paths['/api/v1/signup']).toHaveProperty('post');
    expect(response.body.paths['/api/v1/stores']).toHaveProperty('get');
    expect(response.body.paths['/api/v1/stores']).toHaveProperty('post');
    expect(response.body.paths['/api/v1/audit-events/verify']).toHaveProperty('get');
    expect(response.body.paths['/api/v1/audit-events']).toHaveProperty('get');
    // Health probes are for the orchestrator, not API clients.
    expect(response.body.paths['/health/live']).toBeUndefined();
  });

  it('answers GraphQL introspection', async () => {
    const response = await new Caller(t.app).graphql<{
      __schema: { queryType: { name: string } };
    }>('{ __schema { queryType { name } } }');
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.__schema.queryType.name).toBe('Query');
  });

  it('refuses an unauthenticated GraphQL query with auth.unauthenticated', async () => {
    const response = await new Caller(t.app).graphql('{ stores { id } }');
    expect(response.body.data).toBeNull();
    expect(response.body.errors?.[0]?.extensions.code).toBe('auth.unauthenticated');
  });

  it('reports an invalid GraphQL query with graphql.invalid and what was wrong', async () => {
    const unknownField = await new Caller(t.app).graphql('{ noSuchField }');
    expect(unknownField.body.data).toBeNull();
    expect(unknownField.body.errors?.[0]?.extensions.code).toBe('graphql.invalid');
    expect(unknownField.body.errors?.[0]?.message).toContain('noSuchField');

    const syntax = await new Caller(t.app).graphql('{ stores { id ');
    expect(syntax.body.errors?.[0]?.extensions.code).toBe('graphql.invalid');
    expect(syntax.body.errors?.[0]?.message).toMatch(/syntax/i);
  });
});
