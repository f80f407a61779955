import type { Minor } from '../pricing/money.ts';
import { CashError } from './errors.ts';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A money figure fed to the drawer: a whole, safe number of minor units, never negative. */
export function cashAmount(value: number, label: string): Minor {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new CashError(
      'cash.invalid_amount',
      `${label} must be a whole number of minor units, got ${String(value)}.`,
      { label, value: String(value) },
    );
  }
  if (value < 0) {
    throw new CashError('cash.invalid_amount', `${label} must not be negative, got ${value}.`, {
      label,
      value,
    });
  }
  return value;
}

/** A signed figure (a rounding difference): whole and safe, either sign. */
export function signedAmount(value: number, label: string): Minor {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new CashError(
      'cash.invalid_amount',
      `${label} must be a whole number of minor units, got ${String(value)}.`,
      { label, value: String(value) },
    );
  }
  return value;
}

/** Exact sum of signed terms; refuses rather than rounds when it leaves the safe range. */
export function exactSum(terms: readonly Minor[], label: string): Minor {
  let total = 0n;
  for (const term of terms) total += BigInt(term);
  if (total > MAX_SAFE || total < -MAX_SAFE) {
    throw new CashError(
      'cash.unsafe_total',
      `${label} is ${total} minor units, outside the safe integer range.`,
      { label, value: total.toString() },
    );
  }
  return Number(total);
}
