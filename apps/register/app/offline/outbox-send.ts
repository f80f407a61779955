import { sendPlan } from './outbox-credentials.ts';
import type { OutboxEntry } from './records.ts';

/** What the replayer needs of an answer. */
export interface SendResult {
  readonly status: number;
  /** The parsed JSON body (null when empty, the text when not JSON). */
  readonly body: unknown;
  /** The Retry-After header, when the server sent one. */
  readonly retryAfter?: string | null;
  /** Idempotent-Replayed: true, the server answered from a request it had already handled. */
  readonly replayed?: boolean;
}

/** Sends one entry; resolves with any HTTP answer, rejects when the server was not reached. */
export type SendEntry = (entry: OutboxEntry) => Promise<SendResult>;

export interface SubmitSenderOptions {
  /** Origin of the platform; the register is served by it, so location.origin by default. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  /** An answer slower than this counts as not reached (the replay resends; the id dedupes). */
  readonly timeoutMs?: number;
  /** The paired device's token, read at each send (for sales of an offline sign-in). */
  readonly deviceToken?: () => string | null;
}

/**
 * POST /api/v1/sales/submit as the cashier who made the sale, with the sale id as the
 * Idempotency-Key: a resend after a lost answer gets the stored sale back (200, replayed).
 */
export function createSubmitSender(options: SubmitSenderOptions = {}): SendEntry {
  const baseUrl = options.baseUrl ?? globalThis.location.origin;
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deviceToken = options.deviceToken ?? (() => null);
  return async (entry) => {
    const plan = sendPlan(entry, deviceToken());
    // Answered like a refused session: the screen then asks for the cashier to sign in.
    if (!plan)
      return {
        status: 401,
        body: {
          code: 'outbox.no_credentials',
          message: 'This sale has no session to send it with; its cashier must sign in.',
        },
      };
    const response = await fetchImpl(`${baseUrl}/api/v1/sales/submit`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': plan.idempotencyKey,
        authorization: `Bearer ${plan.token}`,
      },
      body: JSON.stringify(plan.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body: unknown = null;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    return {
      status: response.status,
      body,
      retryAfter: response.headers.get('retry-after'),
      replayed: response.headers.get('idempotent-replayed') === 'true',
    };
  };
}
