// Test harness: the real app factory on the run's real PostgreSQL test database (as the app role)
// and the real Redis. Every test signs up its own retailers, so tests never share tenants.
import { randomBytes } from 'node:crypto';
import type { Database } from '@tillpoint/db';
import { openTestDatabase, testRedisUrl } from '@tillpoint/db/testing';
import type { Role } from '@tillpoint/domain';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { Redis } from 'ioredis';
import { type AppDependencies, buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly db: Database;
  readonly redis: Redis;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Share between instances that must accept each other's session cookies. */
  readonly authSecret?: string;
  readonly queuePrefix?: string;
  /** Extra environment for the app's configuration (e.g. TRUST_PROXY). */
  readonly env?: Readonly<Record<string, string>>;
  /** Plugins to register instead of the installed ones, and where their webhooks go. */
  readonly plugins?: AppDependencies['plugins'];
  readonly webhookSinks?: AppDependencies['webhookSinks'];
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = openTestDatabase();
  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 2 });
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SEED_DEMO: 'false',
    REDIS_URL: testRedisUrl(),
    ...options.env,
  });
  const instance = randomBytes(6).toString('hex');
  const app = await buildApp({
    config,
    db,
    redis,
    authSecret: options.authSecret ?? randomBytes(32).toString('base64url'),
    rateLimitNamespace: instance,
    // Instances of one test share a queue when they share a prefix (the two-instance tests).
    queuePrefix: `tillpoint-test-${options.queuePrefix ?? instance}`,
    ...(options.plugins ? { plugins: options.plugins } : {}),
    ...(options.webhookSinks ? { webhookSinks: options.webhookSinks } : {}),
  });
  await app.ready();
  return {
    app,
    db,
    redis,
    async close() {
      await app.close();
      await db.close();
      redis.disconnect();
    },
  };
}

export interface Response<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly headers: Record<string, string | string[] | number | undefined>;
}

/** A caller: anonymous, a cookie session (with its CSRF token), or a bearer token. */
export class Caller {
  readonly app: FastifyInstance;
  readonly cookie: string | null;
  readonly csrfToken: string | null;
  readonly bearer: string | null;
  /** Each caller is its own client address, so per-IP rate limits behave as for real clients. */
  readonly ip: string;

  constructor(
    app: FastifyInstance,
    auth: { cookie?: string; csrfToken?: string; bearer?: string; ip?: string } = {},
  ) {
    this.app = app;
    this.cookie = auth.cookie ?? null;
    this.csrfToken = auth.csrfToken ?? null;
    this.bearer = auth.bearer ?? null;
    this.ip = auth.ip ?? randomIp();
  }

  async request<T = Record<string, unknown>>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<Response<T>> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    const options: InjectOptions = { method, url, headers, remoteAddress: this.ip };
    if (body !== undefined) options.payload = body as NonNullable<InjectOptions['payload']>;
    const response = await this.app.inject(options);
    const text = response.body;
    return {
      status: response.statusCode,
      body: (text ? JSON.parse(text) : null) as T,
      headers: response.headers,
    };
  }

  get<T = Record<string, unknown>>(url: string) {
    return this.request<T>('GET', url);
  }
  post<T = Record<string, unknown>>(url: string, body: unknown = {}) {
    return this.request<T>('POST', url, body);
  }
  patch<T = Record<string, unknown>>(url: string, body: unknown) {
    return this.request<T>('PATCH', url, body);
  }
  put<T = Record<string, unknown>>(url: string, body: unknown) {
    return this.request<T>('PUT', url, body);
  }

  async graphql<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
  ) {
    return this.request<{
      data: T | null;
      errors?: { message: string; extensions: { code: string } }[];
    }>('POST', '/graphql', {
      query,
      variables,
    });
  }
}

export function randomIp(): string {
  const [a = 0, b = 0, c = 1] = randomBytes(3);
  return `127.${a}.${b}.${Math.max(c, 1)}`;
}

function cookiesFrom(setCookie: string | string[] | undefined): string {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return list.map((cookie) => cookie.split(';')[0]).join('; ');
}

/** Back-office sign-in through the real Auth.js flow: CSRF fetch, then credentials callback. */
export async function signIn(
  app: FastifyInstance,
  email: string,
  password: string,
  ip: string = randomIp(),
): Promise<Response & { caller: Caller | null }> {
  const csrf = await app.inject({ method: 'GET', url: '/api/v1/auth/csrf', remoteAddress: ip });
  const csrfCookie = cookiesFrom(csrf.headers['set-cookie']);
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/callback/credentials',
    remoteAddress: ip,
    headers: { cookie: csrfCookie, 'content-type': 'application/json' },
    payload: { csrfToken, email, password },
  });
  const body = JSON.parse(response.body) as Record<string, unknown>;
  if (response.statusCode !== 200)
    return { status: response.statusCode, body, headers: response.headers, caller: null };
  const cookie = [csrfCookie, cookiesFrom(response.headers['set-cookie'])]
    .filter(Boolean)
    .join('; ');
  return {
    status: 200,
    body,
    headers: response.headers,
    caller: new Caller(app, { cookie, csrfToken: String(body.csrfToken), ip }),
  };
}

