import { formatScaled, parseScaled } from './decimal.ts';
import { PricingError } from './errors.ts';
import type { Minor } from './money.ts';
import { assertMinor, toSafeMinor } from './money.ts';
import type { RoundingMode } from './rounding.ts';
import { mulDivRounded } from './rounding.ts';

/**
 * A rate (tax or percentage discount) as an integer number of parts per million:
 * 1_000_000 is 100 %, 88_750 is 8.875 %. Basis points (0.01 %) cannot hold real tax rates such as
 * 8.875 % (New York City), 9.975 % (Quebec QST) or 7.0625 %; ppm (0.0001 %) holds every published
 * rate exactly and keeps amount × rate inside BigInt arithmetic with no float anywhere.
 */
export type RatePpm = number;

export const PPM_PER_WHOLE = 1_000_000;
export const PPM = 1_000_000n;

// Percent strings carry at most 4 decimals because 1 ppm is 0.0001 %.
const PERCENT_DECIMALS = 4;

export function assertRatePpm(value: number, label: string, maxPpm = PPM_PER_WHOLE): RatePpm {
  if (!Number.isSafeInteger(value) || value < 0 || value > maxPpm) {
    throw new PricingError(
      'pricing.invalid_rate',
      `${label} must be a whole number of parts per million from 0 to ${maxPpm}, got ${String(value)}.`,
      { label, value: String(value) },
    );
  }
  return value;
}

/** "8.875" (percent) → 88_750 ppm. Refuses anything that would need rounding. */
export function percentToPpm(percent: string): RatePpm {
  try {
    const ppm = toSafeMinor(parseScaled(percent, PERCENT_DECIMALS, 'Percentage'), 'Percentage');
    return assertRatePpm(ppm, 'Percentage', Number.MAX_SAFE_INTEGER);
  } catch (error) {
    if (error instanceof PricingError && error.code !== 'pricing.invalid_rate') {
      throw new PricingError(
        'pricing.invalid_rate',
        `Percentage must be a non-negative decimal with at most ${PERCENT_DECIMALS} places, ` +
          `got ${JSON.stringify(percent)}.`,
        { value: String(percent) },
      );
    }
    throw error;
  }
}

/** 88_750 ppm → "8.875"; trailing zeros trimmed because rates are labels, not amounts. */
export function ppmToPercent(ratePpm: RatePpm): string {
  assertRatePpm(ratePpm, 'Rate', Number.MAX_SAFE_INTEGER);
  const fixed = formatScaled(BigInt(ratePpm), PERCENT_DECIMALS);
  return fixed.replace(/\.?0+$/, '');
}

/** amount × rate, rounded once. */
export function applyRate(amount: Minor, ratePpm: RatePpm, mode: RoundingMode): Minor {
  assertMinor(amount, 'Amount');
  assertRatePpm(ratePpm, 'Rate', Number.MAX_SAFE_INTEGER);
  return mulDivRounded(amount, BigInt(ratePpm), PPM, mode, 'Rate amount');
}
