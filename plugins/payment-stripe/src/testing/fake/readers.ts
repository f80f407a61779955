import { cardOutcome } from './cards.ts';
import { FakeStripeError } from './errors.ts';
import { Params } from './form.ts';
import { findPaymentIntent } from './payment-intents.ts';
import type { Route } from './router.ts';
import {
  type ChargeJson,
  copy,
  type FakeStripeState,
  type PaymentIntentJson,
  type ReaderJson,
  stripeId,
  unixNow,
} from './state.ts';

// Server-driven Stripe Terminal: a payment is handed to a reader (process_payment_intent), the
// customer presents a card (Stripe's present_payment_method test helper stands in for the
// customer), and the reader's action and the PaymentIntent move on together.

export function findReader(state: FakeStripeState, id: string, param = 'id'): ReaderJson {
  const reader = state.readers.get(id);
  if (!reader) throw FakeStripeError.missing('terminal.reader', id, param);
  return reader;
}

export function newReader(id: string, label: string, online: boolean): ReaderJson {
  return {
    id,
    object: 'terminal.reader',
    action: null,
    device_type: 'simulated_wisepos_e',
    label,
    livemode: false,
    location: null,
    metadata: {},
    serial_number: `SIM-${id.slice(-8).toUpperCase()}`,
    status: online ? 'online' : 'offline',
  };
}

function requireOnline(reader: ReaderJson): void {
  if (reader.status !== 'online')
    throw FakeStripeError.invalidRequest(
      'Reader is currently offline, please ensure the reader is powered on and connected to the internet before retrying your request.',
      'terminal_reader_offline',
    );
}

/** A reader action ends without a payment (customer cancelled, timed out): the intent waits. */
export function failReaderAction(
  state: FakeStripeState,
  readerId: string,
  failure: { code: string; message: string },
  emit: (type: string, object: object) => void,
): void {
  const reader = findReader(state, readerId);
  if (reader.action?.status !== 'in_progress')
    throw new Error(`Reader ${readerId} has no action in progress`);
  reader.action.status = 'failed';
  reader.action.failure_code = failure.code;
  reader.action.failure_message = failure.message;
  emit('terminal.reader.action_failed', reader);
}

function presentCard(
  state: FakeStripeState,
  reader: ReaderJson,
  number: string,
  emit: (type: string, object: object) => void,
): void {
  const action = reader.action;
  if (action?.status !== 'in_progress')
    throw FakeStripeError.invalidRequest(
      'This reader has no action in progress that accepts a payment method.',
      'terminal_reader_invalid_state',
    );
  const outcome = cardOutcome(number);
  if (!outcome)
    throw FakeStripeError.invalidParameter(
      'card_present[number]',
      `${number} is not one of the test card numbers this simulated reader accepts.`,
    );
  const intent = findPaymentIntent(state, action.process_payment_intent.payment_intent);
  const charge = newCharge(intent, outcome.brand, outcome.last4);
  state.charges.set(charge.id, charge);
  intent.latest_charge = charge.id;

  if (outcome.kind === 'approve') {
    const manual = intent.capture_method === 'manual';
    charge.captured = !manual;
    charge.amount_captured = manual ? 0 : intent.amount;
    intent.payment_method = charge.payment_method;
    intent.status = manual ? 'requires_capture' : 'succeeded';
    intent.amount_capturable = manual ? intent.amount : 0;
    intent.amount_received = manual ? 0 : intent.amount;
    action.status = 'succeeded';
    emit(manual ? 'payment_intent.amount_capturable_updated' : 'payment_intent.succeeded', intent);
    emit('terminal.reader.action_succeeded', reader);
    return;
  }

  charge.status = 'failed';
  charge.paid = false;
  charge.failure_code = outcome.code;
  charge.failure_message = outcome.message;
  charge.outcome = { type: 'issuer_declined', reason: outcome.declineCode };
  intent.status = 'requires_payment_method';
  intent.last_payment_error = {
    type: 'card_error',
    code: outcome.code,
    decline_code: outcome.declineCode,
    message: outcome.message,
    charge: charge.id,
  };
  action.status = 'failed';
  action.failure_code = outcome.code;
  action.failure_message = outcome.message;
  emit('payment_intent.payment_failed', intent);
  emit('terminal.reader.action_failed', reader);
}

