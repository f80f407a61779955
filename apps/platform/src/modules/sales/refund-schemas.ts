import { type Static, Type } from 'typebox';
import { Closed, Limit, Nullable, Timestamp, Uuid } from '../../http/schemas.ts';

// Refunds give money back for lines of a completed sale (with the receipt), for items brought back
// without one (a manager's approval, priced at today's price), as the return half of an exchange,
// or for everything left of a same-day sale (a reversal). Each is a document of its own with a
// receipt number from the refunding register; the sale stays completed and shows its refunds.

const Minor = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const Quantity = Type.Number({ description: 'Units (or kg for weighed items), up to 3 decimals' });
const RestockReason = Type.String({
  minLength: 1,
  maxLength: 100,
  description: "Why it does (or does not) go back on the shelf: 'resellable', 'damaged', ...",
});
const Reason = Type.String({ minLength: 1, maxLength: 500 });

export const REFUND_KINDS = ['refund', 'reversal', 'exchange'] as const;
export type RefundKind = (typeof REFUND_KINDS)[number];
export const REFUND_DESTINATIONS = [
  'original_tenders',
  'store_credit',
  'cash',
  'exchange',
] as const;
export type RefundDestinationValue = (typeof REFUND_DESTINATIONS)[number];
export const REFUND_PAYMENT_KINDS = [
  'cash',
  'card',
  'gift_card',
  'store_credit',
  'external',
  'other',
  'exchange',
] as const;
export type RefundPaymentKind = (typeof REFUND_PAYMENT_KINDS)[number];

export const ReturnLineBody = Closed({
  saleLineId: Uuid,
  quantity: Quantity,
  restock: Type.Boolean({ description: 'Put the item back on the shelf (tracked items)' }),
  restockReason: Type.Optional(RestockReason),
});
export type ReturnLineInput = Static<typeof ReturnLineBody>;

export const ReturnLines = Type.Array(ReturnLineBody, { minItems: 1, maxItems: 500 });

export const ReceiptRefundBody = Closed(
  {
    id: Type.Optional(
      Type.String({
        format: 'uuid',
        description: 'Chosen by the register; a replay with the same body returns the refund',
      }),
    ),
    saleId: Uuid,
    registerId: Type.Optional(
      Type.String({
        format: 'uuid',
        description: "Defaults to the signed-in device's register; required without a device",
      }),
    ),
    lines: ReturnLines,
    destination: Type.Optional(
      Type.Enum(['original_tenders', 'store_credit'], {
        description:
          "Default: the tenant's refund destination (store credit only when the sale has a customer)",
      }),
    ),
    reason: Type.Optional(Reason),
    expectedTotalMinor: Type.Optional(Minor),
  },
  'A refund of lines of a completed sale',
);
export type ReceiptRefundInput = Static<typeof ReceiptRefundBody>;

export const NoReceiptLineBody = Closed({
  variantId: Uuid,
  quantity: Quantity,
  restock: Type.Boolean(),
  restockReason: Type.Optional(RestockReason),
});
export type NoReceiptLineInput = Static<typeof NoReceiptLineBody>;

export const NoReceiptRefundBody = Closed(
  {
    id: Type.Optional(Uuid),
    registerId: Type.Optional(Uuid),
    lines: Type.Array(NoReceiptLineBody, { minItems: 1, maxItems: 500 }),
    destination: Type.Enum(['cash', 'store_credit']),
    customerId: Type.Optional(
      Type.String({ format: 'uuid', description: 'Required for store credit' }),
    ),
    approvalId: Type.Optional(
      Type.String({
        format: 'uuid',
        description: 'A manager\'s approval for "refund.without_receipt" (cashiers)',
      }),
    ),
    reason: Type.Optional(Reason),
    expectedTotalMinor: Type.Optional(Minor),
  },
  "A refund without a receipt, priced at the store's current price (manager approval)",
);
export type NoReceiptRefundInput = Static<typeof NoReceiptRefundBody>;

export const CreateRefundBody = Type.Union([ReceiptRefundBody, NoReceiptRefundBody]);
export type CreateRefundInput = Static<typeof CreateRefundBody>;

export const ReverseBody = Closed({
  reason: Reason,
  approvalId: Type.Optional(
    Type.String({ format: 'uuid', description: 'A manager\'s approval for "sale.reverse"' }),
  ),
});
export type ReverseInput = Static<typeof ReverseBody>;

