import type { Cart } from '../sale/cart.ts';

// The open cart lives in sessionStorage: a reload keeps it, switching cashier keeps it (it is
// not anyone's), and closing the tab drops an unpaid basket as a closed till would.

const KEY = 'tillpoint.register.cart';

export interface CheckoutState {
  readonly cart: Cart;
  /** The cart also exists as an open sale on the server (a card payment was started). */
  readonly onServer: boolean;
}

function isCart(value: unknown): value is Cart {
  if (typeof value !== 'object' || value === null) return false;
  const cart = value as Record<string, unknown>;
  return typeof cart.id === 'string' && Array.isArray(cart.lines) && Array.isArray(cart.payments);
}

export function loadCheckout(storage: Storage = sessionStorage): CheckoutState | null {
  const text = storage.getItem(KEY);
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as { cart?: unknown; onServer?: unknown };
    return isCart(value.cart) ? { cart: value.cart, onServer: value.onServer === true } : null;
  } catch {
    return null;
  }
}

export function saveCheckout(state: CheckoutState, storage: Storage = sessionStorage): void {
  storage.setItem(KEY, JSON.stringify(state));
}
