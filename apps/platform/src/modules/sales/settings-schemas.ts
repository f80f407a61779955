import { type Static, Type } from 'typebox';
import { Closed, Nullable } from '../../http/schemas.ts';

// The tenant's selling rules. A sale fixes them when it opens (sales.tax_mode, ...), so a change
// here applies to sales opened afterwards and never touches an open one.

const TaxMode = Type.Enum(['exclusive', 'inclusive'], {
  description: 'exclusive: prices are before tax; inclusive: shelf prices contain the tax',
});
const TaxRounding = Type.Enum(['line', 'document'], {
  description: "Round each line's tax, or each rate once on the whole sale",
});
const RoundingMode = Type.Enum(['half_up', 'half_even']);
const RefundDestination = Type.Enum(['original_tenders', 'store_credit'], {
  description: 'Where refunded money goes by default',
});
const OfflineTender = Type.Enum(['cash', 'external', 'other'], {
  description:
    'A tender the register may take offline. Gift cards and store credit need the live balance; ' +
    'cards need a payment plugin with store-and-forward (none installed offers it)',
});
const DiscountPpm = Type.Integer({ minimum: 0, maximum: 1_000_000 });
const DiscountLimitsView = Type.Record(Type.String(), Type.Integer());

export const SalesSettings = Closed({
  currency: Type.String(),
  taxMode: Type.String(),
  taxRounding: Type.String(),
  roundingMode: Type.String(),
  cashIncrementMinor: Nullable(Type.Integer({ description: "null: the currency's smallest coin" })),
  effectiveCashIncrementMinor: Type.Integer({
    description: 'What cash totals round to: cashIncrementMinor or the currency default',
  }),
  refundDestination: Type.String(),
  discountLimits: DiscountLimitsView,
  offlineTenders: Type.Array(Type.String(), {
    description: 'Tenders the register offers while offline',
  }),
});
export type SalesSettingsView = Static<typeof SalesSettings>;

export const UpdateSalesSettingsBody = Type.Object(
  {
    taxMode: Type.Optional(TaxMode),
    taxRounding: Type.Optional(TaxRounding),
    roundingMode: Type.Optional(RoundingMode),
    cashIncrementMinor: Type.Optional(
      Nullable(
        Type.Integer({
          minimum: 1,
          maximum: 1_000_000,
          description:
            "Cash totals round to this many minor units; null: the currency's smallest coin",
        }),
      ),
    ),
    refundDestination: Type.Optional(RefundDestination),
    offlineTenders: Type.Optional(
      Type.Array(OfflineTender, {
        maxItems: 3,
        uniqueItems: true,
        description: 'Replaces the list; [] makes the register sell online only',
      }),
    ),
    discountLimits: Type.Optional(
      Type.Record(Type.String({ maxLength: 32 }), DiscountPpm, {
        maxProperties: 10,
        description:
          'Replaces the whole map. Role -> largest discount (ppm of gross) it may give without a ' +
          "manager's approval; roles not listed have no limit. The owner cannot be limited.",
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateSalesSettingsInput = Static<typeof UpdateSalesSettingsBody>;
