/** An exact non-negative rational, used only inside the engine to carry unrounded tax. */
export interface Fraction {
  readonly n: bigint;
  readonly d: bigint;
}

export function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function reduce({ n, d }: Fraction): Fraction {
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

export function addFractions(a: Fraction, b: Fraction): Fraction {
  return a.d === b.d
    ? { n: a.n + b.n, d: a.d }
    : reduce({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
}

/**
 * Rewrites fractions over their least common denominator so they can be compared and allocated
 * as plain BigInt weights.
 */
export function toCommonDenominator(fractions: readonly Fraction[]): {
  numerators: bigint[];
  denominator: bigint;
} {
  let denominator = 1n;
  for (const { d } of fractions) {
    if (d !== denominator) denominator = (denominator / gcd(denominator, d)) * d;
  }
  return { numerators: fractions.map(({ n, d }) => n * (denominator / d)), denominator };
}
