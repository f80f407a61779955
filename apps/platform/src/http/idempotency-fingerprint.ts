import { createHmac } from 'node:crypto';

/** What identifies "the same request" under one Idempotency-Key. */
export interface RequestShape {
  readonly method: string;
  /** The route pattern, e.g. /api/v1/stores/:id. */
  readonly route: string;
  /** The concrete URL (path and query string, verbatim): another id or query is another request. */
  readonly url: string;
  /** The parsed JSON body; undefined when the request had none. */
  readonly body: unknown;
}

/**
 * JSON with object keys sorted at every level, so {"a":1,"b":2} and {"b":2,"a":1} (the same
 * request from two JSON encoders) fingerprint alike. Array order is meaningful and kept.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .sort()
      .filter((key) => record[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * 32 bytes identifying a request: HMAC-SHA-256 (keyed with the server secret) of method, route
 * pattern, concrete URL and canonical body. Keyed rather than a bare SHA-256 because bodies can
 * carry low-entropy secrets (a 4-digit PIN, a password): a bare hash of a known body shape would
 * give a PIN back to anyone who can read the table after 10,000 guesses.
 */
export function fingerprint(secret: string, request: RequestShape): Buffer {
  const body = request.body === undefined ? '' : canonicalJson(request.body);
  // A JSON array of the parts, so no choice of values can make two different requests collide.
  const parts = JSON.stringify([request.method, request.route, request.url, body]);
  return createHmac('sha256', secret).update(parts).digest();
}
