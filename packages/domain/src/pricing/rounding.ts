import { PricingError } from './errors.ts';
import type { Minor } from './money.ts';
import { toSafeMinor } from './money.ts';

/**
 * How a value exactly halfway between two minor units is resolved. Both modes are symmetric
 * around zero: rounding works on the magnitude and the sign is put back, so -2.5 half_up is -3
 * (away from zero) and a refund rounds exactly like the sale it mirrors.
 */
export type RoundingMode = 'half_up' | 'half_even';

export const ROUNDING_MODES: readonly RoundingMode[] = ['half_up', 'half_even'];

export function assertRoundingMode(mode: string): RoundingMode {
  if (mode !== 'half_up' && mode !== 'half_even') {
    throw new PricingError(
      'pricing.invalid_option',
      `Rounding mode must be one of ${ROUNDING_MODES.join(', ')}, got ${String(mode)}.`,
      { option: 'roundingMode', value: String(mode) },
    );
  }
  return mode;
}

/**
 * What divideRounded accepts: the two sale rounding modes, plus half_down (ties toward zero),
 * which refunds use for the parts that must round against the net so the two sum exactly.
 */
export type DivisionRounding = RoundingMode | 'half_down';

/**
 * numerator / denominator rounded to an integer. The one place the engine rounds: every tax,
 * discount, weight price, pro-rata refund and cash rounding goes through here, so a rule change
 * (or a bug) shows up everywhere at once.
 */
export function divideRounded(
  numerator: bigint,
  denominator: bigint,
  mode: DivisionRounding,
): bigint {
  if (denominator === 0n) {
    throw new PricingError('pricing.division_by_zero', 'Cannot divide an amount by zero.');
  }
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let quotient = n / d;
  const twiceRemainder = (n % d) * 2n;
  if (twiceRemainder > d || (twiceRemainder === d && roundsTieUp(mode, quotient))) {
    quotient += 1n;
  }
  return negative ? -quotient : quotient;
}

function roundsTieUp(mode: DivisionRounding, quotient: bigint): boolean {
  if (mode === 'half_up') return true;
  if (mode === 'half_down') return false;
  return quotient % 2n === 1n;
}

/** value × multiplier / divisor, exact in BigInt and rounded once, back as a safe integer. */
export function mulDivRounded(
  value: Minor,
  multiplier: bigint,
  divisor: bigint,
  mode: RoundingMode,
  label: string,
): Minor {
  return toSafeMinor(divideRounded(BigInt(value) * multiplier, divisor, mode), label);
}

/** Nearest multiple of `increment` (e.g. 5 for 0.05 cash rounding). */
export function roundToIncrement(amount: Minor, increment: Minor, mode: RoundingMode): Minor {
  if (increment === 1) return amount;
  const big = BigInt(increment);
  return toSafeMinor(divideRounded(BigInt(amount), big, mode) * big, 'rounded amount');
}
