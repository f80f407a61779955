import { type Static, Type } from 'typebox';
import { Closed, Nullable, Timestamp, Uuid } from '../../http/schemas.ts';
import { Sale } from '../sales/sale-schemas.ts';

// Card payments on the register's reader. The register starts one for (part of) the balance,
// shows its status while the customer taps, and reads it back (or asks for a sync) until it is
// succeeded, failed or canceled. A succeeded one is a 'card' tender on the sale with the same id.

const Minor = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const PositiveMinor = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

export const CARD_PAYMENT_STATUSES = [
  'starting',
  'pending',
  'requires_capture',
  'succeeded',
  'failed',
  'canceled',
  'reversed',
] as const;

export const StartCardPaymentBody = Closed({
  // Chosen by the register: retrying with the same id never starts a second payment.
  id: Type.Optional(Uuid),
  amountMinor: PositiveMinor,
  expectedTotalMinor: Type.Optional(Minor),
});
export type StartCardPaymentInput = Static<typeof StartCardPaymentBody>;

export const CardPaymentParams = Closed({ id: Uuid, paymentId: Uuid });

export const CardRefund = Closed({
  id: Uuid,
  reason: Type.Enum(['refund', 'void', 'orphaned']),
  amountMinor: Type.Integer(),
  status: Type.Enum(['pending', 'succeeded', 'failed']),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
});
export type CardRefundView = Static<typeof CardRefund>;

export const CardPayment = Closed({
  id: Uuid,
  saleId: Uuid,
  status: Type.Enum(CARD_PAYMENT_STATUSES, {
    description:
      'starting: sent to the processor, no answer yet; pending: on the reader; ' +
      'requires_capture: authorised; succeeded: on the sale; reversed: it succeeded after the ' +
      'sale could no longer take it and was given back',
  }),
  amountMinor: Type.Integer(),
  currency: Type.String(),
  readerId: Type.String(),
  plugin: Type.String(),
  providerPaymentId: Nullable(Type.String()),
  failure: Nullable(Closed({ code: Type.String(), message: Type.String() })),
  card: Nullable(Closed({ brand: Nullable(Type.String()), last4: Nullable(Type.String()) })),
  recorded: Type.Boolean({ description: 'The payment is a tender on the sale' }),
  refunds: Type.Array(CardRefund),
  createdAt: Timestamp,
});
export type CardPaymentView = Static<typeof CardPayment>;

export const CardPaymentResult = Closed({ cardPayment: CardPayment, sale: Sale });
export type CardPaymentResultView = Static<typeof CardPaymentResult>;
