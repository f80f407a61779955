import { type Static, Type } from 'typebox';
import { Closed, Currency, Limit, Nullable, Timestamp, Uuid } from '../../http/schemas.ts';

// Purchase orders: what a store ordered from a supplier, at what unit cost, and how much of it
// has arrived. Costs are integer minor units of the store's currency, per unit (per kg for
// weighed items); totals are the sums of the lines, each rounded once.

const Quantity = Type.Number({ description: 'Units (or kg for weighed items), up to 3 decimals' });
const UnitCost = Type.Integer({
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
  description: 'Minor units per unit (per kg for weighed items), 1299 = 12.99',
});
const Reference = Type.String({ minLength: 1, maxLength: 60 });
const CalendarDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });

export const PURCHASE_ORDER_STATUSES = [
  'draft',
  'ordered',
  'partially_received',
  'received',
  'closed',
  'cancelled',
] as const;
export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];

export const PurchaseOrderLine = Closed({
  variantId: Uuid,
  ordered: Type.Number(),
  unitCost: Type.Integer(),
  received: Type.Number(),
  outstanding: Type.Number({ description: 'Ordered and not received yet (never negative)' }),
  orderedCost: Type.Integer({ description: 'unitCost x ordered, rounded once' }),
  receivedCost: Type.Integer({ description: 'unitCost x received, rounded once' }),
});
export type PurchaseOrderLineView = Static<typeof PurchaseOrderLine>;

const orderHeader = {
  id: Uuid,
  supplierId: Uuid,
  storeId: Uuid,
  status: Type.Enum(PURCHASE_ORDER_STATUSES),
  currency: Currency,
  reference: Nullable(Type.String()),
  expectedOn: Nullable(Type.String()),
  note: Nullable(Type.String()),
  createdBy: Nullable(Uuid),
  createdAt: Timestamp,
  orderedAt: Nullable(Timestamp),
  orderedBy: Nullable(Uuid),
  receivedAt: Nullable(Timestamp),
  closedAt: Nullable(Timestamp),
  cancelledAt: Nullable(Timestamp),
  cancelledBy: Nullable(Uuid),
  updatedAt: Timestamp,
};

const Totals = Closed({
  ordered: Type.Integer({ description: 'Sum of orderedCost, minor units' }),
  received: Type.Integer({ description: 'Sum of receivedCost, minor units' }),
});

export const PurchaseOrder = Closed({
  ...orderHeader,
  totals: Totals,
  lines: Type.Array(PurchaseOrderLine),
});
export type PurchaseOrderView = Static<typeof PurchaseOrder>;

export const PurchaseOrderSummary = Closed({
  ...orderHeader,
  totals: Totals,
  lineCount: Type.Integer(),
});
export type PurchaseOrderSummaryView = Static<typeof PurchaseOrderSummary>;

export const PurchaseOrderPage = Closed({
  purchaseOrders: Type.Array(PurchaseOrderSummary),
  nextCursor: Nullable(Type.String()),
});

export const PurchaseOrderQuery = Closed({
  storeId: Type.Optional(Uuid),
  supplierId: Type.Optional(Uuid),
  status: Type.Optional(Type.Enum(PURCHASE_ORDER_STATUSES)),
  cursor: Type.Optional(Uuid),
  limit: Type.Optional(Limit),
});

const OrderLines = Type.Array(Closed({ variantId: Uuid, quantity: Quantity, unitCost: UnitCost }), {
  maxItems: 1000,
});

export const CreatePurchaseOrderBody = Closed({
  supplierId: Uuid,
  storeId: Uuid,
  reference: Type.Optional(Reference),
  expectedOn: Type.Optional(CalendarDate),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
  lines: Type.Optional(OrderLines),
});
export type CreatePurchaseOrderInput = Static<typeof CreatePurchaseOrderBody>;

export const UpdatePurchaseOrderBody = Type.Object(
  {
    supplierId: Type.Optional(Uuid),
    reference: Type.Optional(Nullable(Reference)),
    expectedOn: Type.Optional(Nullable(CalendarDate)),
    note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    lines: Type.Optional(OrderLines),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description: 'Supplier and lines only while draft; reference, date and note until closed',
  },
);
export type UpdatePurchaseOrderInput = Static<typeof UpdatePurchaseOrderBody>;

export const ReceivePurchaseOrderBody = Closed({
  lines: Type.Optional(
    Type.Array(Closed({ variantId: Uuid, quantity: Quantity }), {
      minItems: 1,
      maxItems: 1000,
      description: 'What arrived in this delivery; omitted: everything outstanding',
    }),
  ),
  note: Type.Optional(
    Type.String({ maxLength: 500, description: 'e.g. the delivery note number' }),
  ),
});
export type ReceivePurchaseOrderInput = Static<typeof ReceivePurchaseOrderBody>;
