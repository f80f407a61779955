import type { Currency } from './currency.ts';
import { formatScaled, parseScaled } from './decimal.ts';
import type { Minor } from './money.ts';
import { assertMinor, toSafeMinor } from './money.ts';

/**
 * The canonical decimal form ("-1234.50", "1200" for JPY): what APIs, exports and logs carry.
 * Grouping, symbols and locale belong to the UI (Intl.NumberFormat on this string's value).
 */
export function formatMinor(amount: Minor, currency: Currency): string {
  assertMinor(amount, 'Amount');
  return formatScaled(BigInt(amount), currency.exponent);
}

/** Strict inverse of formatMinor; fewer decimals than the currency has are padded ("12.5"). */
export function parseMinor(text: string, currency: Currency): Minor {
  const label = `${currency.code} amount`;
  return toSafeMinor(parseScaled(text, currency.exponent, label), label);
}
