import { AppError } from '../errors.ts';

const TIME_ZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** Rejects unknown IANA zones, ISO currencies and countries with a message naming the field. */
export function assertLocale(input: {
  timezone?: string;
  currency?: string;
  country?: string;
}): void {
  if (input.timezone !== undefined && !TIME_ZONES.has(input.timezone)) {
    throw new AppError(
      'validation.timezone',
      `"${input.timezone}" is not an IANA time zone (e.g. America/New_York).`,
      {
        field: 'timezone',
      },
    );
  }
  if (input.currency !== undefined && !CURRENCIES.has(input.currency)) {
    throw new AppError(
      'validation.currency',
      `"${input.currency}" is not an ISO 4217 currency code.`,
      {
        field: 'currency',
      },
    );
  }
  if (input.country !== undefined && !REGION_NAMES.of(input.country)) {
    throw new AppError(
      'validation.country',
      `"${input.country}" is not an ISO 3166 country code.`,
      {
        field: 'country',
      },
    );
  }
}

/**
 * The BCP 47 locale documents are printed in: the tenant's chosen one when it is a valid tag,
 * else the country's most likely language (Intl's likely-subtags data: CA -> en-CA, FR -> fr-FR).
 */
export function localeOf(country: string, preferred?: unknown): string {
  if (typeof preferred === 'string' && preferred.length > 0) {
    try {
      return new Intl.Locale(preferred).toString();
    } catch {
      // An unusable stored preference falls back to the country's language.
    }
  }
  try {
    const language = new Intl.Locale(`und-${country}`).maximize().language;
    return new Intl.Locale(language, { region: country }).toString();
  } catch {
    return 'en-US';
  }
}
