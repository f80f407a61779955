import { type Static, Type } from 'typebox';
import { Closed, Limit, Nullable, Timestamp, Uuid } from '../../http/schemas.ts';

// A cash session is one drawer's shift on one register: opened with a counted float, closed with
// a blind count. Money is integer minor units; counts are keyed by the denomination's value.

export const CASH_SESSION_STATUSES = ['open', 'closed'] as const;
export type CashSessionStatus = (typeof CASH_SESSION_STATUSES)[number];

export const DenominationCounts = Type.Record(
  Type.String({ pattern: '^[1-9][0-9]{0,15}$' }),
  Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  {
    additionalProperties: false,
    maxProperties: 40,
    description:
      'How many of each coin or note, keyed by its value in minor units: {"2000": 3, "25": 8}',
  },
);

export const RegisterParams = Closed({ registerId: Uuid });

export const DenominationQuery = Closed({
  currency: Type.Optional(
    Type.String({
      pattern: '^[A-Z]{3}$',
      description: "ISO 4217; default: the business's currency",
    }),
  ),
});

export const DenominationList = Closed({
  currency: Type.String(),
  denominations: Type.Array(
    Closed({
      valueMinor: Type.Integer({ description: 'The key to use in counts' }),
      kind: Type.Enum(['coin', 'note']),
    }),
    { description: 'Smallest first' },
  ),
});
export type DenominationListView = Static<typeof DenominationList>;

export const OpenSessionBody = Closed({ counts: DenominationCounts });
export type OpenSessionInput = Static<typeof OpenSessionBody>;

export const CloseSessionBody = Closed({
  counts: DenominationCounts,
  note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
});
export type CloseSessionInput = Static<typeof CloseSessionBody>;

export const MovementBody = Closed({
  kind: Type.Enum(['pay_in', 'pay_out']),
  amountMinor: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  reason: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
});
export type MovementInput = Static<typeof MovementBody>;

export const NoSaleBody = Closed({
  approvalId: Type.Optional(Uuid),
});
export type NoSaleInput = Static<typeof NoSaleBody>;

export const CashSession = Closed({
  id: Uuid,
  storeId: Uuid,
  registerId: Uuid,
  currency: Type.String(),
  status: Type.Enum(CASH_SESSION_STATUSES),
  openedBy: Uuid,
  openedAt: Timestamp,
  openingCount: Type.Record(Type.String(), Type.Integer()),
  openingFloatMinor: Type.Integer(),
  closedBy: Nullable(Uuid),
  closedAt: Nullable(Timestamp),
  closingCount: Nullable(Type.Record(Type.String(), Type.Integer())),
  countedMinor: Nullable(Type.Integer()),
  expectedMinor: Type.Optional(
    Nullable(
      Type.Integer({
        description:
          'Fixed at close. Left out for a blind close by someone without cash.read; null while open',
      }),
    ),
  ),
  overShortMinor: Type.Optional(
    Nullable(Type.Integer({ description: 'counted − expected: positive over, negative short' })),
  ),
  closingNote: Nullable(Type.String()),
  updatedAt: Timestamp,
});
export type CashSessionView = Static<typeof CashSession>;

export const CashSessionPage = Closed({
  sessions: Type.Array(CashSession),
  nextCursor: Nullable(Type.String()),
});

export const CashSessionQuery = Closed({
  storeId: Type.Optional(Uuid),
  registerId: Type.Optional(Uuid),
  status: Type.Optional(Type.Enum(CASH_SESSION_STATUSES)),
  cursor: Type.Optional(Uuid),
  limit: Type.Optional(Limit),
});

export const CashMovement = Closed({
  id: Uuid,
  cashSessionId: Uuid,
  kind: Type.Enum(['pay_in', 'pay_out', 'no_sale']),
  amountMinor: Type.Integer(),
  reason: Nullable(Type.String()),
  approvalId: Nullable(Uuid),
  actorId: Uuid,
  createdAt: Timestamp,
});
export type CashMovementView = Static<typeof CashMovement>;

export const NoSaleResult = Closed({
  opened: Type.Boolean(),
  movementId: Uuid,
});

