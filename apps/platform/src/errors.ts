/**
 * The one error type of the platform. `code` is stable and documented (clients branch on it);
 * `message` tells a person what was wrong and what to do. The HTTP status comes from the code's
 * family so REST and GraphQL report the same thing.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = statusOf(code);
    this.details = details;
  }
}

const STATUS_BY_CODE: Record<string, number> = {
  'auth.unauthenticated': 401,
  'auth.invalid_credentials': 401,
  'auth.invalid_token': 401,
  'auth.session_expired': 401,
  'auth.invalid_pin': 401,
  'auth.locked': 423,
  'auth.forbidden': 403,
  'auth.csrf_invalid': 403,
  'auth.store_forbidden': 403,
  'auth.role_forbidden': 403,
  rate_limited: 429,
  'receipt_email.rate_limited': 429,
  'request.malformed_json': 400,
  'request.unsupported_media_type': 415,
  'request.too_large': 413,
  'validation.failed': 400,
  'idempotency.invalid_key': 400,
  'idempotency.key_required': 400,
  'idempotency.unsupported': 400,
  'idempotency.in_progress': 409,
  'idempotency.outcome_unknown': 409,
  'cash_session.already_open': 409,
  // Natural idempotency: a client-chosen id already names another document.
  'sale.id_conflict': 409,
  'sale_line.id_conflict': 409,
  'payment.id_conflict': 409,
  'refund.id_conflict': 409,
  // One card payment on the reader per sale at a time.
  'payment.card_in_progress': 409,
  // Plugins: one enabled per kind; a vendor that did not answer; a plugin bug; webhooks.
  'plugin.kind_already_enabled': 409,
  'plugin.unreachable': 503,
  'plugin.not_installed': 503,
  'plugin.failed': 502,
  'webhook.bad_signature': 400,
  'webhook.in_progress': 409,
  'webhook.failed': 500,
  not_found: 404,
  'route.not_found': 404,
  internal: 500,
  unavailable: 503,
};

function statusOf(code: string): number {
  const exact = STATUS_BY_CODE[code];
  if (exact) return exact;
  if (code.endsWith('.not_found')) return 404;
  if (code.endsWith('.conflict') || code.endsWith('_taken') || code.endsWith('.exists')) return 409;
  // Everything else is a business rule the request broke: the request can be fixed and resent.
  return 422;
}

export function notFound(what: string, id: string): AppError {
  return new AppError(`${what}.not_found`, `No ${what.replace(/_/g, ' ')} with id ${id} here.`);
}
