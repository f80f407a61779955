import { PricingError } from './errors.ts';

// Deliberately narrow: no '+', no exponent, no grouping, no leading zeros, no bare '.5' or '5.'.
// Anything looser is a locale or input-method concern for the UI, not for stored amounts.
const DECIMAL = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

/** Parses a plain decimal string into an integer scaled by 10^scale, refusing any rounding. */
export function parseScaled(text: string, scale: number, label: string): bigint {
  const match = typeof text === 'string' ? DECIMAL.exec(text) : null;
  if (!match) {
    throw new PricingError(
      'pricing.invalid_amount',
      `${label} must be a plain decimal number like "12.34", got ${JSON.stringify(text)}.`,
      { label, value: String(text) },
    );
  }
  const [, sign = '', whole = '0', fraction = ''] = match;
  if (fraction.length > scale) {
    throw new PricingError(
      'pricing.too_many_decimals',
      `${label} allows at most ${scale} decimal places, got ${JSON.stringify(text)}.`,
      { label, value: text, maxDecimals: scale },
    );
  }
  const magnitude = BigInt(whole + fraction.padEnd(scale, '0'));
  return sign === '-' ? -magnitude : magnitude;
}

/** Formats an integer scaled by 10^scale as a plain decimal string with exactly `scale` places. */
export function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}
