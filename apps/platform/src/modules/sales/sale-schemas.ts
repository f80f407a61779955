import { type Static, Type } from 'typebox';
import { Closed, Limit, Nullable, Timestamp, Uuid } from '../../http/schemas.ts';

// A sale is a document over ledgers (ADR 0009): lines priced by the money engine and stored field
// by field, payments settled by it, and on completion stock, gift cards and a receipt number.
// Money is integer minor units of the sale's currency; quantities are decimal numbers as in the
// inventory endpoints (units, or kg for weighed items, up to 3 decimals).

const Minor = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const PositiveMinor = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const Quantity = Type.Number({ description: 'Units (or kg for weighed items), up to 3 decimals' });

export const SALE_STATUSES = ['open', 'parked', 'completed', 'voided'] as const;
export type SaleStatus = (typeof SALE_STATUSES)[number];
export const PAYMENT_KINDS = [
  'cash',
  'card',
  'gift_card',
  'store_credit',
  'external',
  'other',
] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];

export const Discount = Type.Union(
  [
    Closed({
      kind: Type.Literal('percent'),
      ppm: Type.Integer({ minimum: 0, maximum: 1_000_000, description: '100000 = 10 %' }),
    }),
    Closed({ kind: Type.Literal('fixed'), amountMinor: Minor }),
  ],
  { description: 'Off the whole line or order (not per unit), on prices as shown' },
);
export type DiscountInput = Static<typeof Discount>;

export const ItemLineBody = Closed({
  id: Type.Optional(Uuid),
  kind: Type.Optional(Type.Literal('item')),
  variantId: Uuid,
  quantity: Quantity,
  priceOverrideMinor: Type.Optional(Minor),
  discount: Type.Optional(Discount),
  approvalId: Type.Optional(
    Type.String({
      format: 'uuid',
      description:
        "A manager's approval for what this line needs: the price override, else a discount " +
        'over your limit',
    }),
  ),
  discountApprovalId: Type.Optional(
    Type.String({
      format: 'uuid',
      description: 'When the line needs both: the approval for the discount over your limit',
    }),
  ),
});
export type ItemLineInput = Static<typeof ItemLineBody>;

export const GiftCardLineBody = Closed({
  id: Type.Optional(Uuid),
  kind: Type.Literal('gift_card'),
  giftCardCode: Type.String({ minLength: 1, maxLength: 64 }),
  amountMinor: PositiveMinor,
});
export type GiftCardLineInput = Static<typeof GiftCardLineBody>;

export const AddLineBody = Type.Union([ItemLineBody, GiftCardLineBody], {
  description: 'An item, or a gift card sold or topped up (loaded when the sale completes)',
});
export type LineInput = Static<typeof AddLineBody>;

