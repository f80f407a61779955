import {
  type PaymentFailure,
  type PaymentReference,
  type PaymentSnapshot,
  PLUGIN_ERROR_CODES,
  PluginError,
  type PluginLogger,
  type StartPaymentRequest,
} from '@tillpoint/plugin-sdk';
import type Stripe from 'stripe';
import type { StripePluginConfig } from './config.ts';
import { stripeCall } from './errors.ts';
import { readerFailureFor, releaseReader } from './readers.ts';
import { METADATA, ourPaymentId, paymentSnapshot } from './snapshots.ts';

// One card payment = one PaymentIntent (card_present, manual capture) handed to the register's
// reader. Every write carries an idempotency key derived from our payment id, so any retry (ours,
// the SDK's, the host's) lands on the same intent and never charges twice.

const EXPAND = ['latest_charge'];

export const idempotencyKeys = {
  create: (paymentId: string) => `tillpoint-pi-${paymentId}`,
  reader: (paymentId: string) => `tillpoint-reader-${paymentId}`,
  capture: (paymentId: string) => `tillpoint-capture-${paymentId}`,
  cancel: (paymentId: string) => `tillpoint-cancel-${paymentId}`,
  refund: (refundId: string) => `tillpoint-refund-${refundId}`,
};

export class StripePayments {
  readonly #stripe: Stripe;
  readonly #config: StripePluginConfig;
  readonly #logger: PluginLogger;

  constructor(stripe: Stripe, config: StripePluginConfig, logger: PluginLogger) {
    this.#stripe = stripe;
    this.#config = config;
    this.#logger = logger;
  }

  async start(request: StartPaymentRequest): Promise<PaymentSnapshot> {
    checkStartRequest(request);
    const suffix = this.#config.statementDescriptorSuffix;
    const created = await stripeCall('payment', () =>
      this.#stripe.paymentIntents.create(
        {
          amount: request.amountMinor,
          currency: request.currency.toLowerCase(),
          allowed_payment_method_types: ['card_present'],
          capture_method: 'manual',
          description: request.description,
          metadata: {
            [METADATA.paymentId]: request.paymentId,
            [METADATA.saleId]: request.saleId,
            [METADATA.readerId]: request.readerId,
          },
          ...(suffix ? { statement_descriptor_suffix: suffix } : {}),
        },
        { idempotencyKey: idempotencyKeys.create(request.paymentId) },
      ),
    );
    let intent: Stripe.PaymentIntent = created;
    if (wasReplayed(created)) {
      // An earlier attempt for this payment id got further than its answer did: go on from where
      // the intent is now, not from the replayed answer.
      intent = await this.#retrieve({
        paymentId: request.paymentId,
        providerPaymentId: created.id,
      });
      if (intent.status !== 'requires_payment_method' || intent.last_payment_error)
        return this.#snapshot(intent);
    }
    await this.#sendToReader(intent, request);
    this.#logger.info(
      { paymentId: request.paymentId, paymentIntent: intent.id, readerId: request.readerId },
      'card payment sent to the reader',
    );
    return paymentSnapshot(intent);
  }

  async get(reference: PaymentReference): Promise<PaymentSnapshot> {
    return this.#snapshot(await this.#retrieve(reference));
  }

  /** The payment behind an intent as it is now, or null when the intent is not ours. */
  async now(
    intentId: string,
    readerFailure: PaymentFailure | null,
  ): Promise<PaymentSnapshot | null> {
    const intent = await stripeCall('payment', () =>
      this.#stripe.paymentIntents.retrieve(intentId, { expand: EXPAND }),
    );
    if (!ourPaymentId(intent)) return null;
    return readerFailure ? paymentSnapshot(intent, readerFailure) : this.#snapshot(intent);
  }

  async capture(reference: PaymentReference): Promise<PaymentSnapshot> {
    const intent = await this.#retrieve(reference);
    if (intent.status === 'succeeded') return paymentSnapshot(intent);
    if (intent.status !== 'requires_capture') throw notCapturable(await this.#snapshot(intent));
    try {
      const captured = await stripeCall('payment', () =>
        this.#stripe.paymentIntents.capture(
          intent.id,
          { expand: EXPAND },
          { idempotencyKey: idempotencyKeys.capture(reference.paymentId) },
        ),
      );
      return paymentSnapshot(captured);
    } catch (error) {
      // Captured in the meantime by another call: the money was taken once, which is the goal.
      if (error instanceof PluginError && error.code === PLUGIN_ERROR_CODES.invalidState) {
        const now = await this.#retrieve(reference);
        if (now.status === 'succeeded') return paymentSnapshot(now);
      }
      throw error;
    }
  }

  async cancel(reference: PaymentReference): Promise<PaymentSnapshot> {
    const intent = await this.#retrieve(reference);
    if (intent.status === 'canceled') return paymentSnapshot(intent);
    if (intent.status === 'succeeded')
      throw new PluginError(
        PLUGIN_ERROR_CODES.invalidState,
        'This card payment was captured already and can no longer be canceled: refund it instead.',
        { details: { providerPaymentId: intent.id, status: 'succeeded' } },
      );
    await releaseReader(this.#stripe, intent, this.#logger);
    return paymentSnapshot(await this.#cancelIntent(intent.id, reference.paymentId));
  }

  /** Our payment at Stripe, refusing an intent that belongs to another payment. */
  async #retrieve(reference: PaymentReference): Promise<Stripe.PaymentIntent> {
    const intent = await stripeCall('payment', () =>
      this.#stripe.paymentIntents.retrieve(reference.providerPaymentId, { expand: EXPAND }),
    );
    if (ourPaymentId(intent) !== reference.paymentId)
      throw new PluginError(
        'payment.not_found',
        `Stripe payment ${reference.providerPaymentId} does not belong to payment ${reference.paymentId}.`,
        { details: { providerPaymentId: reference.providerPaymentId } },
      );
    return intent;
  }

  async #snapshot(intent: Stripe.PaymentIntent): Promise<PaymentSnapshot> {
    return paymentSnapshot(intent, await readerFailureFor(this.#stripe, intent, this.#logger));
  }

  async #cancelIntent(intentId: string, paymentId: string): Promise<Stripe.PaymentIntent> {
    return stripeCall('payment', () =>
      this.#stripe.paymentIntents.cancel(
        intentId,
        { expand: EXPAND },
        { idempotencyKey: idempotencyKeys.cancel(paymentId) },
      ),
    );
  }

  /**
   * Hands the intent to the reader. When the reader cannot take it (offline, busy, unknown) the
   * intent is canceled at once so nothing is left waiting at Stripe; trying again is a new payment
   * with a new id. When Stripe cannot be reached the intent is kept: repeating startPayment with
   * the same payment id finishes the job.
   */
  async #sendToReader(intent: Stripe.PaymentIntent, request: StartPaymentRequest): Promise<void> {
    try {
      await stripeCall('reader', () =>
        this.#stripe.terminal.readers.processPaymentIntent(
          request.readerId,
          { payment_intent: intent.id },
          { idempotencyKey: idempotencyKeys.reader(request.paymentId) },
        ),
      );
    } catch (error) {
      if (
        !(error instanceof PluginError) ||
        (error.code !== PLUGIN_ERROR_CODES.readerUnavailable &&
          error.code !== PLUGIN_ERROR_CODES.misconfigured)
      )
        throw error;
      const canceled = await this.#cancelIntent(intent.id, request.paymentId).then(
        () => true,
        (cancelError: unknown) => {
          this.#logger.warn(
            { paymentIntent: intent.id, error: String(cancelError) },
            'payment the reader refused could not be canceled',
          );
          return false;
        },
      );
      throw new PluginError(error.code, error.message, {
        cause: error.cause,
        details: { ...error.details, providerPaymentId: intent.id, paymentCanceled: canceled },
      });
    }
  }
}

