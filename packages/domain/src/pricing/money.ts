import { PricingError } from './errors.ts';

/**
 * An amount in the currency's minor unit (cents, yen, fils). Always a safe integer: above 2^53
 * a `number` silently loses units, and a fraction means a float slipped in somewhere upstream.
 */
export type Minor = number;

export function assertMinor(value: number, label: string): Minor {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new PricingError(
      'pricing.invalid_amount',
      `${label} must be a whole number of minor units, got ${String(value)}.`,
      { label, value: String(value) },
    );
  }
  if (!Number.isSafeInteger(value)) {
    throw new PricingError(
      'pricing.unsafe_integer',
      `${label} is ${String(value)}, outside the safe integer range (±${Number.MAX_SAFE_INTEGER}).`,
      { label, value: String(value) },
    );
  }
  return value;
}

export function assertNonNegativeMinor(value: number, label: string): Minor {
  assertMinor(value, label);
  if (value < 0) {
    throw new PricingError(
      'pricing.negative_amount',
      `${label} must not be negative, got ${value}.`,
      {
        label,
        value,
      },
    );
  }
  return value;
}

export function assertPositiveMinor(value: number, label: string): Minor {
  assertNonNegativeMinor(value, label);
  if (value === 0) {
    throw new PricingError('pricing.invalid_amount', `${label} must be greater than zero.`, {
      label,
    });
  }
  return value;
}

/** Brings a BigInt intermediate back to a `number`, refusing rather than losing precision. */
export function toSafeMinor(value: bigint, label: string): Minor {
  if (value > MAX_SAFE || value < MIN_SAFE) {
    throw new PricingError(
      'pricing.unsafe_integer',
      `${label} is ${value}, outside the safe integer range (±${Number.MAX_SAFE_INTEGER}).`,
      { label, value: value.toString() },
    );
  }
  return Number(value);
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

/** Addition that refuses to round: the sum of two safe integers can exceed 2^53. */
export function addMinor(a: Minor, b: Minor, label = 'sum'): Minor {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) {
    return toSafeMinor(BigInt(a) + BigInt(b), label);
  }
  return sum;
}

export function sumMinor(values: readonly Minor[], label = 'sum'): Minor {
  let total = 0;
  for (const value of values) total = addMinor(total, value, label);
  return total;
}
