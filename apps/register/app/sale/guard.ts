import { isPricingError, type PricingError } from '@tillpoint/domain';
import { type Cart, type CartAction, cartReducer } from './cart.ts';
import type { SaleContext } from './context.ts';
import { SaleModelError } from './errors.ts';
import { type CartTotals, priceCart } from './totals.ts';

// The sell and tender screens change the cart only through here: an action is applied and the
// result priced before it is kept, so the cart in state always prices (the engine refuses a
// fixed discount over its amount, a card over the balance, ...) and the cashier sees why not.

export type CartActionResult =
  | { readonly ok: true; readonly cart: Cart; readonly totals: CartTotals }
  | { readonly ok: false; readonly error: PricingError | SaleModelError };

export function tryCartAction(
  cart: Cart,
  action: CartAction,
  context: SaleContext,
): CartActionResult {
  try {
    const next = cartReducer(cart, action);
    return { ok: true, cart: next, totals: priceCart(next, context) };
  } catch (error) {
    if (isPricingError(error) || error instanceof SaleModelError) return { ok: false, error };
    throw error;
  }
}
