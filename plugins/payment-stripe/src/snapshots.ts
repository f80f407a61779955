import {
  type PaymentFailure,
  type PaymentSnapshot,
  type PaymentStatus,
  PLUGIN_ERROR_CODES,
  type RefundSnapshot,
  type RefundStatus,
} from '@tillpoint/plugin-sdk';
import type Stripe from 'stripe';
import { declineMessage } from './errors.ts';

// Stripe objects read as the platform's payment and refund snapshots. Our ids travel in
// metadata, set when the plugin created the objects.

export const METADATA = {
  paymentId: 'tillpoint_payment_id',
  saleId: 'tillpoint_sale_id',
  readerId: 'tillpoint_reader_id',
  refundId: 'tillpoint_refund_id',
  reason: 'tillpoint_reason',
} as const;

export function ourPaymentId(intent: Pick<Stripe.PaymentIntent, 'metadata'>): string | null {
  return intent.metadata?.[METADATA.paymentId] ?? null;
}

/**
 * `readerFailure`: the reader's action for this payment ended without a card (customer cancelled,
 * timeout). Stripe leaves the intent waiting for a new attempt; for us that attempt is over.
 */
export function paymentSnapshot(
  intent: Stripe.PaymentIntent,
  readerFailure: PaymentFailure | null = null,
): PaymentSnapshot {
  const failure =
    intent.status === 'requires_payment_method' ? (paymentFailure(intent) ?? readerFailure) : null;
  return {
    paymentId: ourPaymentId(intent) ?? '',
    providerPaymentId: intent.id,
    status: failure ? 'failed' : paymentStatus(intent.status),
    amountMinor: intent.amount,
    capturedMinor: intent.amount_received,
    currency: intent.currency.toUpperCase(),
    failure,
    card: cardOf(intent),
  };
}

function paymentStatus(status: Stripe.PaymentIntent.Status): PaymentStatus {
  switch (status) {
    case 'requires_capture':
      return 'requires_capture';
    case 'succeeded':
      return 'succeeded';
    case 'canceled':
      return 'canceled';
    default:
      // requires_payment_method, requires_confirmation, requires_action, processing: the reader
      // or the customer still has to act.
      return 'pending';
  }
}

function paymentFailure(intent: Stripe.PaymentIntent): PaymentFailure | null {
  const error = intent.last_payment_error;
  if (!error) return null;
  if (error.code === 'expired_card')
    return { code: 'payment.expired_card', message: 'Card declined: the card has expired' };
  if (error.type === 'card_error' || error.code === 'card_declined')
    return {
      code: PLUGIN_ERROR_CODES.declined,
      message: declineMessage(error.decline_code, error.message ?? 'the card was declined'),
    };
  return { code: 'payment.failed', message: error.message ?? 'The payment failed at Stripe' };
}

/** What a failed reader action means for the payment it was collecting. */
export function readerActionFailure(code: string | null, message: string | null): PaymentFailure {
  if (code === 'card_declined')
    return {
      code: PLUGIN_ERROR_CODES.declined,
      message: `Card declined: ${message ?? 'declined'}`,
    };
  return {
    code: 'payment.reader_failed',
    message: `The reader did not take the payment: ${message ?? code ?? 'unknown reason'}`,
  };
}

function cardOf(intent: Stripe.PaymentIntent): PaymentSnapshot['card'] {
  const charge = intent.latest_charge;
  if (!charge || typeof charge === 'string') return null;
  const card = charge.payment_method_details?.card_present;
  if (!card) return null;
  return { brand: card.brand ?? null, last4: card.last4 ?? null };
}

export function ourRefundId(refund: Pick<Stripe.Refund, 'metadata'>): string | null {
  return refund.metadata?.[METADATA.refundId] ?? null;
}

export function refundSnapshot(refund: Stripe.Refund): RefundSnapshot {
  const status = refundStatus(refund.status);
  return {
    refundId: ourRefundId(refund) ?? '',
    providerRefundId: refund.id,
    paymentId: refund.metadata?.[METADATA.paymentId] ?? '',
    status,
    amountMinor: refund.amount,
    failure:
      status === 'failed'
        ? {
            code: 'refund.failed',
            message: `Stripe could not refund the card${refund.failure_reason ? `: ${refund.failure_reason.replace(/_/g, ' ')}` : ''}`,
          }
        : null,
  };
}

function refundStatus(status: string | null): RefundStatus {
  if (status === 'succeeded') return 'succeeded';
  if (status === 'failed' || status === 'canceled') return 'failed';
  return 'pending';
}
