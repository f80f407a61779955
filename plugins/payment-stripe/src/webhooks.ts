import {
  type PaymentFailure,
  type PaymentSnapshot,
  type PaymentWebhookEvent,
  PLUGIN_ERROR_CODES,
  PluginError,
  type RefundSnapshot,
  type WebhookRequest,
} from '@tillpoint/plugin-sdk';
import type Stripe from 'stripe';
import { ourPaymentId, ourRefundId, readerActionFailure } from './snapshots.ts';

// Stripe's webhook deliveries, verified (signature and a 5-minute timestamp window, against when
// the host received the request) and read as payment or refund news. The snapshot reported is the
// object as it is now at Stripe, not as the event saw it: deliveries come late and out of order
// (retries after our downtime), and the current state is what the platform must apply.

export const WEBHOOK_TOLERANCE_SECONDS = 300;

const PAYMENT_EVENTS = new Set([
  'payment_intent.amount_capturable_updated',
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
]);

const REFUND_EVENTS = new Set(['refund.created', 'refund.updated', 'refund.failed']);

const NOT_OURS = 'The payment was not started by Tillpoint.';

export interface WebhookLookups {
  /**
   * The payment as it is now at Stripe, or null when the intent is not one of ours.
   * `readerFailure`: the event says the reader action collecting it failed.
   */
  paymentNow(
    intentId: string,
    readerFailure: PaymentFailure | null,
  ): Promise<PaymentSnapshot | null>;
  refundNow(stripeRefundId: string): Promise<RefundSnapshot>;
}

export async function parseStripeWebhook(
  stripe: Stripe,
  webhookSecret: string,
  request: WebhookRequest,
  lookups: WebhookLookups,
): Promise<PaymentWebhookEvent> {
  const event = verify(stripe, webhookSecret, request);
  const ignored = (reason: string): PaymentWebhookEvent => ({
    type: 'ignored',
    eventId: event.id,
    reason,
  });

  if (PAYMENT_EVENTS.has(event.type)) {
    const intent = event.data.object as Stripe.PaymentIntent;
    const payment = ourPaymentId(intent) ? await lookups.paymentNow(intent.id, null) : null;
    if (!payment) return ignored(NOT_OURS);
    return { type: 'payment', eventId: event.id, payment };
  }

  if (REFUND_EVENTS.has(event.type)) {
    const refund = event.data.object as Stripe.Refund;
    if (!ourRefundId(refund))
      return ignored(
        'The refund was not made by Tillpoint (for example from the Stripe dashboard).',
      );
    return { type: 'refund', eventId: event.id, refund: await lookups.refundNow(refund.id) };
  }

  if (event.type === 'terminal.reader.action_failed') {
    const action = (event.data.object as Stripe.Terminal.Reader).action;
    const intent = action?.process_payment_intent?.payment_intent;
    const intentId = typeof intent === 'string' ? intent : intent?.id;
    if (!intentId) return ignored('The failed reader action was not a payment.');
    const payment = await lookups.paymentNow(
      intentId,
      readerActionFailure(action?.failure_code ?? null, action?.failure_message ?? null),
    );
    if (!payment) return ignored(NOT_OURS);
    return { type: 'payment', eventId: event.id, payment };
  }

  if (event.type === 'charge.refunded')
    return ignored('Refunds are followed through their refund.* events.');
  return ignored(`Stripe event ${event.type} is not used by Tillpoint.`);
}

function verify(stripe: Stripe, secret: string, request: WebhookRequest): Stripe.Event {
  const signature = headerValue(request.headers, 'stripe-signature');
  if (!signature)
    throw new PluginError(
      PLUGIN_ERROR_CODES.badSignature,
      'The Stripe-Signature header is missing: this request did not come from Stripe.',
    );
  try {
    return stripe.webhooks.constructEvent(
      request.rawBody,
      signature,
      secret,
      WEBHOOK_TOLERANCE_SECONDS,
      undefined,
      request.receivedAt.getTime(),
    );
  } catch (error) {
    throw new PluginError(
      PLUGIN_ERROR_CODES.badSignature,
      'The Stripe webhook signature does not check out (wrong signing secret, altered body or a delivery older than 5 minutes).',
      { cause: error },
    );
  }
}

function headerValue(
  headers: Readonly<Record<string, string | undefined>>,
  name: string,
): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}