function newCharge(intent: PaymentIntentJson, brand: string, last4: string): ChargeJson {
  return {
    id: stripeId('ch'),
    object: 'charge',
    amount: intent.amount,
    amount_captured: 0,
    amount_refunded: 0,
    captured: false,
    created: unixNow(),
    currency: intent.currency,
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: {},
    outcome: { type: 'authorized', reason: null },
    paid: true,
    payment_intent: intent.id,
    payment_method: stripeId('pm'),
    payment_method_details: {
      type: 'card_present',
      card_present: { brand, last4, funding: 'credit' },
    },
    refunded: false,
    status: 'succeeded',
  };
}

export const readerRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/v1/terminal/readers',
    handler: ({ state, params }) => {
      const p = new Params(params, ['limit', 'status', 'location', 'device_type']);
      const limit = p.integer('limit') ?? 10;
      const status = p.oneOf('status', ['online', 'offline']);
      const readers = [...state.readers.values()].filter((r) => !status || r.status === status);
      return {
        object: 'list',
        data: readers.slice(0, limit).map(copy),
        has_more: readers.length > limit,
        url: '/v1/terminal/readers',
      };
    },
  },
  {
    method: 'GET',
    path: '/v1/terminal/readers/:id',
    handler: ({ state, params, pathParams }) => {
      new Params(params, []);
      return copy(findReader(state, pathParams.id ?? ''));
    },
  },
  {
    method: 'POST',
    path: '/v1/terminal/readers/:id/process_payment_intent',
    handler: ({ state, params, pathParams }) => {
      const p = new Params(params, ['payment_intent', 'process_config']);
      const intentId = p.requiredString('payment_intent');
      const reader = findReader(state, pathParams.id ?? '');
      const intent = findPaymentIntent(state, intentId, 'payment_intent');
      requireOnline(reader);
      if (reader.action?.status === 'in_progress')
        throw FakeStripeError.invalidRequest(
          'Reader is currently busy processing another request. Please reference the integration guide for more information.',
          'terminal_reader_busy',
        );
      if (!intent.payment_method_types.includes('card_present'))
        throw FakeStripeError.invalidRequest(
          'The PaymentIntent must accept card_present payments to be processed on a reader.',
          'payment_intent_invalid_parameter',
          'payment_intent',
        );
      if (intent.status !== 'requires_payment_method')
        throw FakeStripeError.unexpectedState(
          `This PaymentIntent has a status of ${intent.status} and cannot be processed on a reader.`,
        );
      intent.last_payment_error = null;
      reader.action = {
        type: 'process_payment_intent',
        status: 'in_progress',
        failure_code: null,
        failure_message: null,
        process_payment_intent: { payment_intent: intent.id },
      };
      return copy(reader);
    },
  },
  {
    method: 'POST',
    path: '/v1/terminal/readers/:id/cancel_action',
    handler: ({ state, params, pathParams }) => {
      new Params(params, []);
      const reader = findReader(state, pathParams.id ?? '');
      requireOnline(reader);
      if (reader.action?.status === 'in_progress') reader.action = null;
      return copy(reader);
    },
  },
  {
    method: 'POST',
    path: '/v1/test_helpers/terminal/readers/:id/present_payment_method',
    handler: ({ state, params, pathParams, emit }) => {
      const p = new Params(params, ['type', 'card_present', 'amount_tip']);
      p.oneOf('type', ['card_present']);
      const number = p.object('card_present')?.number;
      const reader = findReader(state, pathParams.id ?? '');
      presentCard(state, reader, typeof number === 'string' ? number : '4242424242424242', emit);
      return copy(reader);
    },
  },
];