/**
 * Stripe marks an answer replayed from an earlier request with the same idempotency key. With a
 * fetch client `lastResponse` is the fetch Response, whose headers are a Headers object (the SDK's
 * type says a plain record), so both shapes are read.
 */
function wasReplayed(response: { lastResponse: { headers: unknown } }): boolean {
  const headers = response.lastResponse.headers;
  const value =
    headers instanceof Headers
      ? headers.get('idempotent-replayed')
      : (headers as Record<string, string | undefined> | undefined)?.['idempotent-replayed'];
  return value === 'true';
}

function checkStartRequest(request: StartPaymentRequest): void {
  const problems: string[] = [];
  if (!Number.isSafeInteger(request.amountMinor) || request.amountMinor <= 0)
    problems.push('amountMinor must be a positive whole number of minor units');
  if (!/^[A-Z]{3}$/.test(request.currency))
    problems.push('currency must be an upper-case ISO 4217 code');
  if (request.readerId.trim() === '') problems.push('readerId is empty');
  if (problems.length > 0)
    throw new PluginError(
      'payment.invalid_request',
      `Cannot start the card payment: ${problems.join('; ')}.`,
    );
}

function notCapturable(snapshot: PaymentSnapshot): PluginError {
  const why =
    snapshot.status === 'pending'
      ? 'the customer has not paid on the reader yet'
      : snapshot.status === 'failed'
        ? `it failed (${snapshot.failure?.message ?? 'declined'})`
        : 'it was canceled';
  return new PluginError(
    PLUGIN_ERROR_CODES.invalidState,
    `The card payment cannot be captured: ${why}.`,
    {
      details: { providerPaymentId: snapshot.providerPaymentId, status: snapshot.status },
    },
  );
}
