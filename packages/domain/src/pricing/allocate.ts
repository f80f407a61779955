import { PricingError } from './errors.ts';
import type { Minor } from './money.ts';
import { assertNonNegativeMinor } from './money.ts';

/**
 * Splits `total` into whole parts proportional to `weights` (largest-remainder method): every part
 * is the floor of its exact share, and the units left over go one each to the largest fractional
 * remainders, ties to the earlier index. The parts always sum to `total`, and a part never exceeds
 * the ceiling of its exact share, so a share of at most a weight never exceeds that weight.
 */
export function allocateProportionally(total: Minor, weights: readonly Minor[]): Minor[] {
  assertNonNegativeMinor(total, 'Amount to allocate');
  const bigWeights = weights.map((weight, index) =>
    BigInt(assertNonNegativeMinor(weight, `Allocation weight ${index}`)),
  );
  return allocateByWeights(total, bigWeights);
}

/**
 * The engine-internal form: exact rational shares come in as BigInt weights over a common
 * denominator. `caps` bound individual parts (inclusive tax may not exceed what is left of a
 * line); units a capped part cannot take move on to the next remainders in order.
 */
export function allocateByWeights(
  total: Minor,
  weights: readonly bigint[],
  caps?: readonly Minor[],
): Minor[] {
  const parts = new Array<Minor>(weights.length).fill(0);
  if (total === 0) return parts;
  let weightSum = 0n;
  for (const weight of weights) weightSum += weight;
  if (weightSum <= 0n) {
    throw new PricingError(
      'pricing.invalid_allocation',
      `Cannot allocate ${total} across parts whose weights are all zero.`,
    );
  }

  const bigTotal = BigInt(total);
  const remainders = new Array<bigint>(weights.length).fill(0n);
  let left = total;
  weights.forEach((weight, index) => {
    const scaled = bigTotal * weight;
    const cap = caps?.[index] ?? Number.POSITIVE_INFINITY;
    const floor = Math.min(Number(scaled / weightSum), cap);
    parts[index] = floor;
    remainders[index] = scaled % weightSum;
    left -= floor;
  });
  if (left === 0) return parts;

  const order = weights
    .map((weight, index) => ({ weight, index }))
    .filter(({ weight }) => weight > 0n)
    .map(({ index }) => index)
    .sort((a, b) => {
      const ra = remainders[a] ?? 0n;
      const rb = remainders[b] ?? 0n;
      return ra === rb ? a - b : ra > rb ? -1 : 1;
    });
  // Without caps one pass always suffices (fewer leftover units than parts); with caps, units
  // that bounced off full parts go round again to the parts that still have room.
  while (left > 0) {
    let placed = false;
    for (const index of order) {
      if (left === 0) break;
      const part = parts[index] ?? 0;
      if (part < (caps?.[index] ?? Number.POSITIVE_INFINITY)) {
        parts[index] = part + 1;
        left -= 1;
        placed = true;
      }
    }
    if (!placed) {
      throw new PricingError(
        'pricing.invalid_allocation',
        `Cannot place ${left} more unit(s): every part is at its limit.`,
      );
    }
  }
  return parts;
}
