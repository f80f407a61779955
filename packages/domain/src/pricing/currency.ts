import { PricingError } from './errors.ts';

/**
 * `exponent` is the ISO 4217 number of minor-unit digits. `cashIncrementMinor` is the smallest
 * amount physical cash can settle, in minor units: 1 means cash settles to the minor unit.
 */
export interface Currency {
  readonly code: string;
  readonly exponent: number;
  readonly cashIncrementMinor: number;
}

// Cash increments follow the smallest coin in everyday circulation. Where that is a per-country or
// per-merchant choice (EUR in FI/NL/BE/IE/IT/SK rounds to 0.05, US stores since the penny stopped
// being minted), the default is no rounding and the store overrides it via getCurrency().
const TABLE = {
  USD: { code: 'USD', exponent: 2, cashIncrementMinor: 1 },
  EUR: { code: 'EUR', exponent: 2, cashIncrementMinor: 1 },
  GBP: { code: 'GBP', exponent: 2, cashIncrementMinor: 1 },
  CAD: { code: 'CAD', exponent: 2, cashIncrementMinor: 5 }, // penny withdrawn 2013
  AUD: { code: 'AUD', exponent: 2, cashIncrementMinor: 5 }, // 1c and 2c withdrawn 1992
  NZD: { code: 'NZD', exponent: 2, cashIncrementMinor: 10 }, // 5c withdrawn 2006
  CHF: { code: 'CHF', exponent: 2, cashIncrementMinor: 5 }, // smallest coin 5 Rappen
  SEK: { code: 'SEK', exponent: 2, cashIncrementMinor: 100 }, // öre coins withdrawn 2010
  NOK: { code: 'NOK', exponent: 2, cashIncrementMinor: 100 }, // 50 øre withdrawn 2012
  DKK: { code: 'DKK', exponent: 2, cashIncrementMinor: 50 }, // smallest coin 50 øre
  JPY: { code: 'JPY', exponent: 0, cashIncrementMinor: 1 },
  KRW: { code: 'KRW', exponent: 0, cashIncrementMinor: 10 }, // 1 and 5 won coins do not circulate
  KWD: { code: 'KWD', exponent: 3, cashIncrementMinor: 5 }, // smallest coin 5 fils
  BHD: { code: 'BHD', exponent: 3, cashIncrementMinor: 5 }, // smallest coin 5 fils
  JOD: { code: 'JOD', exponent: 3, cashIncrementMinor: 5 }, // smallest coin half qirsh (5 fils)
  OMR: { code: 'OMR', exponent: 3, cashIncrementMinor: 5 }, // smallest coin 5 baisa
} as const satisfies Record<string, Currency>;

export type CurrencyCode = keyof typeof TABLE;

export const CURRENCY_CODES: readonly CurrencyCode[] = Object.keys(TABLE) as CurrencyCode[];

export interface CurrencyOverrides {
  readonly cashIncrementMinor?: number;
}

export function getCurrency(code: string, overrides: CurrencyOverrides = {}): Currency {
  const known = Object.hasOwn(TABLE, code) ? TABLE[code as CurrencyCode] : undefined;
  if (!known) {
    throw new PricingError(
      'pricing.unknown_currency',
      `Currency ${JSON.stringify(code)} is not supported; use one of ${CURRENCY_CODES.join(', ')} ` +
        'or define it with defineCurrency().',
      { currency: String(code) },
    );
  }
  if (overrides.cashIncrementMinor === undefined) return known;
  return defineCurrency({ ...known, cashIncrementMinor: overrides.cashIncrementMinor });
}

/** Validates a currency the table does not know (or a store-specific variant of one it does). */
export function defineCurrency(currency: Currency): Currency {
  const { code, exponent, cashIncrementMinor } = currency;
  if (typeof code !== 'string' || !/^[A-Z]{3}$/.test(code)) {
    throw new PricingError(
      'pricing.invalid_currency',
      `Currency code must be three capital letters, got ${JSON.stringify(code)}.`,
    );
  }
  if (!Number.isInteger(exponent) || exponent < 0 || exponent > 6) {
    throw new PricingError(
      'pricing.invalid_currency',
      `${code} exponent must be a whole number from 0 to 6, got ${String(exponent)}.`,
    );
  }
  if (!Number.isSafeInteger(cashIncrementMinor) || cashIncrementMinor < 1) {
    throw new PricingError(
      'pricing.invalid_currency',
      `${code} cash increment must be a positive whole number of minor units, got ${String(cashIncrementMinor)}.`,
    );
  }
  return Object.freeze({ code, exponent, cashIncrementMinor });
}

export function resolveCurrency(currency: string | Currency): Currency {
  return typeof currency === 'string' ? getCurrency(currency) : defineCurrency(currency);
}
