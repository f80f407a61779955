import type { IncomingHttpHeaders } from 'node:http';
import { FakeStripeError, type StripeErrorBody } from './errors.ts';
import { type FormObject, parseForm } from './form.ts';
import { IdempotencyStore } from './idempotency.ts';
import { type ApiKeyKind, type FakeStripeState, stripeId } from './state.ts';

// One API call from the fake's point of view: authenticate like Stripe, find the endpoint, honour
// the Idempotency-Key, run the endpoint, and only then let its events out (a refused call emits
// nothing).

export interface HandlerContext {
  readonly state: FakeStripeState;
  readonly params: FormObject;
  readonly pathParams: Readonly<Record<string, string>>;
  readonly keyKind: ApiKeyKind;
  /** Records an event about `object` as it is at this moment. */
  emit(type: string, object: object): void;
}

export type Handler = (ctx: HandlerContext) => object;

export interface Route {
  readonly method: 'GET' | 'POST';
  /** '/v1/payment_intents/:id/capture' */
  readonly path: string;
  readonly handler: Handler;
}

export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly body: string;
  readonly headers: IncomingHttpHeaders;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
  readonly replayed: boolean;
}

export interface EmittedEvent {
  readonly type: string;
  readonly object: object;
  readonly request: { readonly id: string | null; readonly idempotency_key: string | null };
}

interface CompiledRoute extends Route {
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

export class FakeStripeApi {
  readonly #routes: CompiledRoute[];
  readonly #idempotency = new IdempotencyStore();
  readonly #state: FakeStripeState;
  readonly #publish: (event: EmittedEvent) => void;

  constructor(
    state: FakeStripeState,
    routes: readonly Route[],
    publish: (event: EmittedEvent) => void,
  ) {
    this.#state = state;
    this.#routes = routes.map(compile);
    this.#publish = publish;
  }

  handle(request: ApiRequest): ApiResponse {
    const requestId = stripeId('req');
    const idempotencyKey = header(request.headers, 'idempotency-key');
    const baseHeaders: Record<string, string> = {
      'request-id': requestId,
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      ...versionHeader(request.headers),
    };
    const answer = (status: number, body: unknown, replayed = false): ApiResponse => ({
      status,
      body,
      headers: replayed ? { ...baseHeaders, 'idempotent-replayed': 'true' } : baseHeaders,
      replayed,
    });

    const keyKind = this.#authenticate(request.headers);
    if (typeof keyKind !== 'string') return answer(keyKind.status, { error: keyKind.body });

    const match = this.#match(request.method, request.path);
    if (!match)
      return answer(404, {
        error: {
          type: 'invalid_request_error',
          message: `Unrecognized request URL (${request.method}: ${request.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        } satisfies StripeErrorBody,
      });

    const params = parseForm(request.method === 'GET' ? request.query : request.body);
    const idempotent = request.method === 'POST' && idempotencyKey !== null;
    if (idempotent) {
      const stored = this.#idempotency.lookup(idempotencyKey, request.method, request.path, params);
      if (stored.kind === 'conflict') return answer(400, { error: stored.error });
      if (stored.kind === 'replay') return answer(stored.status, stored.body, true);
    }

    const emitted: EmittedEvent[] = [];
    const context: HandlerContext = {
      state: this.#state,
      params,
      pathParams: match.pathParams,
      keyKind,
      emit: (type, object) =>
        emitted.push({
          type,
          object: structuredClone(object),
          request: { id: requestId, idempotency_key: idempotencyKey },
        }),
    };
    let status: number;
    let body: unknown;
    try {
      body = match.route.handler(context);
      status = 200;
    } catch (error) {
      if (!(error instanceof FakeStripeError)) throw error;
      if (error.beforeExecution) return answer(error.status, { error: error.body });
      status = error.status;
      body = { error: error.body };
      emitted.length = 0;
    }
    if (idempotent)
      this.#idempotency.save(idempotencyKey, request.method, request.path, params, status, body);
    for (const event of emitted) this.#publish(event);
    return answer(status, body);
  }

  #authenticate(headers: IncomingHttpHeaders): ApiKeyKind | FakeStripeError {
    const authorization = header(headers, 'authorization');
    const key = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : null;
    if (!key)
      return new FakeStripeError(401, {
        type: 'invalid_request_error',
        message:
          'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth.',
      });
    const kind = this.#state.apiKeys.get(key);
    if (!kind)
      return new FakeStripeError(401, {
        type: 'invalid_request_error',
        message: `Invalid API Key provided: ${redact(key)}`,
      });
    return kind;
  }

  #match(
    method: string,
    path: string,
  ): { route: CompiledRoute; pathParams: Record<string, string> } | null {
    for (const route of this.#routes) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      const pathParams: Record<string, string> = {};
      route.names.forEach((name, index) => {
        pathParams[name] = decodeURIComponent(found[index + 1] ?? '');
      });
      return { route, pathParams };
    }
    return null;
  }
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/:([a-z_]+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { ...route, pattern: new RegExp(`^${source}$`), names };
}

export function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

function versionHeader(headers: IncomingHttpHeaders): Record<string, string> {
  const version = header(headers, 'stripe-version');
  return version ? { 'stripe-version': version } : {};
}

/** Stripe never echoes a whole key back: sk_test_****wxyz. */
export function redact(key: string): string {
  const prefix = /^[a-z]+_(test|live)_/.exec(key)?.[0] ?? '';
  return `${prefix}****${key.slice(-4)}`;
}
