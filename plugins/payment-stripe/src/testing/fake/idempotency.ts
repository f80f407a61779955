import type { StripeErrorBody } from './errors.ts';
import type { FormObject } from './form.ts';

// Stripe's idempotency contract: the first answer for a key is saved; the same key with the same
// request gets that answer again (even if it was an error), the same key with a different request
// is refused. Keys are not shared between GET and POST; GETs are idempotent by nature.

interface SavedAnswer {
  readonly method: string;
  readonly path: string;
  readonly fingerprint: string;
  readonly status: number;
  readonly body: unknown;
}

export type IdempotencyLookup =
  | { readonly kind: 'new' }
  | { readonly kind: 'replay'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'conflict'; readonly error: StripeErrorBody };

export class IdempotencyStore {
  readonly #answers = new Map<string, SavedAnswer>();

  lookup(key: string, method: string, path: string, params: FormObject): IdempotencyLookup {
    const saved = this.#answers.get(key);
    if (!saved) return { kind: 'new' };
    if (saved.method !== method || saved.path !== path || saved.fingerprint !== fingerprint(params))
      return {
        kind: 'conflict',
        error: {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        },
      };
    return { kind: 'replay', status: saved.status, body: structuredClone(saved.body) };
  }

  save(
    key: string,
    method: string,
    path: string,
    params: FormObject,
    status: number,
    body: unknown,
  ): void {
    this.#answers.set(key, {
      method,
      path,
      fingerprint: fingerprint(params),
      status,
      body: structuredClone(body),
    });
  }
}

/** Parameters compared by content, whatever order the client wrote them in. */
function fingerprint(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(fingerprint).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${fingerprint(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
