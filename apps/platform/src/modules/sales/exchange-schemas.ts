import { type Static, Type } from 'typebox';
import { Closed, Uuid } from '../../http/schemas.ts';
import { Refund, ReturnLines } from './refund-schemas.ts';
import { Discount, Sale, SubmitBody, SubmitPayment } from './sale-schemas.ts';

// An exchange: items of a completed sale come back and a new sale goes out, settled together in
// one transaction. The return's value pays the new sale (a tender of kind 'other' referencing the
// refund); the customer pays any difference with the new sale's payments, and when the return is
// worth more, the rest goes back as a refund would (original tenders or store credit).

const Minor = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

export const ExchangeBody = Closed({
  id: Type.Optional(
    Type.String({
      format: 'uuid',
      description: "The return's refund id, chosen by the register; a replay returns the exchange",
    }),
  ),
  registerId: Type.Optional(
    Type.String({
      format: 'uuid',
      description: "Defaults to the signed-in device's register; required without a device",
    }),
  ),
  return: Closed({
    saleId: Uuid,
    lines: ReturnLines,
    destination: Type.Optional(
      Type.Enum(['original_tenders', 'store_credit'], {
        description: 'Where the rest goes when the return is worth more than the new sale',
      }),
    ),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    expectedTotalMinor: Type.Optional(Minor),
  }),
  sale: Closed({
    id: Type.String({ format: 'uuid', description: 'The new sale, chosen by the register' }),
    customerId: Type.Optional(
      Type.String({ format: 'uuid', description: "Default: the returned sale's customer" }),
    ),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    lines: SubmitBody.properties.lines,
    orderDiscount: Type.Optional(Discount),
    payments: Type.Array(SubmitPayment, {
      maxItems: 20,
      description: 'Only for what the return does not cover; empty for an even exchange',
    }),
    expectedTotalMinor: Minor,
    approvals: SubmitBody.properties.approvals,
  }),
});
export type ExchangeInput = Static<typeof ExchangeBody>;

export const Exchange = Closed({
  refund: Refund,
  sale: Sale,
  differenceMinor: Type.Integer({
    description:
      'New sale total − return total: positive when the customer paid the difference, ' +
      'negative when the store gave it back',
  }),
});
export type ExchangeView = Static<typeof Exchange>;
