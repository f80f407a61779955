import { PricingError } from './errors.ts';
import type { Minor } from './money.ts';
import { assertNonNegativeMinor } from './money.ts';
import type { RatePpm } from './rate.ts';
import { assertRatePpm, PPM } from './rate.ts';
import type { RoundingMode } from './rounding.ts';
import { mulDivRounded } from './rounding.ts';

/**
 * A percentage (ppm of the amount, at most 100 %) or a fixed amount off the whole line or order,
 * not per unit. Both apply to prices as shown, so to tax-inclusive prices in inclusive mode.
 */
export type Discount =
  | { readonly kind: 'percent'; readonly ratePpm: RatePpm }
  | { readonly kind: 'fixed'; readonly amountMinor: Minor };

/**
 * The discount in minor units on `baseMinor`. A fixed discount larger than the amount is refused
 * (`pricing.discount_exceeds_amount`) rather than capped: silently capping would hide a cashier's
 * typo (10000 for 100.00) and the server must report it, not book a different discount.
 */
export function discountAmount(
  baseMinor: Minor,
  discount: Discount,
  mode: RoundingMode,
  label: string,
): Minor {
  if (discount.kind === 'percent') {
    const ppm = assertRatePpm(discount.ratePpm, `${label} percentage`);
    // ppm ≤ 100 % keeps round(base × rate) ≤ base, so no cap is needed here.
    return mulDivRounded(baseMinor, BigInt(ppm), PPM, mode, label);
  }
  if (discount.kind === 'fixed') {
    const amount = assertNonNegativeMinor(discount.amountMinor, label);
    if (amount > baseMinor) {
      throw new PricingError(
        'pricing.discount_exceeds_amount',
        `${label} of ${amount} exceeds the ${baseMinor} it applies to.`,
        { label, discountMinor: amount, amountMinor: baseMinor },
      );
    }
    return amount;
  }
  throw new PricingError(
    'pricing.invalid_option',
    `${label} kind must be 'percent' or 'fixed', got ${String((discount as { kind?: unknown }).kind)}.`,
  );
}