let counter = 0;
export function uniqueEmail(label: string): string {
  counter += 1;
  return `${label}-${Date.now().toString(36)}-${counter}-${randomBytes(3).toString('hex')}@example.test`;
}

export const TEST_PASSWORD = 'correct-horse-battery-9';

export interface Retailer {
  readonly tenantId: string;
  readonly storeId: string;
  readonly ownerId: string;
  readonly ownerEmail: string;
  readonly owner: Caller;
}

export async function signUpRetailer(
  app: FastifyInstance,
  name = 'Test Retail Co',
): Promise<Retailer> {
  const ownerEmail = uniqueEmail('owner');
  const response = await new Caller(app).post<{
    tenantId: string;
    storeId: string;
    userId: string;
  }>('/api/v1/signup', {
    businessName: name,
    ownerName: 'Pat Owner',
    email: ownerEmail,
    password: TEST_PASSWORD,
    country: 'US',
    currency: 'USD',
    timezone: 'America/Chicago',
  });
  if (response.status !== 201) throw new Error(`signup failed: ${JSON.stringify(response.body)}`);
  const session = await signIn(app, ownerEmail, TEST_PASSWORD);
  if (!session.caller) throw new Error(`owner sign-in failed: ${JSON.stringify(session.body)}`);
  return {
    tenantId: response.body.tenantId,
    storeId: response.body.storeId,
    ownerId: response.body.userId,
    ownerEmail,
    owner: session.caller,
  };
}

export interface StaffMember {
  readonly id: string;
  readonly email: string;
  readonly pin: string;
  readonly caller: Caller;
}

const PINS: Record<Role, string> = {
  owner: '4826',
  admin: '3917',
  manager: '2580',
  cashier: '1357',
  accountant: '9024',
};

/** Creates a staff member (with password and PIN) as the retailer's owner and signs them in. */
export async function addStaff(
  app: FastifyInstance,
  retailer: Retailer,
  role: Role,
  options: { storeIds?: string[] | null; pin?: string } = {},
): Promise<StaffMember> {
  const email = uniqueEmail(role);
  const pin = options.pin ?? PINS[role];
  const created = await retailer.owner.post<{ id: string }>('/api/v1/users', {
    name: `Test ${role}`,
    email,
    role,
    password: TEST_PASSWORD,
    pin,
    ...(options.storeIds !== undefined ? { storeIds: options.storeIds } : {}),
  });
  if (created.status !== 201)
    throw new Error(`create ${role} failed: ${JSON.stringify(created.body)}`);
  const session = await signIn(app, email, TEST_PASSWORD);
  if (!session.caller) throw new Error(`${role} sign-in failed: ${JSON.stringify(session.body)}`);
  return { id: created.body.id, email, pin, caller: session.caller };
}

/** Creates a register in the store and pairs a device to it; returns the device caller. */
export async function pairDevice(
  app: FastifyInstance,
  manager: Caller,
  storeId: string,
  registerName = `Till ${randomBytes(2).toString('hex')}`,
): Promise<{ registerId: string; deviceId: string; device: Caller; token: string }> {
  const register = await manager.post<{ id: string }>(`/api/v1/stores/${storeId}/registers`, {
    name: registerName,
  });
  if (register.status !== 201)
    throw new Error(`create register failed: ${JSON.stringify(register.body)}`);
  const code = await manager.post<{ code: string }>(
    `/api/v1/registers/${register.body.id}/pairing-codes`,
  );
  if (code.status !== 201) throw new Error(`pairing code failed: ${JSON.stringify(code.body)}`);
  const paired = await new Caller(app).post<{ deviceToken: string; deviceId: string }>(
    '/api/v1/devices/pair',
    { code: code.body.code },
  );
  if (paired.status !== 201) throw new Error(`pair failed: ${JSON.stringify(paired.body)}`);
  return {
    registerId: register.body.id,
    deviceId: paired.body.deviceId,
    device: new Caller(app, { bearer: paired.body.deviceToken }),
    token: paired.body.deviceToken,
  };
}

/** PIN sign-in on a paired device; returns the cashier's register caller. */
export async function pinSignIn(
  app: FastifyInstance,
  device: Caller,
  userId: string,
  pin: string,
): Promise<Caller> {
  const session = await device.post<{ token: string }>('/api/v1/device/sessions', { userId, pin });
  if (session.status !== 201)
    throw new Error(`PIN sign-in failed: ${JSON.stringify(session.body)}`);
  return new Caller(app, { bearer: session.body.token });
}
