import { type Static, Type } from 'typebox';
import { Closed, Limit, Nullable, Timestamp, Uuid } from '../../http/schemas.ts';

// Transfers move stock between two stores of one business: it leaves the source when sent, is in
// transit until received (in one or several steps), and arrives at the destination.

const Quantity = Type.Number({ description: 'Units (or kg for weighed items), up to 3 decimals' });
export const TRANSFER_STATUSES = [
  'draft',
  'sent',
  'partially_received',
  'received',
  'cancelled',
] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

const TransferLines = Type.Array(Closed({ variantId: Uuid, quantity: Quantity }), {
  minItems: 1,
  maxItems: 1000,
});

export const TransferLine = Closed({
  variantId: Uuid,
  quantity: Type.Number({ description: 'Requested while draft; what left the source once sent' }),
  received: Type.Number(),
  returned: Type.Number({ description: 'Went back to the source when the rest was cancelled' }),
  inTransit: Type.Number({ description: 'Sent and neither received nor returned yet' }),
});
export type TransferLineView = Static<typeof TransferLine>;

const transferHeader = {
  id: Uuid,
  fromStoreId: Uuid,
  toStoreId: Uuid,
  status: Type.Enum(TRANSFER_STATUSES),
  note: Nullable(Type.String()),
  createdBy: Nullable(Uuid),
  createdAt: Timestamp,
  sentAt: Nullable(Timestamp),
  sentBy: Nullable(Uuid),
  receivedAt: Nullable(Timestamp),
  cancelledAt: Nullable(Timestamp),
  cancelledBy: Nullable(Uuid),
  updatedAt: Timestamp,
};

export const TransferSummary = Closed({
  ...transferHeader,
  lineCount: Type.Integer(),
  inTransit: Type.Number({ description: 'Total quantity still on the way' }),
});
export type TransferSummaryView = Static<typeof TransferSummary>;

export const Transfer = Closed({
  ...transferHeader,
  inTransit: Type.Number(),
  lines: Type.Array(TransferLine),
});
export type TransferView = Static<typeof Transfer>;

export const TransferPage = Closed({
  transfers: Type.Array(TransferSummary),
  nextCursor: Nullable(Type.String()),
});

export const TransferQuery = Closed({
  storeId: Type.Optional(Uuid),
  direction: Type.Optional(
    Type.Enum(['outgoing', 'incoming'], { description: 'With storeId: only one direction' }),
  ),
  status: Type.Optional(Type.Enum(TRANSFER_STATUSES)),
  cursor: Type.Optional(Uuid),
  limit: Type.Optional(Limit),
});

export const CreateTransferBody = Closed({
  fromStoreId: Uuid,
  toStoreId: Uuid,
  note: Type.Optional(Type.String({ maxLength: 1000 })),
  lines: Type.Optional(TransferLines),
});
export type CreateTransferInput = Static<typeof CreateTransferBody>;

export const UpdateTransferBody = Type.Object(
  {
    note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    lines: Type.Optional(
      Type.Array(Closed({ variantId: Uuid, quantity: Quantity }), {
        maxItems: 1000,
        description: 'Replaces every line of the draft',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateTransferInput = Static<typeof UpdateTransferBody>;

export const ReceiveTransferBody = Closed({
  lines: Type.Optional(
    Type.Array(Closed({ variantId: Uuid, quantity: Quantity }), {
      minItems: 1,
      maxItems: 1000,
      description: 'What arrived now; omitted: everything still in transit',
    }),
  ),
});
export type ReceiveTransferInput = Static<typeof ReceiveTransferBody>;

export const InTransitItem = Closed({
  variantId: Uuid,
  fromStoreId: Uuid,
  toStoreId: Uuid,
  quantity: Type.Number(),
  transfers: Type.Integer({ description: 'How many open transfers carry it' }),
});
export type InTransitItemView = Static<typeof InTransitItem>;

export const InTransitQuery = Closed({
  storeId: Type.Optional(Uuid),
  variantId: Type.Optional(Uuid),
});
