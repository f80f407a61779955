import { getCurrency } from '../pricing/currency.ts';
import { formatScaled } from '../pricing/decimal.ts';
import { formatMinor } from '../pricing/format.ts';
import { MILLI_PER_UNIT } from '../pricing/quantity.ts';
import { printable } from './printable.ts';

// How figures look on a receipt. Amounts reach Intl as exact decimal strings ("1234.50"), never
// as floats, so the printed digits are the stored minor units whatever their size.

type DecimalString = `${number}`;

const moneyFormatters = new Map<string, Intl.NumberFormat>();

function moneyFormatter(
  locale: string,
  currency: string,
  exponent: number,
  signed: boolean,
): Intl.NumberFormat {
  const key = `${locale}|${currency}|${signed}`;
  let formatter = moneyFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      // The currency table, not the locale, decides the minor unit (KWD has 3, JPY none).
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
      signDisplay: signed ? 'exceptZero' : 'auto',
    });
    moneyFormatters.set(key, formatter);
  }
  return formatter;
}

export interface ReceiptMoneyOptions {
  /** Show "+" on positive amounts (cash rounding, where the direction matters). */
  readonly signed?: boolean;
}

/** "$1,234.50", "¥1,200", "KWD 1.250", "1 234,50 €": locale style, currency exponent, exact. */
export function formatReceiptMoney(
  minor: number,
  currency: string,
  locale: string,
  options: ReceiptMoneyOptions = {},
): string {
  const known = getCurrency(currency);
  const exact = formatMinor(minor, known) as DecimalString;
  return printable(
    moneyFormatter(locale, known.code, known.exponent, options.signed ?? false).format(exact),
  );
}

/** "2" for counted goods, "0.250 kg" for weighed ones (always three decimals, exact). */
export function formatReceiptQuantity(
  quantityMilli: number,
  unit: 'each' | 'weight',
  locale = 'en-US',
): string {
  if (unit === 'each') {
    const whole = formatScaled(BigInt(quantityMilli), 3).replace(/\.0+$/, '');
    return printable(new Intl.NumberFormat(locale).format(whole as DecimalString));
  }
  const kilograms = formatScaled(BigInt(quantityMilli), 3) as DecimalString;
  const text = new Intl.NumberFormat(locale, {
    minimumFractionDigits: 3,
    maximumFractionDigits: 3,
  }).format(kilograms);
  return printable(`${text} kg`);
}

/** Whether a counted quantity is a whole number of units (weights may be any thousandth). */
export function isWholeQuantity(quantityMilli: number): boolean {
  return quantityMilli % MILLI_PER_UNIT === 0;
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/** The sale's instant as the store's clock showed it ("Mar 1, 2025, 9:04 AM"). */
export function formatReceiptDateTime(issuedAt: string, timeZone: string, locale: string): string {
  const key = `${locale}|${timeZone}`;
  let formatter = dateFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      timeZone,
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    dateFormatters.set(key, formatter);
  }
  return printable(formatter.format(new Date(issuedAt)));
}
