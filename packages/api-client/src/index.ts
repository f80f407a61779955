import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.gen.ts';

export type { components, paths };

/** Every API error: branch on `code` (stable), show `message` to people. */
export class TillpointApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly requestId: string | null;
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, body: unknown) {
    const error = (body ?? {}) as {
      code?: string;
      message?: string;
      requestId?: string;
      details?: Record<string, unknown>;
    };
    super(error.message ?? `HTTP ${status}`);
    this.name = 'TillpointApiError';
    this.status = status;
    this.code = error.code ?? 'http.unexpected';
    this.requestId = error.requestId ?? null;
    this.details = error.details;
  }
}

export interface TillpointClientOptions {
  readonly baseUrl: string;
  /** Device, PIN-session or API token, sent as "Authorization: Bearer". */
  readonly token?: string;
  /**
   * 'browser': the browser keeps the session cookie (credentials: 'include').
   * 'jar': this client keeps cookies itself (Node: bridge, e2e, benchmarks). Default: by environment.
   */
  readonly cookies?: 'browser' | 'jar';
  readonly fetch?: typeof fetch;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface TillpointClient {
  /** Typed REST calls: api.GET('/api/v1/stores'), api.POST('/api/v1/stores', { body }) ... */
  readonly api: Client<paths>;
  setToken(token: string | null): void;
  /** Back-office sign-in through Auth.js (CSRF handshake, then credentials). */
  signIn(email: string, password: string): Promise<{ userId: string; tenantId: string }>;
  signOut(): Promise<void>;
}

/** One typed client for the admin, the register, the bridge, e2e tests and benchmarks. */
export function createTillpointClient(options: TillpointClientOptions): TillpointClient {
  const baseFetch = options.fetch ?? globalThis.fetch;
  const mode = options.cookies ?? (typeof document === 'undefined' ? 'jar' : 'browser');
  const jar = new Map<string, string>();
  let token = options.token ?? null;
  let csrfToken: string | null = null;

  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const remember = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1);
      if (!name) continue;
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(cookie)) jar.delete(name);
      else jar.set(name, value);
    }
  };

  async function send(input: Request): Promise<Response> {
    const request = new Request(input, mode === 'browser' ? { credentials: 'include' } : {});
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    if (mode === 'jar' && jar.size > 0) request.headers.set('cookie', cookieHeader());
    if (csrfToken && UNSAFE.has(request.method)) request.headers.set('x-csrf-token', csrfToken);
    const response = await baseFetch(request);
    if (mode === 'jar') remember(response);
    return response;
  }

  const api = createClient<paths>({ baseUrl: options.baseUrl, fetch: send });

  async function authCall(path: string, body?: Record<string, string>): Promise<unknown> {
    const response = await send(
      new Request(`${options.baseUrl}/api/v1/auth/${path}`, {
        method: body ? 'POST' : 'GET',
        ...(body
          ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
          : {}),
      }),
    );
    const payload = await response.json().catch(() => null);
    if (!response.ok) throw new TillpointApiError(response.status, payload);
    return payload;
  }

  return {
    api,
    setToken(next) {
      token = next;
    },
    async signIn(email, password) {
      const { csrfToken: formToken } = (await authCall('csrf')) as { csrfToken: string };
      const result = (await authCall('callback/credentials', {
        csrfToken: formToken,
        email,
        password,
      })) as {
        userId: string;
        tenantId: string;
        csrfToken: string;
      };
      csrfToken = result.csrfToken;
      return { userId: result.userId, tenantId: result.tenantId };
    },
    async signOut() {
      const { csrfToken: formToken } = (await authCall('csrf')) as { csrfToken: string };
      await authCall('signout', { csrfToken: formToken });
      csrfToken = null;
      jar.clear();
    },
  };
}

/** Unwraps an openapi-fetch result: the data, or a TillpointApiError with the stable code. */
export async function ok<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw new TillpointApiError(response.status, error);
  return data as T;
}
