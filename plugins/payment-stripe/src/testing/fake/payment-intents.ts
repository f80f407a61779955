import { FakeStripeError } from './errors.ts';
import { Params } from './form.ts';
import type { Route } from './router.ts';
import {
  copy,
  type FakeStripeState,
  type PaymentIntentJson,
  type PaymentIntentStatus,
  stripeId,
  unixNow,
} from './state.ts';

// PaymentIntents: create, retrieve, capture, cancel, with Stripe's state rules. Card-present
// intents move on when a card is presented on a reader (see readers.ts).

const CANCELABLE: readonly PaymentIntentStatus[] = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
];

export function findPaymentIntent(
  state: FakeStripeState,
  id: string,
  param = 'id',
): PaymentIntentJson {
  const intent = state.paymentIntents.get(id);
  if (!intent) throw FakeStripeError.missing('payment_intent', id, param);
  return intent;
}

export function renderPaymentIntent(
  state: FakeStripeState,
  intent: PaymentIntentJson,
  expand: readonly string[],
): object {
  for (const path of expand) {
    if (path !== 'latest_charge' && path !== 'payment_method')
      throw FakeStripeError.invalidParameter(
        'expand',
        `This property cannot be expanded (${path}).`,
      );
  }
  const rendered: Record<string, unknown> = { ...copy(intent) };
  if (expand.includes('latest_charge') && intent.latest_charge)
    rendered.latest_charge = copy(state.charges.get(intent.latest_charge) ?? null);
  return rendered;
}

export const paymentIntentRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/v1/payment_intents',
    handler: ({ state, params, emit }) => {
      const p = new Params(params, [
        'amount',
        'currency',
        'allowed_payment_method_types',
        'capture_method',
        'description',
        'metadata',
        'statement_descriptor_suffix',
      ]);
      const amount = p.requiredInteger('amount');
      if (amount < 1)
        throw FakeStripeError.invalidParameter(
          'amount',
          'This value must be greater than or equal to 1.',
        );
      const currency = p.requiredString('currency');
      if (!/^[a-z]{3}$/.test(currency))
        throw FakeStripeError.invalidParameter('currency', `Invalid currency: ${currency}.`);
      const suffix = p.string('statement_descriptor_suffix');
      if (suffix !== null && (suffix.length > 22 || /[<>\\'"*]/.test(suffix)))
        throw FakeStripeError.invalidParameter(
          'statement_descriptor_suffix',
          'The statement descriptor suffix must be at most 22 characters and cannot contain <>\\\'"*.',
        );
      const expand = p.expand();
      // In the pinned API version intents take allowed_payment_method_types; the response's
      // payment_method_types is what Stripe derived from it.
      const allowed = p.stringArray('allowed_payment_method_types');
      const intent: PaymentIntentJson = {
        id: stripeId('pi'),
        object: 'payment_intent',
        allowed_payment_method_types: allowed,
        amount,
        amount_capturable: 0,
        amount_received: 0,
        canceled_at: null,
        cancellation_reason: null,
        capture_method:
          p.oneOf('capture_method', ['automatic', 'automatic_async', 'manual']) ??
          'automatic_async',
        created: unixNow(),
        currency,
        description: p.string('description'),
        last_payment_error: null,
        latest_charge: null,
        livemode: false,
        metadata: p.metadata(),
        payment_method: null,
        payment_method_types: allowed ?? ['card'],
        statement_descriptor_suffix: suffix,
        status: 'requires_payment_method',
      };
      const rendered = renderPaymentIntent(state, intent, expand);
      state.paymentIntents.set(intent.id, intent);
      emit('payment_intent.created', intent);
      return rendered;
    },
  },
  {
    method: 'GET',
    path: '/v1/payment_intents/:id',
    handler: ({ state, params, pathParams }) => {
      const p = new Params(params, ['client_secret']);
      return renderPaymentIntent(state, findPaymentIntent(state, pathParams.id ?? ''), p.expand());
    },
  },
  {
    method: 'POST',
    path: '/v1/payment_intents/:id/capture',
    handler: ({ state, params, pathParams, emit }) => {
      const p = new Params(params, ['amount_to_capture', 'metadata']);
      const expand = p.expand();
      const metadata = p.metadata();
      const intent = findPaymentIntent(state, pathParams.id ?? '');
      if (intent.status !== 'requires_capture')
        throw FakeStripeError.unexpectedState(
          `This PaymentIntent could not be captured because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
        );
      const amount = p.integer('amount_to_capture') ?? intent.amount_capturable;
      if (amount < 1 || amount > intent.amount_capturable)
        throw FakeStripeError.invalidRequest(
          `The amount to capture must be between 1 and the capturable amount (${intent.amount_capturable}).`,
          'amount_too_large',
          'amount_to_capture',
        );
      const charge = intent.latest_charge ? state.charges.get(intent.latest_charge) : undefined;
      intent.status = 'succeeded';
      intent.amount_received = amount;
      intent.amount_capturable = 0;
      Object.assign(intent.metadata, metadata);
      if (charge) {
        charge.captured = true;
        charge.amount_captured = amount;
      }
      emit('payment_intent.succeeded', intent);
      return renderPaymentIntent(state, intent, expand);
    },
  },
  {
    method: 'POST',
    path: '/v1/payment_intents/:id/cancel',
    handler: ({ state, params, pathParams, emit }) => {
      const p = new Params(params, ['cancellation_reason']);
      const expand = p.expand();
      const reason = p.oneOf('cancellation_reason', [
        'duplicate',
        'fraudulent',
        'requested_by_customer',
        'abandoned',
      ]);
      const intent = findPaymentIntent(state, pathParams.id ?? '');
      if (!CANCELABLE.includes(intent.status))
        throw FakeStripeError.unexpectedState(
          `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
        );
      intent.status = 'canceled';
      intent.canceled_at = unixNow();
      intent.cancellation_reason = reason;
      intent.amount_capturable = 0;
      emit('payment_intent.canceled', intent);
      return renderPaymentIntent(state, intent, expand);
    },
  },
];
