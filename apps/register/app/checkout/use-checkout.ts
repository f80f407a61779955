import { useCallback, useEffect, useRef, useState } from 'react';
import { type Cart, type CartAction, emptyCart } from '../sale/cart.ts';
import type { SaleContext } from '../sale/context.ts';
import { tryCartAction } from '../sale/guard.ts';
import { type CheckoutState, loadCheckout, saveCheckout } from './cart-store.ts';

// The open cart as React state, persisted to sessionStorage on every change. Actions go through
// tryCartAction, so the cart in state always prices; a refused action returns the reason.

export interface Checkout {
  readonly state: CheckoutState;
  /** Applies an action; null when applied, else the reason it was refused. */
  apply(action: CartAction): string | null;
  replace(cart: Cart, onServer?: boolean): void;
  markOnServer(): void;
  /** A fresh, empty cart (a new sale id). */
  reset(): void;
}

export function useCheckout(context: SaleContext | null): Checkout {
  const [state, setState] = useState<CheckoutState>(
    () => loadCheckout() ?? { cart: emptyCart(), onServer: false },
  );
  // Scans arrive faster than renders: actions apply to the latest cart, not the rendered one.
  const current = useRef(state);

  const commit = useCallback((next: CheckoutState) => {
    current.current = next;
    setState(next);
  }, []);

  useEffect(() => {
    saveCheckout(state);
  }, [state]);

  const apply = useCallback(
    (action: CartAction): string | null => {
      if (!context) return 'The catalog and tax settings have not been downloaded yet.';
      const result = tryCartAction(current.current.cart, action, context);
      if (!result.ok) return result.error.message;
      commit({ ...current.current, cart: result.cart });
      return null;
    },
    [context, commit],
  );

  return {
    state,
    apply,
    replace: (cart, onServer = false) => commit({ cart, onServer }),
    markOnServer: () => commit({ ...current.current, onServer: true }),
    reset: () => commit({ cart: emptyCart(), onServer: false }),
  };
}
