import { describe, expect, it } from 'vitest';
import { cartReducer, emptyCart } from './cart.ts';
import { gramsForPrice, scannedItemAction } from './label-price.ts';
import { usd, variant } from './testing.ts';
import { priceCart } from './totals.ts';

describe('scale and price labels', () => {
  const cheese = variant(2599, { unit: 'weight' });
  const jam = variant(450);

  it('finds the weight whose price is the label price, for every label a scale prints', () => {
    for (let grams = 1; grams <= 3000; grams += 1) {
      const label = Math.round((2599 * grams) / 1000);
      const found = gramsForPrice(2599, label, usd);
      const cart = cartReducer(emptyCart(), {
        type: 'addVariant',
        variant: cheese,
        quantityMilli: found,
      });
      expect(priceCart(cart, usd).lines[0]?.grossMinor).toBe(label);
    }
  });

  it('turns a lookup answer into the cart action', () => {
    expect(scannedItemAction(jam, null, usd)).toEqual({ type: 'addVariant', variant: jam });
    expect(scannedItemAction(cheese, { kind: 'weight', quantityMilli: 1234 }, usd)).toEqual({
      type: 'addVariant',
      variant: cheese,
      quantityMilli: 1234,
    });
    expect(scannedItemAction(cheese, { kind: 'price', priceMinor: 1300 }, usd)).toEqual({
      type: 'addVariant',
      variant: cheese,
      quantityMilli: 500,
      labelPriceMinor: 1300,
    });
    expect(scannedItemAction(jam, { kind: 'price', priceMinor: 299 }, usd)).toEqual({
      type: 'addVariant',
      variant: jam,
      labelPriceMinor: 299,
    });
  });
});
