import type { Cart } from '../sale/cart.ts';

// Parked carts stay on this till (localStorage) until resumed: a customer who stepped away
// finds the basket after a reload or a change of cashier. A cart with payments cannot be
// parked (the money is already taken).

export interface ParkedCart {
  readonly cart: Cart;
  readonly parkedAt: string;
  readonly parkedBy: string;
  readonly label: string;
}

const KEY = 'tillpoint.register.parked';

export function loadParked(storage: Storage = localStorage): ParkedCart[] {
  try {
    const value: unknown = JSON.parse(storage.getItem(KEY) ?? '[]');
    return Array.isArray(value) ? (value as ParkedCart[]) : [];
  } catch {
    return [];
  }
}

function save(parked: readonly ParkedCart[], storage: Storage): void {
  storage.setItem(KEY, JSON.stringify(parked));
}

export function parkCart(entry: ParkedCart, storage: Storage = localStorage): ParkedCart[] {
  const next = [...loadParked(storage).filter((p) => p.cart.id !== entry.cart.id), entry];
  save(next, storage);
  return next;
}

/** Takes a parked cart out of the list and returns it (null when another tab resumed it). */
export function takeParked(cartId: string, storage: Storage = localStorage): ParkedCart | null {
  const parked = loadParked(storage);
  const found = parked.find((p) => p.cart.id === cartId) ?? null;
  save(
    parked.filter((p) => p.cart.id !== cartId),
    storage,
  );
  return found;
}
