import { type Currency, formatMinor, getCurrency } from '@tillpoint/domain';

// Money on screen. The amount goes to Intl as the engine's exact decimal string (formatMinor),
// so no float ever touches it; Intl only adds the symbol, grouping and the locale's separators.

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: Currency, locale: string): Intl.NumberFormat {
  const key = `${locale}|${currency.code}|${currency.exponent}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: currency.code,
      // The engine's exponent, not Intl's table: they disagree for a few currencies.
      minimumFractionDigits: currency.exponent,
      maximumFractionDigits: currency.exponent,
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

export function formatMoney(
  minor: number,
  currency: string | Currency,
  locale: string = 'en',
): string {
  const resolved = typeof currency === 'string' ? getCurrency(currency) : currency;
  const decimal = formatMinor(minor, resolved) as Intl.StringNumericLiteral;
  return formatterFor(resolved, locale).format(decimal);
}
