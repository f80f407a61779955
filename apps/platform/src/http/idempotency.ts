import type { Database } from '@tillpoint/db';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { actorId } from '../context.ts';
import { AppError } from '../errors.ts';
import { fingerprint } from './idempotency-fingerprint.ts';
import {
  type ClaimOutcome,
  claimKey,
  completeKey,
  type KeyAttempt,
  releaseKey,
} from './idempotency-keys.ts';

// The generic idempotency layer (ADR 0009, "Idempotency, two layers"), modelled on Stripe's keys
// and the IETF draft "The Idempotency-Key HTTP Header Field". A client that may send a request
// twice (a timeout, a register replaying its outbox) sends the same Idempotency-Key both times;
// the first request runs, the second gets the first one's answer back.

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * 'required': refuse a signed-in request without Idempotency-Key (400 idempotency.key_required).
     * 'unsupported': refuse one with a key (400 idempotency.unsupported) — for responses that
     * carry a secret shown once (it must not sit in the key table) or bodies that are not JSON.
     */
    idempotency?: 'required' | 'unsupported';
  }
}

export interface IdempotencyOptions {
  readonly db: Database;
  /** Keys the request fingerprints (see fingerprint()); the server's auth secret. */
  readonly secret: string;
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
const KEY = /^[A-Za-z0-9._:-]{8,255}$/;
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const API_PREFIX = '/api/v1/';
// Auth.js sign-in/sign-out answer with cookies and redirects; a replay could not repeat those.
const AUTH_PREFIX = '/api/v1/auth/';

/**
 * Routes owned by other modules that must not keep their answers, marked here until their
 * routes say `config: { idempotency: 'unsupported' }` themselves.
 */
const UNSUPPORTED_ROUTES = new Set([
  'POST /api/v1/api-tokens', // the API token secret, shown once
  'POST /api/v1/device/sessions', // a PIN-session bearer token
  'POST /api/v1/registers/:id/pairing-codes', // a pairing code
  'POST /api/v1/devices/pair', // anonymous; a device bearer token
  'POST /api/v1/signup', // anonymous: there is no tenant to keep the key under
  'POST /api/v1/catalog/imports', // multipart upload streamed by the handler
]);

type Mode = 'optional' | 'required' | 'unsupported';

function modeOf(method: string, route: string, configured: Mode | undefined): Mode | null {
  if (!MUTATING.has(method) || !route.startsWith(API_PREFIX) || route.startsWith(AUTH_PREFIX)) {
    return null;
  }
  if (UNSUPPORTED_ROUTES.has(`${method} ${route}`)) return 'unsupported';
  return configured ?? 'optional';
}

const HEADER_DOCS =
  'Makes retries safe: a repeat within 24 h gets the first answer back (Idempotent-Replayed: ' +
  'true). Same key, other request: 422 idempotency.key_reused; first still running: 409 ' +
  'idempotency.in_progress. 409, 423, 429 and 5xx answers are not kept.';

// Optional in the schema even where required: the layer answers a missing key itself (with
// idempotency.key_required, and only to signed-in callers), not schema validation.
const headerSchema = (mode: 'optional' | 'required') =>
  Type.Object({
    [IDEMPOTENCY_HEADER]: Type.Optional(
      Type.String({
        pattern: KEY.source,
        description: mode === 'required' ? `Required on this route. ${HEADER_DOCS}` : HEADER_DOCS,
      }),
    ),
  });

/** Documents the header on every route where it works (OpenAPI parameter, validated by us). */
function documentHeader(route: RouteOptions): void {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const modes = methods.map((method) => modeOf(method, route.url, route.config?.idempotency));
  const mode = modes.includes('required')
    ? 'required'
    : modes.includes('optional')
      ? 'optional'
      : null;
  const schema = route.schema;
  if (!mode || !schema || schema.headers !== undefined) return;
  route.schema = { ...schema, headers: headerSchema(mode) };
}

const errors = {
  invalidKey: () =>
    new AppError(
      'idempotency.invalid_key',
      'Idempotency-Key must be 8 to 255 characters of letters, digits and . _ : - (a UUID works).',
    ),
  keyRequired: () =>
    new AppError(
      'idempotency.key_required',
      'This request must carry an Idempotency-Key header; generate a UUID and keep it for retries.',
    ),
  unsupported: (why: string) =>
    new AppError('idempotency.unsupported', `${why} Send this request without Idempotency-Key.`),
  reused: () =>
    new AppError(
      'idempotency.key_reused',
      'This Idempotency-Key was already used for a different request (another body, route or ' +
        'user). Use a new key for a new request.',
    ),
  inProgress: () =>
    new AppError(
      'idempotency.in_progress',
      'A request with this Idempotency-Key is still running. Retry in a moment to get its answer.',
    ),
  abandoned: () =>
    new AppError(
      'idempotency.outcome_unknown',
      'A request with this Idempotency-Key stopped before its answer was saved; it may or may ' +
        'not have taken effect. Check whether it did (e.g. look the record up) and, if not, ' +
        'send it again with a new Idempotency-Key.',
    ),
};

function hasUnreadBody(request: FastifyRequest): boolean {
  const type = request.headers['content-type'] ?? '';
  if (type.toLowerCase().startsWith('multipart/')) return true;
  // A route with a catch-all parser leaves the body to its handler: nothing here to fingerprint.
  const length = Number(request.headers['content-length'] ?? 0);
  const chunked = request.headers['transfer-encoding'] !== undefined;
  return request.body === undefined && (length > 0 || chunked);
}

// Answers that describe a moment rather than the request are not kept: a lock, a concurrent
// change or a name taken meanwhile (409), a locked account (423), a rate limit (429), a failure
// on our side (5xx). Their requests wrote nothing (the use case's transaction rolled back), so
// letting the retry run again is safe and gives it a fresh answer.
function worthKeeping(status: number): boolean {
  return status < 500 && status !== 409 && status !== 423 && status !== 429;
}

const NOT_JSON = Symbol('not json');

/** The JSON body of an outgoing payload, undefined for none, NOT_JSON if it cannot be kept. */
function jsonBodyOf(reply: FastifyReply, payload: unknown): unknown {
  if (payload === null || payload === undefined || payload === '') return undefined;
  const type = String(reply.getHeader('content-type') ?? '');
  if (!type.includes('json')) return NOT_JSON;
  const text =
    typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString() : null;
  if (text === null) return NOT_JSON;
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

function replay(reply: FastifyReply, outcome: Extract<ClaimOutcome, { kind: 'replay' }>) {
  reply.code(outcome.status).header(REPLAYED_HEADER, 'true');
  if (outcome.body === null || outcome.body === undefined) return reply.send();
  // Sent as text so the stored body is returned as stored, not re-serialized by the route schema.
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(outcome.body));
}

/**
 * The Idempotency-Key layer. Applies to POST/PUT/PATCH/DELETE under /api/v1 from a signed-in
 * caller (request.ctx with a tenant, set by authenticate.ts, which must be registered first).
 * Without the header nothing changes. Keys are per tenant; the fingerprint also binds them to
 * the actor. The claim is taken in preValidation — after authentication and body parsing, before
 * schema validation — so a refused body (400) is stored and replayed like any other answer.
 */
export const idempotency = fp<IdempotencyOptions>(
  async (app: FastifyInstance, { db, secret }) => {
    const claims = new WeakMap<FastifyRequest, KeyAttempt>();

    app.addHook('onRoute', documentHeader);

    app.addHook('preValidation', async (request, reply) => {
      const route = request.routeOptions.url;
      if (route === undefined) return;
      const mode = modeOf(request.method, route, request.routeOptions.config.idempotency);
      if (mode === null) return;
      const { tenantId, actor } = request.ctx;
      const header = request.headers[IDEMPOTENCY_HEADER];
      if (header === undefined) {
        // Signed-out callers go on to the handler, which refuses them with 401 as usual.
        if (mode === 'required' && tenantId && actor) throw errors.keyRequired();
        return;
      }
      if (mode === 'unsupported') {
        throw errors.unsupported('This endpoint does not keep its answers for replay.');
      }
      // A repeated header arrives joined with ", ", which the pattern refuses.
      if (typeof header !== 'string' || !KEY.test(header)) throw errors.invalidKey();
      // Without a tenant there is nowhere to keep the key; the handler refuses the caller anyway.
      if (!tenantId || !actor) return;
      if (hasUnreadBody(request)) {
        throw errors.unsupported('Only JSON bodies can be matched against an Idempotency-Key.');
      }

      const attempt: KeyAttempt = {
        tenantId,
        key: header,
        actorId: actorId(actor),
        method: request.method,
        route,
        requestHash: fingerprint(secret, {
          method: request.method,
          route,
          url: request.url,
          body: request.body,
        }),
      };
      const outcome = await db.withTenant({ tenantId }, (tx) => claimKey(tx, attempt));
      switch (outcome.kind) {
        case 'claimed':
          claims.set(request, attempt);
          return;
        case 'replay':
          return replay(reply, outcome);
        case 'reused':
          throw errors.reused();
        case 'in_progress':
          reply.header('retry-after', '1');
          throw errors.inProgress();
        case 'abandoned':
          // The first request claimed the key over two minutes ago and never stored an answer:
          // its process most likely died. It may still not be re-run blindly, because the
          // handler's own transaction may have committed just before the crash (a store opened,
          // a sale completed) and running it again would do it twice; or the first request may
          // simply still be running. So the key stays claimed until it expires and the client
          // is told the outcome is unknown: check, then retry under a new key if it did not happen.
          throw errors.abandoned();
      }
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const attempt = claims.get(request);
      if (!attempt) return payload;
      claims.delete(request);
      const keep = worthKeeping(reply.statusCode);
      const body = keep ? jsonBodyOf(reply, payload) : NOT_JSON;
      if (keep && body === NOT_JSON) {
        // No mutating route answers with anything but JSON today; if one does, say so loudly.
        request.log.warn({ key: attempt.key }, 'idempotency: answer is not JSON, key released');
      }
      try {
        await db.withTenant({ tenantId: attempt.tenantId }, async (tx) => {
          if (body === NOT_JSON) return releaseKey(tx, attempt);
          await completeKey(tx, attempt, { status: reply.statusCode, body });
        });
      } catch (error) {
        // The response is still sent. The key stays in progress, then reads as outcome unknown:
        // the safe side, since the handler may have done its work.
        request.log.error({ err: error, key: attempt.key }, 'idempotency key not finished');
      }
      return payload;
    });
  },
  { name: 'tillpoint-idempotency' },
);
