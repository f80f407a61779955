import { FakeStripeError } from './errors.ts';
import { Params } from './form.ts';
import { findPaymentIntent } from './payment-intents.ts';
import type { Route } from './router.ts';
import { copy, type RefundJson, stripeId, unixNow } from './state.ts';

// Refunds of captured card payments. Stripe's own guard applies: the refunds of a charge never add
// up to more than was captured.

export const refundRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/v1/refunds',
    handler: ({ state, params, emit }) => {
      const p = new Params(params, ['payment_intent', 'amount', 'metadata', 'reason']);
      const intentId = p.requiredString('payment_intent');
      const requested = p.integer('amount');
      const metadata = p.metadata();
      const reason = p.oneOf('reason', ['duplicate', 'fraudulent', 'requested_by_customer']);
      if (requested !== null && requested < 1)
        throw FakeStripeError.invalidParameter('amount', 'Refund amount must be at least 1.');

      const intent = findPaymentIntent(state, intentId, 'payment_intent');
      const charge = intent.latest_charge ? state.charges.get(intent.latest_charge) : undefined;
      if (intent.status !== 'succeeded' || !charge?.captured)
        throw FakeStripeError.unexpectedState(
          `This PaymentIntent has a status of ${intent.status}; only succeeded payments can be refunded. Cancel it instead to release the authorization.`,
        );
      const remaining = charge.amount_captured - charge.amount_refunded;
      if (remaining <= 0)
        throw FakeStripeError.invalidRequest(
          `Charge ${charge.id} has already been refunded.`,
          'charge_already_refunded',
        );
      const amount = requested ?? remaining;
      if (amount > remaining)
        throw FakeStripeError.invalidRequest(
          `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
          'amount_too_large',
          'amount',
        );

      const refund: RefundJson = {
        id: stripeId('re'),
        object: 'refund',
        amount,
        charge: charge.id,
        created: unixNow(),
        currency: charge.currency,
        failure_reason: null,
        metadata,
        payment_intent: intent.id,
        reason,
        status: 'succeeded',
      };
      state.refunds.set(refund.id, refund);
      charge.amount_refunded += amount;
      charge.refunded = charge.amount_refunded === charge.amount_captured;
      emit('refund.created', refund);
      emit('charge.refunded', charge);
      return copy(refund);
    },
  },
  {
    method: 'GET',
    path: '/v1/refunds/:id',
    handler: ({ state, params, pathParams }) => {
      new Params(params, []);
      const refund = state.refunds.get(pathParams.id ?? '');
      if (!refund) throw FakeStripeError.missing('refund', pathParams.id ?? '');
      return copy(refund);
    },
  },
];
