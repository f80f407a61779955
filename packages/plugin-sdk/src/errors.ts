/**
 * The one error a plugin throws on purpose. `code` is stable and namespaced by what happened,
 * not by vendor (payment.declined, plugin.unreachable...), so the register can react the same
 * way whatever processor a tenant uses. `retryable` says whether the same call may succeed later.
 */
export class PluginError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: string,
    message: string,
    options: { retryable?: boolean; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PluginError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
  }
}

export function isPluginError(error: unknown): error is PluginError {
  return error instanceof PluginError;
}

/** Codes every host understands. Plugins may add their own under the same prefixes. */
export const PLUGIN_ERROR_CODES = {
  /** The vendor could not be reached or did not answer in time. Retryable. */
  unreachable: 'plugin.unreachable',
  /** The vendor refused our credentials: the tenant must fix the configuration. */
  unauthorized: 'plugin.unauthorized',
  /** Configuration is valid by schema but the vendor says it is wrong (unknown reader...). */
  misconfigured: 'plugin.misconfigured',
  /** The card or account was declined. Not retryable with the same card. */
  declined: 'payment.declined',
  /** The terminal/reader is offline or busy. */
  readerUnavailable: 'payment.reader_unavailable',
  /** A webhook whose signature or timestamp does not check out. */
  badSignature: 'webhook.bad_signature',
  /** A receipt or journal that cannot be rendered (missing fields, impossible values). */
  invalidDocument: 'document.invalid',
  /** The payment is not in a state that allows the call (capturing a canceled payment...). */
  invalidState: 'payment.invalid_state',
  /** A refund would take the payment's refunds above what was captured. */
  refundExceedsCaptured: 'payment.refund_exceeds_captured',
} as const;
