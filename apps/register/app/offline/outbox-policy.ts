// How the outbox reacts to an answer, as pure functions (tested without a server).

export type ReplyVerdict = 'done' | 'retry' | 'attention';

// 409s that describe the entry itself, not a moment: another body already holds this sale id, or
// the server lost track of an earlier attempt under this Idempotency-Key (it answers the same
// way for 24 h). Sending again cannot change them, so a person has to look.
const LASTING_CONFLICTS = new Set([
  'sale.id_conflict',
  'sale_line.id_conflict',
  'payment.id_conflict',
  'idempotency.outcome_unknown',
]);

/**
 * done: the server holds the sale (201 created, 200 replayed). retry: nothing was decided, try
 * the same entry again later (server trouble, timeouts, rate limits, a duplicate still running).
 * attention: the server refused this entry (401 expired PIN session, validation, business
 * rules); it is kept for a person and the next entries go on.
 */
export function classifyReply(status: number, code?: string): ReplyVerdict {
  if (status >= 200 && status < 300) return 'done';
  if (status === 409)
    return code !== undefined && LASTING_CONFLICTS.has(code) ? 'attention' : 'retry';
  if (status === 408 || status === 429) return 'retry';
  if (status >= 400 && status < 500) return 'attention';
  // 5xx, and anything a proxy or captive portal may invent.
  return 'retry';
}

export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 60_000;

/**
 * Exponential back-off with full jitter: attempt n (1-based) waits a uniform random time below
 * min(60 s, 1 s * 2^(n-1)), so many registers coming back online do not retry in step.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(exponent, 30));
  const unit = Math.min(Math.max(random(), 0), 1);
  return Math.min(Math.floor(unit * ceiling), ceiling - 1);
}

// A broken or hostile header must not park the outbox for days; kick() still retries at once.
export const RETRY_AFTER_CAP_MS = 3_600_000;

/** Retry-After (delta seconds or an HTTP date) as milliseconds from now; null if absent or bad. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^[0-9]+$/.test(text)) return Math.min(Number(text) * 1000, RETRY_AFTER_CAP_MS);
  // An HTTP date names its weekday and month; Date.parse alone would read "-3" as a year.
  const at = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, at - nowMs), RETRY_AFTER_CAP_MS);
}
