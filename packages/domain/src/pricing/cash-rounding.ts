import type { Minor } from './money.ts';
import { assertMinor, assertPositiveMinor } from './money.ts';
import type { RoundingMode } from './rounding.ts';
import { roundToIncrement } from './rounding.ts';

export interface CashRounding {
  readonly roundedMinor: Minor;
  /** rounded − exact: positive when the customer hands over more than the exact amount. */
  readonly differenceMinor: Minor;
}

/**
 * Rounds an amount settled in cash to the smallest coin (`incrementMinor`, e.g. 5 for CHF 0.05).
 * Only cash is rounded; the difference is booked to a cash-rounding account so the sale total
 * itself never changes. Half-up matches the national rules in CA/AU/CH/SE/NO/DK (ties only exist
 * for even increments, and those round up there).
 */
export function roundCash(
  amountMinor: Minor,
  incrementMinor: Minor,
  mode: RoundingMode = 'half_up',
): CashRounding {
  assertMinor(amountMinor, 'Cash amount');
  assertPositiveMinor(incrementMinor, 'Cash rounding increment');
  const roundedMinor = roundToIncrement(amountMinor, incrementMinor, mode);
  return { roundedMinor, differenceMinor: roundedMinor - amountMinor };
}
