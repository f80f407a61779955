import { getCurrency } from '../pricing/currency.ts';
import { formatMinor } from '../pricing/format.ts';
import type { Minor } from '../pricing/money.ts';
import { denominationsOf } from './denominations.ts';
import { CashError } from './errors.ts';

/**
 * A drawer count as the register sends it: how many of each coin or note, keyed by the
 * denomination's value in minor units ({"2000": 3, "500": 4} is three 20s and four 5s).
 */
export type DenominationCounts = Readonly<Record<string, number>>;

export interface CountedCash {
  /** The same count with canonical keys, ready to store. */
  readonly counts: DenominationCounts;
  readonly totalMinor: Minor;
}

// Canonical decimal: no sign, no leading zero, no exponent or fraction ("0500" or "5e2" would
// name the same coin twice under different keys).
const DENOMINATION_KEY = /^[1-9][0-9]{0,15}$/;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function describeValue(valueMinor: Minor, currency: string): string {
  try {
    return formatMinor(valueMinor, getCurrency(currency));
  } catch {
    return `${valueMinor} minor units`;
  }
}

/**
 * Validates a count and totals it exactly. With a currency the engine knows, every denomination
 * must be one of its coins or notes, so a mistyped key cannot inflate (or shrink) the drawer.
 */
export function countCash(counts: DenominationCounts, currency?: string): CountedCash {
  if (typeof counts !== 'object' || counts === null || Array.isArray(counts)) {
    throw new CashError(
      'cash.invalid_count',
      'A cash count is an object of {"<denomination in minor units>": <how many>}.',
    );
  }
  const known = currency === undefined ? null : denominationsOf(currency);
  const allowed = known ? new Set(known.map((d) => d.valueMinor)) : null;
  const canonical: Record<string, number> = {};
  let total = 0n;
  for (const [key, count] of Object.entries(counts)) {
    const valueMinor = Number(key);
    if (!DENOMINATION_KEY.test(key) || !Number.isSafeInteger(valueMinor)) {
      throw new CashError(
        'cash.invalid_denomination',
        `"${key}" is not a denomination: use the coin's or note's value in minor units, e.g. "2000" for a 20 note in a currency with cents.`,
        { denomination: key },
      );
    }
    if (allowed && currency !== undefined && !allowed.has(valueMinor)) {
      const valid = (known ?? []).map((d) => describeValue(d.valueMinor, currency)).join(', ');
      throw new CashError(
        'cash.unknown_denomination',
        `${currency} has no ${describeValue(valueMinor, currency)} coin or note; count only ${valid}.`,
        { denomination: key, currency },
      );
    }
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
      throw new CashError(
        'cash.invalid_count',
        `The count of ${describeValue(valueMinor, currency ?? '')} must be a whole number of 0 or more, got ${String(count)}.`,
        { denomination: key, count: String(count) },
      );
    }
    canonical[key] = count;
    total += BigInt(valueMinor) * BigInt(count);
  }
  if (total > MAX_SAFE) {
    throw new CashError(
      'cash.unsafe_total',
      `This count adds up to ${total} minor units, more than any drawer can hold; check the counts.`,
      { totalMinor: total.toString() },
    );
  }
  return { counts: canonical, totalMinor: Number(total) };
}
