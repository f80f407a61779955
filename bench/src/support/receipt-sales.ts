// Completed sales for the receipt benchmark, rung up with the register's own sale model (cart
// reducer, money engine, toSubmitBody) so the platform stores exactly what the register holds:
// 3-12 lines, tax, a discount (a line's or the order's, within a cashier's limit) and a split
// tender (part on an external card terminal, the rest in cash with change).
import { ok } from '@tillpoint/api-client';
import type { SalesSettings, TaxTable } from '../../../apps/register/app/api-types.ts';
import type { ReceiptProfile } from '../../../apps/register/app/receipt/profile.ts';
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
import type { CompletedSale } from '../../../apps/register/app/ui/receipt-model.ts';
import { readFeed } from '../register/node-baselines.ts';
import { saleVariantOf } from '../register/sale-bodies.ts';
import type { SalesTenant } from './sales-tenants.ts';
import type { Random } from './synthetic-catalog.ts';

/** What a signed-in register caches to sell and print offline. */
export interface RegisterCaches {
  readonly variants: readonly CachedVariant[];
  readonly context: SaleContext;
  readonly profile: ReceiptProfile;
}

export async function readCaches(baseUrl: string, tenant: SalesTenant): Promise<RegisterCaches> {
  const register = tenant.registers[0];
  if (!register) throw new Error('the tenant has no register');
  const api = register.client.api;
  const taxTable: TaxTable = await ok(
    api.GET('/api/v1/stores/{storeId}/tax-table', {
      params: { path: { storeId: tenant.storeId } },
    }),
  );
  const settings: SalesSettings = await ok(api.GET('/api/v1/settings/sales'));
  const profile: ReceiptProfile = await ok(
    api.GET('/api/v1/registers/{id}/receipt-profile', {
      params: { path: { id: register.registerId } },
    }),
  );
  const feed = await readFeed(baseUrl, register.token, tenant.storeId, 500);
  return {
    variants: feed.items.map(saleVariantOf),
    context: saleContextOf(taxTable, settings),
    profile,
  };
}

function pick<T>(items: readonly T[], random: Random): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('nothing to pick from');
  return item;
}

/** A paid cart as a cashier rings it up; same seed, same cart (ids aside). */
export function ringUp(caches: RegisterCaches, random: Random): Cart {
  let cart = emptyCart();
  const lineCount = 3 + Math.floor(random() * 10);
  for (let index = 0; index < lineCount; index += 1) {
    const lineId = crypto.randomUUID();
    cart = cartReducer(cart, {
      type: 'addVariant',
      variant: pick(caches.variants, random),
      lineId,
    });
    const quantity = 1 + Math.floor(random() * 3);
    if (quantity > 1)
      cart = cartReducer(cart, { type: 'setQuantity', lineId, quantityMilli: quantity * 1000 });
  }
  const firstLine = cart.lines[0];
  if (!firstLine) throw new Error('empty cart');
  // 5 %: under any cashier limit the platform ships with, so no manager approval is needed.
  cart =
    random() < 0.5
      ? cartReducer(cart, { type: 'setOrderDiscount', discount: { kind: 'percent', ppm: 50_000 } })
      : cartReducer(cart, {
          type: 'setLineDiscount',
          lineId: firstLine.id,
          discount: { kind: 'percent', ppm: 50_000 },
        });
  const total = priceCart(cart, caches.context).totalMinor;
  const onCard = Math.max(1, Math.floor(total * (0.3 + random() * 0.4)));
  cart = cartReducer(cart, {
    type: 'addPayment',
    payment: {
      kind: 'external',
      amountMinor: onCard,
      reference: `AUTH${Math.floor(random() * 1e6)}`,
    },
  });
  const due = cashDueMinor(priceCart(cart, caches.context).balanceMinor, caches.context);
  // Cash handed over in whole $5 notes: the receipt shows change.
  const tendered = Math.ceil((due + 1) / 500) * 500;
  return cartReducer(cart, {
    type: 'addPayment',
    payment: { kind: 'cash', amountMinor: tendered },
  });
}

/** Submits the cart online (POST /sales/submit) and returns it as the register then holds it. */
export async function submitSale(
  tenant: SalesTenant,
  caches: RegisterCaches,
  cart: Cart,
): Promise<CompletedSale> {
  const register = tenant.registers[0];
  if (!register) throw new Error('the tenant has no register');
  const totals = priceCart(cart, caches.context);
  if (!totals.paidInFull) throw new Error('the cart is not paid in full');
  const completedAt = new Date().toISOString();
  await ok(
    register.client.api.POST('/api/v1/sales/submit', {
      body: toSubmitBody(cart, caches.context, {
        registerId: register.registerId,
        occurredAt: completedAt,
        offline: false,
      }),
    }),
  );
  return {
    saleId: cart.id,
    via: 'server',
    cart,
    totals,
    context: caches.context,
    payments: cart.payments,
    receiptNumber: null,
    offline: false,
    customerName: null,
    completedAt,
    drawerJobId: null,
  };
}
