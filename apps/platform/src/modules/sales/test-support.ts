// Helpers for the sales tests: a shop with a paired register, a cashier and a manager signed in
// on it, items with tax and stock, and checks made as the migration owner (no RLS, no
// application code) so a test sees what is really stored.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { expect } from 'vitest';
import { type Caller, pairDevice, pinSignIn, type TestApp } from '../../testing/index.ts';
import { refusalChecks, wholeRows } from '../../testing/refusals.ts';
import { type Currency, openRegisterShop, type RegisterShop } from '../../testing/shops.ts';
import type { PaymentResultView, SaleView } from './sale-schemas.ts';

// Stock is the inventory module's: its helpers put it on the shelf and read it back.
export { onHand, stockUp } from '../inventory/test-support.ts';

export const api = (path: string) => `/api/v1${path}`;
const tag = () => randomBytes(3).toString('hex').toUpperCase();

export type Shop = RegisterShop;

/** The sales tests' shop: its manager is assigned to the one store, like the cashier. */
export function openShop(
  t: TestApp,
  name = 'Corner Shop',
  options: { currency?: Currency } = {},
): Promise<Shop> {
  return openRegisterShop(t, name, { ...options, managerInStoreOnly: true });
}

/** Another register (and paired device) in the shop's store, with the cashier signed in. */
export async function secondTill(
  t: TestApp,
  shop: Shop,
): Promise<{ registerId: string; till: Caller }> {
  const paired = await pairDevice(t.app, shop.manager.caller, shop.retailer.storeId);
  return {
    registerId: paired.registerId,
    till: await pinSignIn(t.app, paired.device, shop.cashier.id, shop.cashier.pin),
  };
}

export async function openDrawer(caller: Caller, registerId: string): Promise<string> {
  const response = await caller.post<{ id: string }>(
    api(`/registers/${registerId}/cash-sessions`),
    { counts: { '2000': 5, '500': 8, '100': 10 } },
  );
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id;
}

