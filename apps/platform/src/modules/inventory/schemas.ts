import { ADJUSTMENT_REASONS } from '@tillpoint/domain';
import { type Static, Type } from 'typebox';
import { Closed, Limit, Nullable, Timestamp, Uuid } from '../../http/schemas.ts';

// Quantities travel as decimal numbers with at most 3 places (1.235 kg); stored in thousandths.
const Quantity = Type.Number({ description: 'Units (or kg for weighed items), up to 3 decimals' });

export const StockLevel = Closed({
  storeId: Uuid,
  variantId: Uuid,
  onHand: Type.Number(),
  committed: Type.Number(),
  available: Type.Number({ description: 'onHand - committed' }),
  reorderPoint: Nullable(Type.Number()),
  updatedAt: Timestamp,
});
export type StockLevelView = Static<typeof StockLevel>;

export const StockQuery = Closed({
  variantId: Type.Optional(Type.Array(Uuid, { maxItems: 500 })),
  belowReorderPoint: Type.Optional(Type.Boolean()),
  cursor: Type.Optional(Uuid),
  limit: Type.Optional(Limit),
});

export const StockPage = Closed({
  levels: Type.Array(StockLevel),
  nextCursor: Nullable(Type.String()),
});

export const AdjustmentBody = Closed({
  lines: Type.Array(
    Closed({
      variantId: Uuid,
      quantity: Quantity,
      reason: Type.Enum(ADJUSTMENT_REASONS),
      unitCost: Type.Optional(
        Type.Integer({ minimum: 0, description: 'Minor units, for received stock' }),
      ),
    }),
    { minItems: 1, maxItems: 500 },
  ),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});
export type AdjustmentInput = Static<typeof AdjustmentBody>;

export const AdjustmentResult = Closed({ levels: Type.Array(StockLevel) });

export const ReorderPointBody = Closed({ reorderPoint: Nullable(Type.Number({ minimum: 0 })) });

export const Movement = Closed({
  id: Uuid,
  storeId: Uuid,
  variantId: Uuid,
  kind: Type.String(),
  quantity: Type.Number(),
  onHandAfter: Type.Number(),
  reason: Nullable(Type.String()),
  note: Nullable(Type.String()),
  unitCost: Nullable(Type.Integer()),
  referenceType: Nullable(Type.String()),
  referenceId: Nullable(Uuid),
  actorType: Type.String(),
  actorId: Nullable(Uuid),
  occurredAt: Timestamp,
  recordedAt: Timestamp,
});
export type MovementView = Static<typeof Movement>;

export const MovementQuery = Closed({
  variantId: Type.Optional(Uuid),
  cursor: Type.Optional(Uuid),
  limit: Type.Optional(Limit),
});
export const MovementPage = Closed({
  movements: Type.Array(Movement),
  nextCursor: Nullable(Type.String()),
});

export const InventorySettings = Closed({ allowNegativeStock: Type.Boolean() });

export const RebuildResult = Closed({
  checked: Type.Integer(),
  corrected: Type.Array(Closed({ variantId: Uuid, was: Type.Number(), now: Type.Number() })),
});
