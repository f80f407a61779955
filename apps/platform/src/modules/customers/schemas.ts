import { type Static, Type } from 'typebox';
import { Closed, Limit, Nullable, Timestamp, Uuid } from '../../http/schemas.ts';

// Customers of a business (tenant-wide, not per store): contact details, tax exemption, and the
// store credit they hold. Store credit only ever changes through the ledger
// (store-credit-ledger.ts), so the balance here is read-only.

// Checked like the database does (customers.email); surrounding spaces are trimmed afterwards.
const Email = Type.String({
  maxLength: 260,
  pattern: '^\\s*[^@\\s]+@[^@\\s]+\\s*$',
  description: 'Trimmed and lower-cased; unique among active customers',
});
const Phone = Type.String({
  maxLength: 40,
  description: 'Digits, "+" and spaces are kept (e.g. "+1 (312) 555-0100" -> "+1 312 5550100")',
});
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Notes = Type.String({ maxLength: 2000 });
const Reference = Type.String({
  maxLength: 100,
  description: 'Exemption certificate number; only with taxExempt',
});

export const MAX_AMOUNT_MINOR = 1_000_000_000_000;
/** A signed, non-zero amount in minor units (zero is refused by the ledger). */
export const SignedAmount = Type.Integer({
  minimum: -MAX_AMOUNT_MINOR,
  maximum: MAX_AMOUNT_MINOR,
  description: 'Minor units; positive adds, negative takes away; never 0',
});
export const Reason = Type.String({ minLength: 1, maxLength: 200 });

export const Customer = Closed({
  id: Uuid,
  name: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  notes: Type.String(),
  taxExempt: Type.Boolean(),
  taxExemptReference: Nullable(Type.String()),
  storeCreditMinor: Type.Integer({ description: 'Store credit held, in minor units' }),
  archivedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type CustomerView = Static<typeof Customer>;

export const CreateCustomerBody = Closed({
  name: Name,
  email: Type.Optional(Nullable(Email)),
  phone: Type.Optional(Nullable(Phone)),
  notes: Type.Optional(Nullable(Notes)),
  taxExempt: Type.Optional(Type.Boolean()),
  taxExemptReference: Type.Optional(Nullable(Reference)),
});
export type CreateCustomerInput = Static<typeof CreateCustomerBody>;

export const UpdateCustomerBody = Type.Object(
  {
    name: Type.Optional(Name),
    email: Type.Optional(Nullable(Email)),
    phone: Type.Optional(Nullable(Phone)),
    notes: Type.Optional(Nullable(Notes)),
    taxExempt: Type.Optional(
      Type.Boolean({ description: 'false also clears the exemption reference' }),
    ),
    taxExemptReference: Type.Optional(Nullable(Reference)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateCustomerInput = Static<typeof UpdateCustomerBody>;

export const CustomerQuery = Closed({
  q: Type.Optional(
    Type.String({
      maxLength: 200,
      description:
        'Words of the name (typos forgiven after exact matches), an email prefix, or phone digits',
    }),
  ),
  includeArchived: Type.Optional(Type.Boolean({ default: false })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
  limit: Type.Optional(Limit),
});

export const CustomerPage = Closed({
  customers: Type.Array(Customer),
  nextCursor: Nullable(Type.String()),
});
export type CustomerPageView = Static<typeof CustomerPage>;

export const PageQuery = Closed({
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
  limit: Type.Optional(Limit),
});

// ---- store credit -------------------------------------------------------------------------

export const STORE_CREDIT_KINDS = [
  'refund_credit',
  'payment',
  'payment_reversal',
  'adjustment',
] as const;

export const StoreCreditEntry = Closed({
  id: Uuid,
  kind: Type.Enum(STORE_CREDIT_KINDS),
  amountMinor: Type.Integer({ description: 'Signed: + credits the customer, − spends' }),
  balanceAfterMinor: Type.Integer(),
  saleId: Nullable(Uuid),
  refundId: Nullable(Uuid),
  reason: Nullable(Type.String()),
  actorId: Nullable(Uuid),
  createdAt: Timestamp,
});
export type StoreCreditEntryView = Static<typeof StoreCreditEntry>;

export const StoreCredit = Closed({
  customerId: Uuid,
  balanceMinor: Type.Integer(),
  entries: Type.Array(StoreCreditEntry, { description: 'Newest first' }),
  nextCursor: Nullable(Uuid),
});
export type StoreCreditView = Static<typeof StoreCredit>;

export const EntryPageQuery = Closed({
  cursor: Type.Optional(Uuid),
  limit: Type.Optional(Limit),
});

export const StoreCreditAdjustmentBody = Closed({
  amountMinor: SignedAmount,
  reason: Reason,
});
export type StoreCreditAdjustmentInput = Static<typeof StoreCreditAdjustmentBody>;

export const StoreCreditAdjustment = Closed({
  customerId: Uuid,
  balanceMinor: Type.Integer(),
  entry: StoreCreditEntry,
});
export type StoreCreditAdjustmentView = Static<typeof StoreCreditAdjustment>;

// ---- purchase history ---------------------------------------------------------------------

export const Purchase = Closed(
  {
    type: Type.Enum(['sale', 'refund']),
    id: Uuid,
    receiptNumber: Type.Integer(),
    storeId: Uuid,
    registerId: Uuid,
    currency: Type.String(),
    occurredAt: Timestamp,
    completedAt: Timestamp,
    totalMinor: Type.Integer({ description: 'Sale total, or the total given back by a refund' }),
    refundedMinor: Nullable(
      Type.Integer({ description: 'Sales: how much of it has been refunded so far' }),
    ),
    saleId: Nullable(Uuid),
    refundKind: Nullable(Type.Enum(['refund', 'reversal', 'exchange'])),
    refundDestination: Nullable(Type.String()),
  },
  'A completed sale to the customer, or a refund against one (or paid to them without receipt)',
);
export type PurchaseView = Static<typeof Purchase>;

export const PurchasePage = Closed({
  purchases: Type.Array(Purchase, { description: 'Newest first (by when it happened)' }),
  nextCursor: Nullable(Type.String()),
});
export type PurchasePageView = Static<typeof PurchasePage>;
