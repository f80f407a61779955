// Stock quantities are kept in thousandths (milli-units) as integers: 1 each = 1000, 1.235 kg =
// 1235. One representation for counted and weighed goods, exact to the gram, and plain integer
// arithmetic in SQL. The API speaks decimal numbers with at most three places.

export const MILLI = 1000;

export class QuantityError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'QuantityError';
    this.code = code;
  }
}

/** 1.235 -> 1235. Refuses NaN, more than 3 decimals, and magnitudes beyond exact integers. */
export function toMilli(quantity: number): number {
  if (!Number.isFinite(quantity))
    throw new QuantityError('inventory.invalid_quantity', 'Quantity must be a number.');
  const scaled = quantity * MILLI;
  const milli = Math.round(scaled);
  if (Math.abs(scaled - milli) > 1e-6 * Math.max(1, Math.abs(scaled))) {
    throw new QuantityError(
      'inventory.invalid_quantity',
      `Quantity ${quantity} has more than 3 decimal places.`,
    );
  }
  if (!Number.isSafeInteger(milli) || Math.abs(milli) > 1e15) {
    throw new QuantityError('inventory.invalid_quantity', `Quantity ${quantity} is out of range.`);
  }
  return milli === 0 ? 0 : milli; // no -0
}

export function fromMilli(milli: number): number {
  return milli / MILLI;
}

/** Counted goods move in whole units; weighed goods in grams (thousandths of a kg). */
export function assertUnitQuantity(milli: number, unit: 'each' | 'weight'): void {
  if (unit === 'each' && milli % MILLI !== 0) {
    throw new QuantityError(
      'inventory.fractional_quantity',
      'This item is counted in whole units; use a whole number.',
    );
  }
}

/** A level crossed its reorder point downwards: the moment to tell someone, once. */
export function crossedReorderPoint(
  beforeMilli: number,
  afterMilli: number,
  reorderPointMilli: number | null,
): boolean {
  return (
    reorderPointMilli !== null && beforeMilli > reorderPointMilli && afterMilli <= reorderPointMilli
  );
}

export const ADJUSTMENT_REASONS = [
  'received',
  'damaged',
  'theft',
  'lost',
  'found',
  'expired',
  'correction',
  'sample',
  'return_to_vendor',
  'other',
] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

export const MOVEMENT_KINDS = [
  'received',
  'adjusted',
  'sold',
  'returned',
  'transferred_out',
  'transferred_in',
  'counted',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** The sign each kind of movement may have; the database checks the same rule. */
export function assertMovementSign(kind: MovementKind, milli: number): void {
  if (milli === 0)
    throw new QuantityError('inventory.zero_quantity', 'A stock movement cannot be zero.');
  const inbound = kind === 'received' || kind === 'returned' || kind === 'transferred_in';
  const outbound = kind === 'sold' || kind === 'transferred_out';
  if ((inbound && milli < 0) || (outbound && milli > 0)) {
    throw new QuantityError(
      'inventory.invalid_quantity',
      `A "${kind}" movement must be ${inbound ? 'positive' : 'negative'}.`,
    );
  }
}