const MinorInt = Type.Integer();
const Count = Type.Integer({ minimum: 0 });

const reportFields = {
  cashSessionId: Uuid,
  storeId: Uuid,
  registerId: Uuid,
  currency: Type.String(),
  status: Type.Enum(CASH_SESSION_STATUSES),
  openedAt: Timestamp,
  openedBy: Uuid,
  closedAt: Nullable(Timestamp),
  asOf: Type.String({
    format: 'date-time',
    description: 'End of the period the figures cover: now while open, the close afterwards',
  }),
  drawer: Closed({
    openingFloatMinor: MinorInt,
    cashSalesMinor: MinorInt,
    cashRefundsMinor: MinorInt,
    payInsMinor: MinorInt,
    payOutsMinor: MinorInt,
    cashInMinor: MinorInt,
    cashOutMinor: MinorInt,
    expectedMinor: MinorInt,
  }),
  sales: Closed({
    count: Count,
    grossMinor: MinorInt,
    lineDiscountMinor: MinorInt,
    orderDiscountMinor: MinorInt,
    discountMinor: MinorInt,
    subtotalMinor: MinorInt,
    taxMinor: MinorInt,
    totalMinor: MinorInt,
  }),
  refunds: Closed({
    count: Count,
    subtotalMinor: MinorInt,
    taxMinor: MinorInt,
    totalMinor: MinorInt,
  }),
  netSalesMinor: MinorInt,
  tenders: Type.Array(
    Closed({
      kind: Type.String(),
      salesCount: Count,
      salesMinor: MinorInt,
      refundsCount: Count,
      refundsMinor: MinorInt,
      netMinor: MinorInt,
    }),
  ),
  taxes: Type.Array(
    Closed({
      rateId: Type.String(),
      ratePpm: Type.Integer(),
      salesTaxableMinor: MinorInt,
      salesTaxMinor: MinorInt,
      refundsTaxableMinor: MinorInt,
      refundsTaxMinor: MinorInt,
      netTaxMinor: MinorInt,
    }),
  ),
  cashRounding: Closed({ salesMinor: MinorInt, refundsMinor: MinorInt, netMinor: MinorInt }),
  payIns: Closed({ count: Count, totalMinor: MinorInt }),
  payOuts: Closed({ count: Count, totalMinor: MinorInt }),
  voidsCount: Count,
  noSaleCount: Count,
  openSalesCount: Type.Integer({
    minimum: 0,
    description: 'Sales on the register still open (not parked) at the end of the period',
  }),
  parkedSalesCount: Type.Integer({
    minimum: 0,
    description: 'Parked sales on the register at the end of the period',
  }),
};

export const CASH_REPORT_FORMATS = ['json', 'text', 'escpos'] as const;

export const ReportQuery = Closed({
  format: Type.Optional(
    Type.Enum(CASH_REPORT_FORMATS, {
      description:
        "json (default): the figures; text: printed as plain text; escpos: bytes for the store's receipt printer",
    }),
  ),
  columns: Type.Optional(
    Type.Union([Type.Literal(32), Type.Literal(42), Type.Literal(48)], {
      description: 'Characters per line for format=text (default 42)',
    }),
  ),
});
export type ReportQueryInput = Static<typeof ReportQuery>;

export const XReport = Closed({ kind: Type.Literal('x'), ...reportFields });
export type XReportView = Static<typeof XReport>;

export const ZReport = Closed({
  kind: Type.Literal('z'),
  ...reportFields,
  closedBy: Uuid,
  closingCount: Type.Record(Type.String(), Type.Integer()),
  expectedMinor: Type.Integer({ description: 'What the drawer should have held, fixed at close' }),
  countedMinor: MinorInt,
  overShortMinor: Type.Integer({
    description: 'counted − expected: positive over, negative short',
  }),
  closingNote: Nullable(Type.String()),
  changedSinceClose: Type.Boolean({
    description:
      'True when documents behind the session changed after the close (e.g. a payment reversed later), so drawer.expectedMinor recomputed now differs from expectedMinor fixed at close',
  }),
});
export type ZReportView = Static<typeof ZReport>;
