import { PricingError } from './errors.ts';
import type { Minor } from './money.ts';
import type { RoundingMode } from './rounding.ts';
import { mulDivRounded } from './rounding.ts';

/**
 * Either a count of units or, for goods sold by weight or length, thousandths of the unit
 * (1.250 kg = 1250). Internally everything is thousandths so counted and weighed lines share one
 * code path; a count never rounds because ×1000 / 1000 is exact.
 */
export type Quantity =
  | { readonly quantity: number; readonly quantityMilli?: never }
  | { readonly quantityMilli: number; readonly quantity?: never };

export const MILLI_PER_UNIT = 1000;

export function toQuantityMilli(input: Quantity, label: string): number {
  const { quantity, quantityMilli } = input;
  if ((quantity === undefined) === (quantityMilli === undefined)) {
    throw new PricingError(
      'pricing.invalid_quantity',
      `${label} needs exactly one of quantity or quantityMilli.`,
      { label },
    );
  }
  const milli = quantity === undefined ? quantityMilli : quantity * MILLI_PER_UNIT;
  const given = quantity === undefined ? quantityMilli : quantity;
  if (
    typeof given !== 'number' ||
    !Number.isSafeInteger(given) ||
    milli === undefined ||
    !Number.isSafeInteger(milli) ||
    milli <= 0
  ) {
    throw new PricingError(
      'pricing.invalid_quantity',
      `${label} quantity must be a positive whole number${quantity === undefined ? ' of thousandths' : ''}, got ${String(given)}.`,
      { label, value: String(given) },
    );
  }
  return milli;
}

/** unit price × quantity, rounded once for weighed quantities. */
export function extendPrice(
  unitPriceMinor: Minor,
  quantityMilli: number,
  mode: RoundingMode,
  label: string,
): Minor {
  return mulDivRounded(
    unitPriceMinor,
    BigInt(quantityMilli),
    BigInt(MILLI_PER_UNIT),
    mode,
    `${label} amount`,
  );
}
