import { type Static, Type } from 'typebox';
import { Closed, Limit, Nullable, Timestamp, Uuid } from '../../http/schemas.ts';

// Stock counts: counters enter what is on the shelf, a manager approves, the ledger gets one
// `counted` movement per item whose count differs from the level at approval.

const Quantity = Type.Number({ description: 'Units (or kg for weighed items), up to 3 decimals' });
export const COUNT_STATUSES = ['draft', 'submitted', 'approved', 'cancelled'] as const;
export type CountStatus = (typeof COUNT_STATUSES)[number];

export const CountLine = Closed({
  variantId: Uuid,
  counted: Nullable(Type.Number({ description: 'null: on the count but not counted yet' })),
  countedAt: Nullable(Timestamp),
  countedBy: Nullable(Uuid),
  onHand: Nullable(
    Type.Number({ description: 'The level now; once approved, the level the count replaced' }),
  ),
  variance: Nullable(
    Type.Number({ description: 'counted - onHand; null while not counted (or not tracked)' }),
  ),
  zeroed: Type.Boolean({ description: 'Not counted and set to zero at approval' }),
});
export type CountLineView = Static<typeof CountLine>;

const countHeader = {
  id: Uuid,
  storeId: Uuid,
  scope: Type.Enum(['full', 'cycle']),
  status: Type.Enum(COUNT_STATUSES),
  name: Type.String(),
  note: Nullable(Type.String()),
  zeroUncounted: Type.Boolean(),
  createdBy: Nullable(Uuid),
  createdAt: Timestamp,
  submittedAt: Nullable(Timestamp),
  submittedBy: Nullable(Uuid),
  approvedAt: Nullable(Timestamp),
  approvedBy: Nullable(Uuid),
  cancelledAt: Nullable(Timestamp),
  cancelledBy: Nullable(Uuid),
  updatedAt: Timestamp,
};

export const CountSummary = Closed({
  ...countHeader,
  lineCount: Type.Integer(),
  countedCount: Type.Integer(),
});
export type CountSummaryView = Static<typeof CountSummary>;

export const Count = Closed({ ...countHeader, lines: Type.Array(CountLine) });
export type CountView = Static<typeof Count>;

export const CountPage = Closed({
  counts: Type.Array(CountSummary),
  nextCursor: Nullable(Type.String()),
});

export const CountQuery = Closed({
  status: Type.Optional(Type.Enum(COUNT_STATUSES)),
  cursor: Type.Optional(Uuid),
  limit: Type.Optional(Limit),
});

export const CreateCountBody = Closed({
  scope: Type.Enum(['full', 'cycle'], {
    description: 'full: every tracked item of the store; cycle: only the items on the count',
  }),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
  zeroUncounted: Type.Optional(
    Type.Boolean({
      description:
        'Approval sets items not counted to zero (for a full count: every tracked item with stock that is not on the count). Default false: they are left alone.',
    }),
  ),
  variantIds: Type.Optional(
    Type.Array(Uuid, {
      maxItems: 5000,
      description: 'Items to count (the chosen set of a cycle count; a counting sheet otherwise)',
    }),
  ),
});
export type CreateCountInput = Static<typeof CreateCountBody>;

export const UpdateCountBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    zeroUncounted: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateCountInput = Static<typeof UpdateCountBody>;

export const CountEntriesBody = Closed({
  lines: Type.Array(Closed({ variantId: Uuid, counted: Quantity }), {
    minItems: 1,
    maxItems: 1000,
  }),
  mode: Type.Optional(
    Type.Enum(['set', 'add'], {
      description:
        'set (default): the counted quantity replaces what was entered; add: it adds to it (the same item on several shelves)',
    }),
  ),
});
export type CountEntriesInput = Static<typeof CountEntriesBody>;

export const CountVariance = Closed({
  variantId: Uuid,
  counted: Type.Number(),
  onHand: Type.Number(),
  variance: Type.Number({ description: 'What approval posts as a counted movement' }),
  zeroed: Type.Boolean({ description: 'Not counted: set to zero because zeroUncounted is on' }),
});
export type CountVarianceView = Static<typeof CountVariance>;

export const CountVarianceReport = Closed({
  countId: Uuid,
  status: Type.Enum(COUNT_STATUSES),
  zeroUncounted: Type.Boolean(),
  asOf: Timestamp,
  lines: Type.Array(CountVariance, { description: 'Only items whose level changes' }),
  totals: Closed({
    items: Type.Integer(),
    gain: Type.Number({ description: 'Sum of positive variances' }),
    loss: Type.Number({ description: 'Sum of negative variances (negative)' }),
  }),
});
export type CountVarianceReportView = Static<typeof CountVarianceReport>;

export const CountLineParams = Closed({ id: Uuid, variantId: Uuid });
