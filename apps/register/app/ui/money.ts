import { parseMinor } from '@tillpoint/domain';
import type { SaleContext } from '../sale/context.ts';
import { formatMoney } from '../sale/format.ts';

// Typed amounts ("12.5", "12,50") to minor units through the engine's exact parser.

export function parseAmount(text: string, context: SaleContext): number | null {
  const cleaned = text.trim().replace(',', '.');
  if (cleaned === '') return null;
  try {
    const minor = parseMinor(cleaned, context.currency);
    return minor >= 0 ? minor : null;
  } catch {
    return null;
  }
}

export function money(minor: number, context: SaleContext): string {
  return formatMoney(minor, context.currency);
}

/** A percentage typed as "10" or "12.5" to parts per million. */
export function parsePercentPpm(text: string): number | null {
  const match = /^(\d{1,3})(?:[.,](\d{1,4}))?$/.exec(text.trim());
  if (!match) return null;
  const whole = Number(match[1]);
  const fraction = (match[2] ?? '').padEnd(4, '0');
  const ppm = whole * 10_000 + Number(fraction);
  return ppm <= 1_000_000 ? ppm : null;
}
