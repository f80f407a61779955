// Sale bodies built by the register's own sale model (apps/register/app/sale): the cart reducer,
// the money engine through priceCart, and toSubmitBody. The baseline's POSTs and the outbox
// entries written into the browser's IndexedDB are therefore exactly what the register sends.
import type {
  CatalogItem,
  SalesSettings,
  SubmitBody,
  TaxTable,
} from '../../../apps/register/app/api-types.ts';
import type { NewOutboxEntry } from '../../../apps/register/app/offline/records.ts';
import {
  type CachedVariant,
  type Cart,
  cartReducer,
  emptyCart,
} from '../../../apps/register/app/sale/cart.ts';
import { type SaleContext, saleContextOf } from '../../../apps/register/app/sale/context.ts';
import { toSubmitBody } from '../../../apps/register/app/sale/submit-body.ts';
import { cashDueMinor } from '../../../apps/register/app/sale/tender.ts';
import { priceCart } from '../../../apps/register/app/sale/totals.ts';
import type { Random } from '../support/synthetic-catalog.ts';

export type { NewOutboxEntry, SubmitBody };

/** A feed item as the sale model sees a cached variant. */
export function saleVariantOf(item: CatalogItem): CachedVariant {
  return {
    id: item.variantId,
    name: item.name,
    sku: item.sku,
    priceMinor: item.priceMinor,
    taxCategoryId: item.taxCategoryId,
    unit: item.unit === 'weight' ? 'weight' : 'each',
  };
}

export function contextOf(taxTable: TaxTable, settings: SalesSettings): SaleContext {
  return saleContextOf(taxTable, settings);
}

/** 1 to 3 distinct items sold by the unit, paid with exactly the cash due. */
export function cashSaleBody(
  variants: readonly CachedVariant[],
  context: SaleContext,
  random: Random,
  options: { readonly registerId: string; readonly offline: boolean },
): SubmitBody {
  const count = 1 + Math.floor(random() * 3);
  let cart: Cart = emptyCart();
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, variants.length))
    chosen.add(Math.floor(random() * variants.length));
  for (const index of chosen) {
    const variant = variants[index];
    if (!variant) throw new Error(`no variant at ${index}`);
    cart = cartReducer(cart, { type: 'addVariant', variant });
  }
  const due = cashDueMinor(priceCart(cart, context).balanceMinor, context);
  cart = cartReducer(cart, { type: 'addPayment', payment: { kind: 'cash', amountMinor: due } });
  return toSubmitBody(cart, context, {
    registerId: options.registerId,
    occurredAt: new Date().toISOString(),
    offline: options.offline,
    // As checkout/complete-offline-safe.ts references a sale made offline.
    ...(options.offline ? { offlineReference: `OFF-${cart.id.slice(-8).toUpperCase()}` } : {}),
  });
}

/** An outbox entry exactly as enqueueSale (apps/register/app/offline/outbox.ts) stores one. */
export function outboxEntryOf(body: SubmitBody, token: string, at: number): NewOutboxEntry {
  return {
    saleId: body.id,
    body,
    token,
    createdAt: at,
    attempts: 0,
    nextAttemptAt: at,
    state: 'pending',
  };
}
