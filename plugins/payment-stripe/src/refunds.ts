import {
  type PaymentReference,
  PluginError,
  type PluginLogger,
  type RefundRequest,
  type RefundSnapshot,
} from '@tillpoint/plugin-sdk';
import type Stripe from 'stripe';
import { stripeCall } from './errors.ts';
import { idempotencyKeys } from './payments.ts';
import { METADATA, ourPaymentId, refundSnapshot } from './snapshots.ts';

// Money back on a captured card payment, in full or in part. Stripe keeps the refunds of a payment
// within what was captured; our refund id is the idempotency key, so a retried refund is one refund.

export class StripeRefunds {
  readonly #stripe: Stripe;
  readonly #logger: PluginLogger;

  constructor(stripe: Stripe, logger: PluginLogger) {
    this.#stripe = stripe;
    this.#logger = logger;
  }

  async refund(request: RefundRequest): Promise<RefundSnapshot> {
    if (!Number.isSafeInteger(request.amountMinor) || request.amountMinor <= 0)
      throw new PluginError(
        'refund.invalid_request',
        'A refund amount must be a positive whole number of minor units.',
      );
    await this.#checkPayment(request);
    const refund = await stripeCall('refund', () =>
      this.#stripe.refunds.create(
        {
          payment_intent: request.providerPaymentId,
          amount: request.amountMinor,
          metadata: {
            [METADATA.refundId]: request.refundId,
            [METADATA.paymentId]: request.paymentId,
            ...(request.reason ? { [METADATA.reason]: request.reason.slice(0, 500) } : {}),
          },
        },
        { idempotencyKey: idempotencyKeys.refund(request.refundId) },
      ),
    );
    this.#logger.info(
      { refundId: request.refundId, stripeRefund: refund.id, amountMinor: refund.amount },
      'card refund made',
    );
    return refundSnapshot(refund);
  }

  async get(refundId: string): Promise<Stripe.Refund> {
    return stripeCall('refund', () => this.#stripe.refunds.retrieve(refundId));
  }

  /** Refuses to refund an intent of another payment, or in another currency than asked. */
  async #checkPayment(request: RefundRequest & PaymentReference): Promise<void> {
    const intent = await stripeCall('payment', () =>
      this.#stripe.paymentIntents.retrieve(request.providerPaymentId),
    );
    if (ourPaymentId(intent) !== request.paymentId)
      throw new PluginError(
        'payment.not_found',
        `Stripe payment ${request.providerPaymentId} does not belong to payment ${request.paymentId}.`,
      );
    if (intent.currency.toUpperCase() !== request.currency)
      throw new PluginError(
        'refund.currency_mismatch',
        `The payment was made in ${intent.currency.toUpperCase()}; it cannot be refunded in ${request.currency}.`,
      );
  }
}