export async function salesSettings(caller: Caller, body: Record<string, unknown>): Promise<void> {
  const response = await caller.patch(api('/settings/sales'), body);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

/** A tax rate charged by a new default tax category (every product without one). */
export async function defaultTax(
  caller: Caller,
  rates: readonly { ratePpm: number; compound?: boolean }[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const rate of rates) {
    const response = await caller.post<{ id: string }>(api('/tax-rates'), {
      code: `R-${tag()}`,
      name: `Rate ${rate.ratePpm}`,
      ratePpm: rate.ratePpm,
      ...(rate.compound ? { compound: true } : {}),
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    ids.push(response.body.id);
  }
  const category = await caller.post<{ id: string }>(api('/catalog/tax-categories'), {
    name: `Standard ${tag()}`,
    code: `STD-${tag()}`,
    isDefault: true,
  });
  expect(category.status, JSON.stringify(category.body)).toBe(201);
  const set = await caller.put(api(`/tax-categories/${category.body.id}/rates`), {
    rateIds: ids,
  });
  expect(set.status, JSON.stringify(set.body)).toBe(200);
  return ids;
}

/** A one-variant product; returns the variant id. */
export async function createItem(
  caller: Caller,
  priceMinor: number,
  options: { unit?: 'each' | 'weight'; trackStock?: boolean } = {},
): Promise<string> {
  const sku = `SALE-${tag()}`;
  const response = await caller.post<{ variants: { id: string }[] }>(api('/catalog/products'), {
    name: `Item ${sku}`,
    ...(options.unit ? { unit: options.unit } : {}),
    ...(options.trackStock === undefined ? {} : { trackStock: options.trackStock }),
    variants: [{ sku, priceMinor, costMinor: Math.floor(priceMinor / 2) }],
  });
  const [variant] = response.body.variants ?? [];
  if (response.status !== 201 || !variant)
    throw new Error(`create product failed: ${JSON.stringify(response.body)}`);
  return variant.id;
}

// ---- driving a sale -----------------------------------------------------------------------------

export async function newSale(caller: Caller, body: Record<string, unknown> = {}) {
  const response = await caller.post<SaleView>(api('/sales'), body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

export async function addLine(caller: Caller, saleId: string, body: Record<string, unknown>) {
  const response = await caller.post<SaleView>(api(`/sales/${saleId}/lines`), body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** A success body, or an error's fields: tests read whichever came back. */
export type Answer<T> = T & {
  readonly code?: string;
  readonly message?: string;
  readonly details?: Record<string, unknown>;
};

export function pay(caller: Caller, saleId: string, body: Record<string, unknown>) {
  return caller.post<Answer<PaymentResultView>>(api(`/sales/${saleId}/payments`), body);
}

export async function paid(caller: Caller, saleId: string, body: Record<string, unknown>) {
  const response = await pay(caller, saleId, body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** A manager's approval of one action for the signed-in cashier. */
export async function approval(shop: Shop, action: string, caller = shop.till): Promise<string> {
  const response = await caller.post<{ id: string }>(api('/approvals'), {
    action,
    approverId: shop.manager.id,
    pin: shop.manager.pin,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id;
}

export const remove = (caller: Caller, path: string) => caller.request('DELETE', api(path));

// ---- customers and stored value ----------------------------------------------------------------

/** A customer (optionally tax exempt) holding store credit, made through the API. */
export async function createCustomer(
  caller: Caller,
  options: { taxExempt?: boolean; storeCreditMinor?: number } = {},
): Promise<string> {
  const created = await caller.post<{ id: string }>(api('/customers'), {
    name: `Customer ${tag()}`,
    ...(options.taxExempt ? { taxExempt: true, taxExemptReference: 'EXEMPT-1' } : {}),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const credit = options.storeCreditMinor ?? 0;
  if (credit > 0) {
    const adjusted = await caller.post(
      api(`/customers/${created.body.id}/store-credit/adjustments`),
      { amountMinor: credit, reason: 'Opening balance' },
    );
    expect(adjusted.status, JSON.stringify(adjusted.body)).toBe(201);
  }
  return created.body.id;
}

/** A gift card's balance as stored (read as the owner: what is really in the database). */
export async function giftCardBalance(owner: pg.Client, tenantId: string, last4: string) {
  const { rows } = await owner.query<{ balance: string }>(
    'select balance_minor as balance from gift_cards where tenant_id = $1 and code_last4 = $2',
    [tenantId, last4],
  );
  return rows[0] ? Number(rows[0].balance) : null;
}

export async function storeCredit(owner: pg.Client, customerId: string): Promise<number> {
  const { rows } = await owner.query<{ credit: string }>(
    'select store_credit_minor as credit from customers where id = $1',
    [customerId],
  );
  return Number(rows[0]?.credit ?? Number.NaN);
}

export async function movementsOf(owner: pg.Client, saleId: string) {
  const { rows } = await owner.query<{ kind: string; quantity: string; variant_id: string }>(
    `select kind, quantity_milli as quantity, variant_id from stock_movements
     where reference_type = 'sale' and reference_id = $1 order by id`,
    [saleId],
  );
  return rows.map((row) => ({
    kind: row.kind,
    variantId: row.variant_id,
    quantity: Number(row.quantity) / 1000,
  }));
}

// ---- refusals write nothing ---------------------------------------------------------------------

/** Refusals write nothing to the tables a sale writes (the outbox's published_at not compared). */
export const { fingerprint, expectRefusedWithoutTrace } = refusalChecks({
  ...wholeRows(
    [
      'sales',
      'sale_lines',
      'sale_payments',
      'receipt_numbers',
      'registers',
      'gift_cards',
      'gift_card_entries',
      'customers',
      'store_credit_entries',
      'stock_levels',
      'stock_movements',
      'approvals',
      'audit_events',
    ],
    [],
  ),
  ...wholeRows(['outbox']),
});
