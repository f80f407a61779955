import { formatMinor, getCurrency } from '@tillpoint/domain';
import type { CsvSettings } from './config.ts';

/**
 * A spreadsheet runs a cell starting with = + - @ (or tab / carriage return) as a formula, so
 * "=HYPERLINK(...)" in a product or store name would run on the accountant's machine. A leading
 * apostrophe makes such a cell text in Excel, LibreOffice and Google Sheets (OWASP's advice).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function escapeCell(value: string, delimiter: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  const needsQuotes =
    safe.includes(delimiter) || safe.includes('"') || safe.includes('\n') || safe.includes('\r');
  return needsQuotes ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Minor units as a decimal with the currency's exponent: exact (BigInt), never a float. */
export function formatAmount(minor: number, currency: string, settings: CsvSettings): string {
  const text = formatMinor(minor, getCurrency(currency));
  return settings.decimalSeparator === '.' ? text : text.replace('.', settings.decimalSeparator);
}

/** An ISO date (YYYY-MM-DD) in the importer's order. */
export function formatDate(isoDate: string, format: CsvSettings['dateFormat']): string {
  const [year = '', month = '', day = ''] = isoDate.split('-');
  if (format === 'DD/MM/YYYY') return `${day}/${month}/${year}`;
  if (format === 'MM/DD/YYYY') return `${month}/${day}/${year}`;
  return isoDate;
}
