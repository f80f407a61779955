import { type Cart, type CartAction, cartReducer, emptyCart } from '../sale/cart.ts';
import type { SaleContext } from '../sale/context.ts';
import { RATE_CITY, RATE_STATE } from '../sale/testing.ts';
import { priceCart } from '../sale/totals.ts';
import type { CompletedSale } from '../ui/receipt-model.ts';
import type { ProfilePrinter, ReceiptProfile } from './profile.ts';

// Fixtures for the local receipt tests: a receipt profile as the platform serves it and a sale
// completed through the outbox, as the tender screen hands it to the receipt panel.

export const escposPrinter: ProfilePrinter = {
  plugin: 'printer-escpos',
  version: '0.1.0',
  settings: { paperWidthMm: 80 },
};

export function profile(overrides: Partial<ReceiptProfile> = {}): ReceiptProfile {
  return {
    registerId: '0195f0a0-0000-7000-8000-0000000000a1',
    storeId: '0195f0a0-0000-7000-8000-0000000000a2',
    store: {
      name: 'Corner Store',
      addressLines: ['1 Main St', 'Springfield, IL 62701'],
      phone: '555-0100',
      taxNumber: null,
    },
    registerName: 'Till 1',
    locale: 'en-US',
    timeZone: 'America/Chicago',
    headerLines: ['Welcome'],
    footerLines: ['Thank you!'],
    taxRates: [
      { id: RATE_STATE, name: 'State tax' },
      { id: RATE_CITY, name: 'City tax' },
    ],
    printer: escposPrinter,
    ...overrides,
  };
}

/** Applies actions in order (each must be accepted) and completes the sale as the outbox does. */
export function completedSale(
  context: SaleContext,
  actions: readonly CartAction[],
  options: { offline?: boolean; cart?: Cart } = {},
): CompletedSale {
  const sale = completed(cartOf(actions, options.cart), context, options.offline ?? true);
  if (!sale.totals.paidInFull) throw new Error('the fixture sale is not paid in full');
  return sale;
}

export function cartOf(actions: readonly CartAction[], start: Cart = emptyCart()): Cart {
  return actions.reduce(cartReducer, start);
}

export function completed(cart: Cart, context: SaleContext, offline = true): CompletedSale {
  const totals = priceCart(cart, context);
  return {
    saleId: cart.id,
    via: 'outbox',
    cart,
    totals,
    context,
    payments: cart.payments,
    receiptNumber: null,
    offline,
    customerName: cart.customer?.name ?? null,
    completedAt: '2026-03-14T15:09:26.000Z',
    drawerJobId: null,
  };
}