export const UpdateLineBody = Type.Object(
  {
    quantity: Type.Optional(Quantity),
    priceOverrideMinor: Type.Optional(Nullable(Minor)),
    discount: Type.Optional(Nullable(Discount)),
    approvalId: Type.Optional(Uuid),
    discountApprovalId: Type.Optional(Uuid),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateLineInput = Static<typeof UpdateLineBody>;

export const LineParams = Closed({ id: Uuid, lineId: Uuid });

export const CreateSaleBody = Closed({
  id: Type.Optional(Uuid),
  registerId: Type.Optional(
    Type.String({
      format: 'uuid',
      description: "Defaults to the signed-in device's register; required without a device",
    }),
  ),
  customerId: Type.Optional(Uuid),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
});
export type CreateSaleInput = Static<typeof CreateSaleBody>;

export const OrderDiscountBody = Closed({
  discount: Nullable(Discount),
  approvalId: Type.Optional(Uuid),
});
export type OrderDiscountInput = Static<typeof OrderDiscountBody>;

export const CustomerBody = Closed({ customerId: Nullable(Uuid) });

export const VoidBody = Closed({
  reason: Type.String({ minLength: 1, maxLength: 500 }),
  approvalId: Type.Optional(Uuid),
});
export type VoidInput = Static<typeof VoidBody>;

export const PaymentBody = Closed({
  id: Type.Optional(Uuid),
  kind: Type.Enum(PAYMENT_KINDS, {
    description:
      "external: a card on a stand-alone terminal (reference = its approval code). 'card' is " +
      'refused here: card payments go through the card reader (POST /sales/{id}/card-payments).',
  }),
  amountMinor: PositiveMinor,
  giftCardCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  reference: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  expectedTotalMinor: Type.Optional(Minor),
});
export type PaymentInput = Static<typeof PaymentBody>;

export const CompleteBody = Closed({ expectedTotalMinor: Minor });

// ---- offline submit ---------------------------------------------------------------------------

const RegisterTaxRate = Closed({
  id: Uuid,
  ratePpm: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  compound: Type.Optional(Type.Boolean()),
});
const SubmitItemLine = Closed({
  ...ItemLineBody.properties,
  id: Uuid,
  unitPriceMinor: Type.Optional({
    ...Minor,
    description:
      "The unit price the register charged (from its cached catalog). Online it must match the store's " +
      'current price; offline it is kept, and a difference is flagged for review',
  }),
  taxRates: Type.Optional(
    Type.Array(RegisterTaxRate, {
      maxItems: 20,
      description:
        'The rates the register charged, in order (from its cached tax table). Online they must match; ' +
        'offline they are kept, and a difference is flagged',
    }),
  ),
});
export type SubmitItemLineInput = Static<typeof SubmitItemLine>;
const SubmitGiftCardLine = Closed({ ...GiftCardLineBody.properties, id: Uuid });
export const SubmitPayment = Closed({
  id: Uuid,
  kind: Type.Enum(PAYMENT_KINDS),
  amountMinor: PositiveMinor,
  giftCardCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  reference: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
});
export type SubmitPaymentInput = Static<typeof SubmitPayment>;

export const SubmitBody = Closed({
  id: Type.String({ format: 'uuid', description: 'Chosen by the register; replays reuse it' }),
  registerId: Type.Optional(Uuid),
  occurredAt: Type.String({ format: 'date-time', description: "The register's clock" }),
  offline: Type.Boolean({
    description: 'Happened while offline: stock may go negative and is flagged, not refused',
  }),
  offlineReference: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  offlineCashier: Type.Optional(
    Closed(
      {
        userId: Uuid,
        signedInAt: Type.String({ format: 'date-time', description: "The register's clock" }),
      },
      'Only with offline: true and the paired device token: the cashier who signed in on the ' +
        'register while it was offline (PIN checked by the register). The sale is recorded ' +
        'under them and flagged offline_sign_in.',
    ),
  ),
  customerId: Type.Optional(Uuid),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
  lines: Type.Array(Type.Union([SubmitItemLine, SubmitGiftCardLine]), {
    minItems: 1,
    maxItems: 500,
  }),
  orderDiscount: Type.Optional(Discount),
  payments: Type.Array(SubmitPayment, {
    maxItems: 20,
    description: 'Empty only when nothing is due (a fully discounted sale)',
  }),
  expectedTotalMinor: Minor,
  approvals: Type.Optional(
    Closed({
      orderDiscount: Type.Optional(Uuid),
    }),
  ),
});
export type SubmitInput = Static<typeof SubmitBody>;

// ---- views ------------------------------------------------------------------------------------

const LineTax = Closed({ rateId: Uuid, ratePpm: Type.Integer(), taxMinor: Type.Integer() });
const RateTotal = Closed({
  rateId: Uuid,
  ratePpm: Type.Integer(),
  compound: Type.Boolean(),
  taxableMinor: Type.Integer(),
  taxMinor: Type.Integer(),
});

export const SaleLine = Closed({
  id: Uuid,
  position: Type.Integer(),
  kind: Type.Enum(['item', 'gift_card']),
  variantId: Nullable(Uuid),
  giftCardId: Nullable(Uuid),
  giftCardLast4: Nullable(Type.String()),
  name: Type.String(),
  sku: Nullable(Type.String()),
  unit: Type.Enum(['each', 'weight']),
  quantity: Type.Number(),
  listUnitPriceMinor: Type.Integer(),
  priceOverrideMinor: Nullable(Type.Integer()),
  unitPriceMinor: Type.Integer(),
  discount: Nullable(Discount),
  taxCategoryId: Nullable(Uuid),
  grossMinor: Type.Integer(),
  lineDiscountMinor: Type.Integer(),
  orderDiscountMinor: Type.Integer(),
  netMinor: Type.Integer(),
  taxes: Type.Array(LineTax),
  taxMinor: Type.Integer(),
  exemptTaxRemovedMinor: Type.Integer(),
  totalMinor: Type.Integer(),
  priceOverrideApprovalId: Nullable(Uuid),
  discountApprovalId: Nullable(Uuid),
});
export type SaleLineView = Static<typeof SaleLine>;

export const SalePayment = Closed({
  id: Uuid,
  position: Type.Integer(),
  kind: Type.Enum(PAYMENT_KINDS),
  tenderedMinor: Type.Integer(),
  appliedMinor: Type.Integer({ description: 'What the store keeps: tendered − change' }),
  changeMinor: Type.Integer(),
  cashRoundingMinor: Type.Integer(),
  status: Type.Enum(['captured', 'reversed']),
  reference: Nullable(Type.String()),
  giftCardLast4: Nullable(Type.String()),
  customerId: Nullable(Uuid),
  cashSessionId: Nullable(Uuid),
  card: Nullable(
    Closed(
      { brand: Nullable(Type.String()), last4: Nullable(Type.String()) },
      'Card tenders: what the processor reported about the card',
    ),
  ),
  occurredAt: Timestamp,
  reversedAt: Nullable(Timestamp),
});
export type SalePaymentView = Static<typeof SalePayment>;

export const SaleTotals = Closed({
  grossMinor: Type.Integer(),
  lineDiscountMinor: Type.Integer(),
  orderDiscountMinor: Type.Integer(),
  discountMinor: Type.Integer(),
  subtotalMinor: Type.Integer({ description: 'After discounts, excluding tax' }),
  taxes: Type.Array(RateTotal),
  taxMinor: Type.Integer(),
  exemptTaxRemovedMinor: Type.Integer(),
  totalMinor: Type.Integer(),
});
export type SaleTotalsView = Static<typeof SaleTotals>;

export const SaleFlag = Closed(
  {
    code: Type.Enum([
      'stock_negative',
      'no_cash_session',
      'approval_missing',
      'variant_archived',
      'price_changed',
      'tax_changed',
      'offline_sign_in',
    ]),
    message: Type.String(),
    variantId: Type.Optional(Uuid),
    storeId: Type.Optional(Uuid),
    onHand: Type.Optional(Type.Number()),
    lineId: Type.Optional(Uuid),
    paymentId: Type.Optional(Uuid),
    action: Type.Optional(Type.String()),
  },
  'Something that no longer held when an offline sale was synced; for a manager to review',
);
export type SaleFlagView = Static<typeof SaleFlag>;

const saleHeader = {
  id: Uuid,
  status: Type.Enum(SALE_STATUSES),
  receiptNumber: Nullable(Type.Integer()),
  storeId: Uuid,
  registerId: Uuid,
  cashSessionId: Nullable(Uuid),
  customerId: Nullable(Uuid),
  cashierId: Nullable(Uuid),
  deviceId: Nullable(Uuid),
  currency: Type.String(),
  taxMode: Type.Enum(['exclusive', 'inclusive']),
  taxRounding: Type.Enum(['line', 'document']),
  roundingMode: Type.Enum(['half_up', 'half_even']),
  cashIncrementMinor: Type.Integer(),
  taxExempt: Type.Boolean(),
  totalMinor: Type.Integer(),
  paidMinor: Type.Integer({ description: 'Part of the total settled by payments' }),
  balanceDueMinor: Type.Integer(),
  changeMinor: Type.Integer(),
  cashRoundingMinor: Type.Integer(),
  origin: Type.Enum(['online', 'offline']),
  offlineReference: Nullable(Type.String()),
  occurredAt: Timestamp,
  note: Nullable(Type.String()),
  version: Type.Integer(),
  parkedAt: Nullable(Timestamp),
  completedAt: Nullable(Timestamp),
  voidedAt: Nullable(Timestamp),
  voidReason: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};

export const SaleSummary = Closed({ ...saleHeader, lineCount: Type.Integer() });
export type SaleSummaryView = Static<typeof SaleSummary>;

const saleFields = {
  ...saleHeader,
  orderDiscount: Nullable(Discount),
  orderDiscountApprovalId: Nullable(Uuid),
  lines: Type.Array(SaleLine),
  totals: SaleTotals,
  payments: Type.Array(SalePayment),
  flags: Type.Array(SaleFlag),
};

export const Sale = Closed(saleFields);
export type SaleView = Static<typeof Sale>;

export const PaymentResult = Closed({
  ...saleFields,
  payment: SalePayment,
});
export type PaymentResultView = Static<typeof PaymentResult>;

export const TerminalVoid = Closed({
  paymentId: Uuid,
  reference: Nullable(Type.String()),
  amountMinor: Type.Integer(),
});

export const VoidResult = Closed({
  ...saleFields,
  terminalVoids: Type.Array(TerminalVoid, {
    description: 'External card payments to void on the stand-alone terminal as well',
  }),
});
export type VoidResultView = Static<typeof VoidResult>;

export const SalePage = Closed({
  sales: Type.Array(SaleSummary),
  nextCursor: Nullable(Type.String()),
});
export type SalePageView = Static<typeof SalePage>;

export const SaleQuery = Closed({
  status: Type.Optional(Type.Enum(SALE_STATUSES)),
  registerId: Type.Optional(Uuid),
  storeId: Type.Optional(Uuid),
  customerId: Type.Optional(Uuid),
  receiptNumber: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 2_147_483_647,
      description:
        'The number printed on the receipt (leading zeros dropped); numbers are per register, so pair it with registerId to find one sale',
    }),
  ),
  cursor: Type.Optional(Uuid),
  limit: Type.Optional(Limit),
});
export type SaleQueryInput = Static<typeof SaleQuery>;
