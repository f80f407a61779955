import { divideRounded, priceSale } from '@tillpoint/domain';
import type { CachedVariant, CartAction } from './cart.ts';
import type { SaleContext } from './context.ts';

// Scanning a scale or markdown label (GET /catalog/lookup answers `embedded`). A weight label
// gives the line its grams. A price label on a weighed item is the scale's price for a weight it
// does not print: the line takes the weight whose price, as the engine extends it, is the
// label's, so the receipt shows the label's price without a manual override. A price label on a
// counted item is its price (an override, approved like any other).

export type EmbeddedReading =
  | { readonly kind: 'price'; readonly priceMinor: number }
  | { readonly kind: 'weight'; readonly quantityMilli: number };

/** The engine's price of `grams` of the item: one untaxed line through priceSale. */
function extendedPrice(unitPriceMinor: number, grams: number, context: SaleContext): number {
  const priced = priceSale({
    currency: context.currency,
    taxMode: 'exclusive',
    taxRounding: 'line',
    roundingMode: context.roundingMode,
    lines: [{ id: 'label', quantityMilli: grams, unitPriceMinor }],
  });
  return priced.lines[0]?.grossMinor ?? 0;
}

/**
 * The grams whose extended price is the label's price, nearest the plain quotient; when no
 * whole gram gives it exactly (a label from a scale rounding differently), the nearest weight.
 */
export function gramsForPrice(
  unitPriceMinor: number,
  labelPriceMinor: number,
  context: SaleContext,
): number {
  const estimate = Number(
    divideRounded(BigInt(labelPriceMinor) * 1000n, BigInt(unitPriceMinor), 'half_up'),
  );
  for (const offset of [0, -1, 1, -2, 2]) {
    const grams = estimate + offset;
    if (grams > 0 && extendedPrice(unitPriceMinor, grams, context) === labelPriceMinor)
      return grams;
  }
  return Math.max(estimate, 1);
}

/** The cart action for a scanned item and what its label carried (null: a plain barcode). */
export function scannedItemAction(
  variant: CachedVariant,
  embedded: EmbeddedReading | null,
  context: SaleContext,
): CartAction {
  if (embedded === null) return { type: 'addVariant', variant };
  if (embedded.kind === 'weight')
    return { type: 'addVariant', variant, quantityMilli: embedded.quantityMilli };
  if (variant.unit === 'weight' && variant.priceMinor > 0)
    return {
      type: 'addVariant',
      variant,
      quantityMilli: gramsForPrice(variant.priceMinor, embedded.priceMinor, context),
      labelPriceMinor: embedded.priceMinor,
    };
  return { type: 'addVariant', variant, labelPriceMinor: embedded.priceMinor };
}
