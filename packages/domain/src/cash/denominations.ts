import type { CurrencyCode } from '../pricing/currency.ts';
import type { Minor } from '../pricing/money.ts';

/** One coin or note a drawer can hold, by value in the currency's minor unit. */
export interface Denomination {
  readonly valueMinor: Minor;
  readonly kind: 'coin' | 'note';
}

const coins = (...values: Minor[]): Denomination[] =>
  values.map((valueMinor) => ({ valueMinor, kind: 'coin' }));
const notes = (...values: Minor[]): Denomination[] =>
  values.map((valueMinor) => ({ valueMinor, kind: 'note' }));

// Coins and notes in everyday circulation, smallest first. A count is keyed by value, so where a
// coin and a note share one (the US dollar) it is listed once. Withdrawn small coins are left
// out on purpose (CAD 1¢, AUD 1¢/2¢, NZD 5¢, SEK öre, NOK 50 øre): a drawer never holds them, so
// a count naming one is a typo. Keyed by every currency the money engine knows, so adding a
// currency there without its cash here fails the type check.
const TABLE: Readonly<Record<CurrencyCode, readonly Denomination[]>> = {
  USD: [...coins(1, 5, 10, 25, 50), ...notes(100, 200, 500, 1000, 2000, 5000, 10000)],
  EUR: [
    ...coins(1, 2, 5, 10, 20, 50, 100, 200),
    ...notes(500, 1000, 2000, 5000, 10000, 20000, 50000),
  ],
  GBP: [...coins(1, 2, 5, 10, 20, 50, 100, 200), ...notes(500, 1000, 2000, 5000)],
  CAD: [...coins(5, 10, 25, 50, 100, 200), ...notes(500, 1000, 2000, 5000, 10000)],
  AUD: [...coins(5, 10, 20, 50, 100, 200), ...notes(500, 1000, 2000, 5000, 10000)],
  NZD: [...coins(10, 20, 50, 100, 200), ...notes(500, 1000, 2000, 5000, 10000)],
  CHF: [...coins(5, 10, 20, 50, 100, 200, 500), ...notes(1000, 2000, 5000, 10000, 20000, 100000)],
  SEK: [...coins(100, 200, 500, 1000), ...notes(2000, 5000, 10000, 20000, 50000, 100000)],
  NOK: [...coins(100, 500, 1000, 2000), ...notes(5000, 10000, 20000, 50000, 100000)],
  DKK: [...coins(50, 100, 200, 500, 1000, 2000), ...notes(5000, 10000, 20000, 50000, 100000)],
  JPY: [...coins(1, 5, 10, 50, 100, 500), ...notes(1000, 2000, 5000, 10000)],
  KRW: [...coins(10, 50, 100, 500), ...notes(1000, 5000, 10000, 50000)],
  // Three-decimal currencies: values in fils / baisa.
  KWD: [...coins(5, 10, 20, 50, 100), ...notes(250, 500, 1000, 5000, 10000, 20000)],
  BHD: [...coins(5, 10, 25, 50, 100), ...notes(500, 1000, 5000, 10000, 20000)],
  JOD: [...coins(5, 10, 50, 100, 250, 500), ...notes(1000, 5000, 10000, 20000, 50000)],
  OMR: [...coins(5, 10, 25, 50), ...notes(100, 200, 500, 1000, 5000, 10000, 20000, 50000)],
};

/** Currencies whose coins and notes are known, for the register's counting screen. */
export const DENOMINATION_CURRENCIES = Object.keys(TABLE) as CurrencyCode[];

/**
 * The coins and notes of a currency, smallest first; null for a currency the engine does not
 * list (a count in it is then checked for well-formed values only).
 */
export function denominationsOf(currency: string): readonly Denomination[] | null {
  return Object.hasOwn(TABLE, currency) ? TABLE[currency as CurrencyCode] : null;
}