// ---- views ------------------------------------------------------------------------------------

const LineTax = Closed({ rateId: Uuid, ratePpm: Type.Integer(), taxMinor: Type.Integer() });
const RateTotal = Closed({
  rateId: Uuid,
  ratePpm: Type.Integer(),
  compound: Type.Boolean(),
  taxableMinor: Type.Integer(),
  taxMinor: Type.Integer(),
});

export const RefundLine = Closed({
  id: Uuid,
  position: Type.Integer(),
  saleLineId: Nullable(Uuid),
  variantId: Nullable(Uuid),
  name: Type.String(),
  quantity: Type.Number(),
  grossMinor: Type.Integer(),
  lineDiscountMinor: Type.Integer(),
  orderDiscountMinor: Type.Integer(),
  netMinor: Type.Integer(),
  taxes: Type.Array(LineTax),
  taxMinor: Type.Integer(),
  exemptTaxRemovedMinor: Type.Integer(),
  totalMinor: Type.Integer(),
  restock: Type.Boolean(),
  restockReason: Nullable(Type.String()),
});
export type RefundLineView = Static<typeof RefundLine>;

export const RefundPayment = Closed({
  id: Uuid,
  position: Type.Integer(),
  kind: Type.Enum(REFUND_PAYMENT_KINDS),
  amountMinor: Type.Integer(),
  salePaymentId: Nullable(Uuid),
  giftCardId: Nullable(Uuid),
  giftCardLast4: Nullable(Type.String()),
  customerId: Nullable(Uuid),
  cashSessionId: Nullable(Uuid),
  reference: Nullable(Type.String()),
});
export type RefundPaymentView = Static<typeof RefundPayment>;

export const TerminalRefund = Closed({
  refundPaymentId: Uuid,
  kind: Type.Enum(REFUND_PAYMENT_KINDS),
  reference: Nullable(Type.String()),
  amountMinor: Type.Integer(),
});

const refundHeader = {
  id: Uuid,
  kind: Type.Enum(REFUND_KINDS),
  saleId: Nullable(Uuid),
  storeId: Uuid,
  registerId: Uuid,
  cashSessionId: Nullable(Uuid),
  receiptNumber: Type.Integer(),
  customerId: Nullable(Uuid),
  destination: Type.Enum(REFUND_DESTINATIONS),
  reason: Nullable(Type.String()),
  approvalId: Nullable(Uuid),
  exchangeSaleId: Nullable(Uuid),
  currency: Type.String(),
  totalMinor: Type.Integer({ description: 'What the returned lines were worth' }),
  paidOutMinor: Type.Integer({
    description: 'Money handed back: total + cash rounding of the cash part',
  }),
  cashRoundingMinor: Type.Integer(),
  occurredAt: Timestamp,
  actorId: Nullable(Uuid),
  createdAt: Timestamp,
};

export const RefundSummary = Closed({ ...refundHeader, lineCount: Type.Integer() });
export type RefundSummaryView = Static<typeof RefundSummary>;

export const Refund = Closed({
  ...refundHeader,
  grossMinor: Type.Integer(),
  lineDiscountMinor: Type.Integer(),
  orderDiscountMinor: Type.Integer(),
  subtotalMinor: Type.Integer(),
  taxMinor: Type.Integer(),
  exemptTaxRemovedMinor: Type.Integer(),
  taxes: Type.Array(RateTotal),
  lines: Type.Array(RefundLine),
  payments: Type.Array(RefundPayment),
  terminalRefunds: Type.Array(TerminalRefund, {
    description:
      'Money to give back outside the till: external card payments on the stand-alone terminal ' +
      '(by their reference), other tenders by hand. Recorded here; the cashier does it there.',
  }),
});
export type RefundView = Static<typeof Refund>;

export const RefundPage = Closed({
  refunds: Type.Array(RefundSummary),
  nextCursor: Nullable(Type.String()),
});
export type RefundPageView = Static<typeof RefundPage>;

export const RefundQuery = Closed({
  storeId: Type.Optional(Uuid),
  registerId: Type.Optional(Uuid),
  cursor: Type.Optional(Uuid),
  limit: Type.Optional(Limit),
});
export type RefundQueryInput = Static<typeof RefundQuery>;
