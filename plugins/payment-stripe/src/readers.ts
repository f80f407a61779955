import {
  type PaymentFailure,
  PLUGIN_ERROR_CODES,
  PluginError,
  type PluginLogger,
  type ReaderStatus,
} from '@tillpoint/plugin-sdk';
import type Stripe from 'stripe';
import { stripeCall } from './errors.ts';
import { METADATA, readerActionFailure } from './snapshots.ts';

// Card readers registered in the tenant's Stripe account (Stripe Terminal, server-driven: the
// reader takes its work from Stripe, not from the register's browser).

type Reader = Stripe.Terminal.Reader;

export async function retrieveReader(stripe: Stripe, readerId: string): Promise<Reader> {
  const reader = await stripeCall('reader', () => stripe.terminal.readers.retrieve(readerId));
  if (reader.deleted)
    throw new PluginError(
      PLUGIN_ERROR_CODES.misconfigured,
      `The card reader ${readerId} was deleted from the Stripe account. Set another reader for this register.`,
    );
  return reader;
}

export async function readerStatus(stripe: Stripe, readerId: string): Promise<ReaderStatus> {
  const reader = await retrieveReader(stripe, readerId);
  return {
    readerId: reader.id,
    online: reader.status === 'online',
    busy: reader.action?.status === 'in_progress',
    label: reader.label || null,
  };
}

function actionPaymentIntentId(reader: Reader): string | null {
  const intent = reader.action?.process_payment_intent?.payment_intent;
  if (!intent) return null;
  return typeof intent === 'string' ? intent : intent.id;
}

/**
 * Why a waiting payment will not complete on its reader, if it will not: the reader's last action
 * was this payment and it failed. Reading the reader is best effort; the payment stays pending when
 * the reader cannot be read.
 */
export async function readerFailureFor(
  stripe: Stripe,
  intent: Stripe.PaymentIntent,
  logger: PluginLogger,
): Promise<PaymentFailure | null> {
  const readerId = intent.metadata?.[METADATA.readerId];
  if (intent.status !== 'requires_payment_method' || intent.last_payment_error || !readerId)
    return null;
  try {
    const reader = await retrieveReader(stripe, readerId);
    if (actionPaymentIntentId(reader) !== intent.id || reader.action?.status !== 'failed')
      return null;
    return readerActionFailure(reader.action.failure_code, reader.action.failure_message);
  } catch (error) {
    logger.warn(
      { readerId, paymentIntent: intent.id, error: String(error) },
      'reader not readable',
    );
    return null;
  }
}

/**
 * Takes this payment off its reader so the customer is no longer asked for a card. Best effort:
 * cancelling the intent is what guarantees no money moves, and it must not wait on a reader that
 * went offline.
 */
export async function releaseReader(
  stripe: Stripe,
  intent: Stripe.PaymentIntent,
  logger: PluginLogger,
): Promise<void> {
  const readerId = intent.metadata?.[METADATA.readerId];
  if (!readerId) return;
  try {
    const reader = await retrieveReader(stripe, readerId);
    if (reader.action?.status !== 'in_progress' || actionPaymentIntentId(reader) !== intent.id)
      return;
    await stripeCall('reader', () => stripe.terminal.readers.cancelAction(readerId));
  } catch (error) {
    logger.warn(
      { readerId, paymentIntent: intent.id, error: String(error) },
      'reader not released',
    );
  }
}
