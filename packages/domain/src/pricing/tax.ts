import { allocateByWeights } from './allocate.ts';
import { PricingError } from './errors.ts';
import type { Fraction } from './fraction.ts';
import { addFractions, reduce, toCommonDenominator } from './fraction.ts';
import type { Minor } from './money.ts';
import { toSafeMinor } from './money.ts';
import type { RatePpm } from './rate.ts';
import { assertRatePpm, PPM } from './rate.ts';
import type { RoundingMode } from './rounding.ts';
import { divideRounded } from './rounding.ts';

/** Exclusive: prices are before tax and tax is added. Inclusive: shelf prices contain the tax. */
export type TaxMode = 'exclusive' | 'inclusive';

/** Round each line's tax, or round once per rate on the whole document and spread it back. */
export type TaxRounding = 'line' | 'document';

/**
 * One tax on a line. `id` identifies the jurisdiction across lines (per-rate totals are keyed by
 * it), so the same id must always carry the same rate. A compound rate is charged on the net plus
 * the taxes listed before it on the line (e.g. a provincial tax levied on top of a federal one);
 * otherwise every rate is charged on the net alone (state + city).
 */
export interface TaxRate {
  readonly id: string;
  readonly ratePpm: RatePpm;
  readonly compound?: boolean;
}

/** A line's rates as exact fractions of its net amount. */
export interface TaxProfile {
  readonly rates: readonly TaxRate[];
  /** Tax of each rate per unit of net. */
  readonly factors: readonly Fraction[];
  /** 1 + all factors: gross-with-tax per unit of net, the divisor for inclusive prices. */
  readonly multiplier: Fraction;
}

const ONE: Fraction = { n: 1n, d: 1n };

export function taxProfile(rates: readonly TaxRate[], label: string): TaxProfile {
  const factors: Fraction[] = [];
  let taxSoFar: Fraction = { n: 0n, d: 1n };
  const seen = new Set<string>();
  for (const rate of rates) {
    if (typeof rate.id !== 'string' || rate.id === '' || seen.has(rate.id)) {
      throw new PricingError(
        'pricing.invalid_rate',
        `${label} tax rates need distinct, non-empty ids, got ${JSON.stringify(rate.id)}.`,
        { label, rateId: String(rate.id) },
      );
    }
    seen.add(rate.id);
    const ppm = BigInt(assertRatePpm(rate.ratePpm, `${label} tax rate ${rate.id}`));
    // Preceding taxes enter a compound base unrounded, so the result is the same whichever
    // rounding setting is used and inclusive prices can be divided back exactly.
    const base = rate.compound === true ? addFractions(ONE, taxSoFar) : ONE;
    const factor = reduce({ n: base.n * ppm, d: base.d * PPM });
    factors.push(factor);
    taxSoFar = addFractions(taxSoFar, factor);
  }
  // Up to 100 % combined tax, each rate's rounded inclusive tax is at most twice its exact
  // value, so the taxes can never exceed the price they are extracted from.
  if (taxSoFar.n > taxSoFar.d) {
    throw new PricingError(
      'pricing.invalid_rate',
      `${label} tax rates add up to more than 100 % of the net amount.`,
      { label },
    );
  }
  return { rates, factors, multiplier: addFractions(ONE, taxSoFar) };
}

/** Unrounded tax of each rate on `amount` (net when exclusive, tax-inclusive when inclusive). */
function exactTaxes(amount: Minor, profile: TaxProfile, taxMode: TaxMode): Fraction[] {
  const big = BigInt(amount);
  const { multiplier } = profile;
  return profile.factors.map((factor) =>
    taxMode === 'exclusive'
      ? { n: big * factor.n, d: factor.d }
      : { n: big * factor.n * multiplier.d, d: factor.d * multiplier.n },
  );
}

export interface TaxableLine {
  /** Net amount (exclusive) or the tax-inclusive amount after discounts (inclusive). */
  readonly amountMinor: Minor;
  readonly profile: TaxProfile;
}

/**
 * Tax of every rate on every line, each rounded to minor units, in each profile's rate order.
 * With document rounding the per-rate document total is rounded once and spread back over the
 * lines by largest remainder, so per-line taxes still add up to the document's.
 */
export function computeTaxes(
  lines: readonly TaxableLine[],
  taxMode: TaxMode,
  taxRounding: TaxRounding,
  mode: RoundingMode,
): Minor[][] {
  const exact = lines.map((line) => exactTaxes(line.amountMinor, line.profile, taxMode));
  if (taxRounding === 'line') {
    return exact.map((taxes) =>
      taxes.map((tax) => toSafeMinor(divideRounded(tax.n, tax.d, mode), 'Tax')),
    );
  }

  const result = exact.map((taxes) => taxes.map(() => 0));
  const byRate = new Map<string, { line: number; position: number }[]>();
  lines.forEach((line, lineIndex) => {
    line.profile.rates.forEach((rate, position) => {
      const entries = byRate.get(rate.id) ?? [];
      entries.push({ line: lineIndex, position });
      byRate.set(rate.id, entries);
    });
  });
  // Inclusive tax comes out of the price, so what a line can still give up shrinks as each rate
  // takes its share; the caps keep every line's net at zero or above.
  const room = lines.map((line) => line.amountMinor);
  for (const entries of byRate.values()) {
    const fractions = entries.map(
      ({ line, position }) => exact[line]?.[position] ?? { n: 0n, d: 1n },
    );
    const { numerators, denominator } = toCommonDenominator(fractions);
    const weightSum = numerators.reduce((sum, weight) => sum + weight, 0n);
    const total = toSafeMinor(divideRounded(weightSum, denominator, mode), 'Tax');
    const caps = taxMode === 'inclusive' ? entries.map(({ line }) => room[line] ?? 0) : undefined;
    const shares = allocateByWeights(total, numerators, caps);
    entries.forEach(({ line, position }, index) => {
      const share = shares[index] ?? 0;
      const lineTaxes = result[line];
      if (lineTaxes) lineTaxes[position] = share;
      room[line] = (room[line] ?? 0) - share;
    });
  }
  return result;
}
