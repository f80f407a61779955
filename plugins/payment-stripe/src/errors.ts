import { PLUGIN_ERROR_CODES, PluginError } from '@tillpoint/plugin-sdk';
import Stripe from 'stripe';

// Stripe's errors in the words every payment plugin uses, so the register reacts the same way
// whatever processor the tenant has. What the call was about decides what some errors mean
// (an unknown id is a misconfigured reader for a reader call, a missing payment otherwise).

export type StripeOperation = 'payment' | 'reader' | 'refund' | 'account';

const READER_BUSY_OR_OFFLINE = new Set([
  'terminal_reader_offline',
  'terminal_reader_busy',
  'terminal_reader_timeout',
  'terminal_reader_hardware_fault',
]);

export function toPluginError(error: unknown, operation: StripeOperation): unknown {
  if (error instanceof PluginError || !(error instanceof Stripe.errors.StripeError)) return error;
  const cause = { cause: error, details: stripeDetails(error) };

  if (error instanceof Stripe.errors.StripeConnectionError)
    return new PluginError(
      PLUGIN_ERROR_CODES.unreachable,
      'Stripe could not be reached or did not answer in time. Try again in a moment.',
      { ...cause, retryable: true },
    );
  if (
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError
  )
    return new PluginError(
      PLUGIN_ERROR_CODES.unreachable,
      'Stripe is having trouble answering right now. Try again in a moment.',
      { ...cause, retryable: true },
    );
  if (error instanceof Stripe.errors.StripeAuthenticationError)
    return new PluginError(
      PLUGIN_ERROR_CODES.unauthorized,
      'The secret key was refused by Stripe. Copy it again from the Stripe dashboard into the plugin settings.',
      cause,
    );
  if (error instanceof Stripe.errors.StripePermissionError)
    return new PluginError(
      PLUGIN_ERROR_CODES.unauthorized,
      'The Stripe key lacks a permission this needs. Use a secret key, or give the restricted key write access to PaymentIntents, Refunds and Terminal readers.',
      cause,
    );
  if (error instanceof Stripe.errors.StripeCardError)
    return new PluginError(
      PLUGIN_ERROR_CODES.declined,
      declineMessage(error.decline_code, error.message),
      cause,
    );
  if (error instanceof Stripe.errors.StripeIdempotencyError)
    return new PluginError(
      operation === 'refund' ? 'refund.id_conflict' : 'payment.id_conflict',
      `This ${operation === 'refund' ? 'refund' : 'payment'} id was already used at Stripe for a different request (another amount or reader). A new attempt needs a new id.`,
      cause,
    );
  if (error instanceof Stripe.errors.StripeInvalidRequestError)
    return invalidRequest(error, operation, cause);
  return new PluginError('plugin.failed', `Stripe refused the request: ${error.message}`, cause);
}

function invalidRequest(
  error: Stripe.errors.StripeInvalidRequestError,
  operation: StripeOperation,
  cause: { cause: unknown; details: Record<string, unknown> },
): PluginError {
  const code = error.code ?? '';
  if (READER_BUSY_OR_OFFLINE.has(code))
    return new PluginError(
      PLUGIN_ERROR_CODES.readerUnavailable,
      code === 'terminal_reader_busy'
        ? 'The card reader is busy with another payment. Finish or cancel it on the reader, then start a new payment.'
        : 'The card reader is offline. Check that it is powered on and connected, then start a new payment.',
      cause,
    );
  if (code === 'resource_missing' && operation === 'reader')
    return new PluginError(
      PLUGIN_ERROR_CODES.misconfigured,
      'Stripe has no card reader with this id in the connected account. Check the card reader set for this register.',
      cause,
    );
  if (code === 'resource_missing')
    return new PluginError(
      `${operation === 'refund' ? 'refund' : 'payment'}.not_found`,
      `Stripe has no such ${operation === 'refund' ? 'refund' : 'payment'} in the connected account.`,
      cause,
    );
  if (code === 'amount_too_large' || code === 'charge_already_refunded')
    return new PluginError(
      PLUGIN_ERROR_CODES.refundExceedsCaptured,
      'The refunds would exceed what was captured on this payment.',
      cause,
    );
  if (code === 'payment_intent_unexpected_state')
    return new PluginError(
      PLUGIN_ERROR_CODES.invalidState,
      `Stripe refused: ${error.message}`,
      cause,
    );
  return new PluginError(
    PLUGIN_ERROR_CODES.misconfigured,
    `Stripe refused the request: ${error.message}`,
    cause,
  );
}

/** "Card declined: insufficient funds (insufficient_funds)": what the cashier reads out. */
export function declineMessage(declineCode: string | null | undefined, fallback: string): string {
  if (!declineCode) return `Card declined: ${fallback}`;
  return `Card declined: ${declineCode.replace(/_/g, ' ')} (${declineCode})`;
}

function stripeDetails(error: Stripe.errors.StripeError): Record<string, unknown> {
  const details: Record<string, unknown> = { stripeType: error.type };
  if (error.code) details.stripeCode = error.code;
  if (error.decline_code) details.declineCode = error.decline_code;
  if (error.requestId) details.stripeRequestId = error.requestId;
  if (error.statusCode) details.stripeStatus = error.statusCode;
  return details;
}

/** Runs one Stripe call and rethrows its failure as a PluginError. */
export async function stripeCall<T>(
  operation: StripeOperation,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toPluginError(error, operation);
  }
}
