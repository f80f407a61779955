// Helpers for the sales tests: a shop with a paired register, a cashier and a manager signed in
// on it, items with tax and stock, and checks made as the migration owner (no RLS, no
// application code) so a test sees what is really stored.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { expect } from 'vitest';
import {
  addStaff,
  Caller,
  pairDevice,
  pinSignIn,
  type Response,
  type Retailer,
  type StaffMember,
  signIn,
  signUpRetailer,
  TEST_PASSWORD,
  type TestApp,
  uniqueEmail,
} from '../../testing/index.ts';
import type { PaymentResultView, SaleView } from './sale-schemas.ts';

export const api = (path: string) => `/api/v1${path}`;
const tag = () => randomBytes(3).toString('hex').toUpperCase();

export interface Shop {
  readonly retailer: Retailer;
  readonly manager: StaffMember;
  readonly cashier: StaffMember;
  readonly registerId: string;
  readonly device: Caller;
  /** The cashier's PIN session on the register's paired device. */
  readonly till: Caller;
  /** The manager's PIN session on the same device. */
  readonly managerTill: Caller;
}

/** A retailer in another currency (signUpRetailer makes USD ones). */
async function signUpIn(t: TestApp, name: string, currency: string): Promise<Retailer> {
  if (currency === 'USD') return signUpRetailer(t.app, name);
  const ownerEmail = uniqueEmail('owner');
  const response = await new Caller(t.app).post<{
    tenantId: string;
    storeId: string;
    userId: string;
  }>(api('/signup'), {
    businessName: name,
    ownerName: 'Pat Owner',
    email: ownerEmail,
    password: TEST_PASSWORD,
    country: currency === 'CAD' ? 'CA' : 'US',
    currency,
    timezone: 'America/Toronto',
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  const session = await signIn(t.app, ownerEmail, TEST_PASSWORD);
  if (!session.caller) throw new Error('owner sign-in failed');
  return {
    tenantId: response.body.tenantId,
    storeId: response.body.storeId,
    ownerId: response.body.userId,
    ownerEmail,
    owner: session.caller,
  };
}

export async function openShop(
  t: TestApp,
  name = 'Corner Shop',
  options: { currency?: string } = {},
): Promise<Shop> {
  const retailer = await signUpIn(t, name, options.currency ?? 'USD');
  const manager = await addStaff(t.app, retailer, 'manager', { storeIds: [retailer.storeId] });
  const cashier = await addStaff(t.app, retailer, 'cashier', { storeIds: [retailer.storeId] });
  const paired = await pairDevice(t.app, manager.caller, retailer.storeId);
  return {
    retailer,
    manager,
    cashier,
    registerId: paired.registerId,
    device: paired.device,
    till: await pinSignIn(t.app, paired.device, cashier.id, cashier.pin),
    managerTill: await pinSignIn(t.app, paired.device, manager.id, manager.pin),
  };
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

export async function stockUp(
  caller: Caller,
  storeId: string,
  variantId: string,
  quantity: number,
): Promise<void> {
  const response = await caller.post(api(`/stores/${storeId}/stock-adjustments`), {
    lines: [{ variantId, quantity, reason: 'found' }],
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
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

export async function onHand(owner: pg.Client, storeId: string, variantId: string) {
  const { rows } = await owner.query<{ milli: string }>(
    'select on_hand_milli as milli from stock_levels where store_id = $1 and variant_id = $2',
    [storeId, variantId],
  );
  return rows[0] ? Number(rows[0].milli) / 1000 : 0;
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

const WRITTEN = {
  sales: 'select to_jsonb(x) as r from sales x where tenant_id = $1',
  sale_lines: 'select to_jsonb(x) as r from sale_lines x where tenant_id = $1',
  sale_payments: 'select to_jsonb(x) as r from sale_payments x where tenant_id = $1',
  receipt_numbers: 'select to_jsonb(x) as r from receipt_numbers x where tenant_id = $1',
  registers: 'select to_jsonb(x) as r from registers x where tenant_id = $1',
  gift_cards: 'select to_jsonb(x) as r from gift_cards x where tenant_id = $1',
  gift_card_entries: 'select to_jsonb(x) as r from gift_card_entries x where tenant_id = $1',
  customers: 'select to_jsonb(x) as r from customers x where tenant_id = $1',
  store_credit_entries: 'select to_jsonb(x) as r from store_credit_entries x where tenant_id = $1',
  stock_levels: 'select to_jsonb(x) as r from stock_levels x where tenant_id = $1',
  stock_movements: 'select to_jsonb(x) as r from stock_movements x where tenant_id = $1',
  approvals: 'select to_jsonb(x) as r from approvals x where tenant_id = $1',
  audit_events: 'select to_jsonb(x) as r from audit_events x where tenant_id = $1',
  // published_at: the outbox relay marks earlier events on its own schedule.
  outbox: "select to_jsonb(x) - 'published_at' as r from outbox x where tenant_id = $1",
} as const;

export async function fingerprint(
  owner: pg.Client,
  tenantId: string,
): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const [table, query] of Object.entries(WRITTEN)) {
    const { rows } = await owner.query<{ digest: string | null }>(
      `select md5(string_agg(r::text, ',' order by r::text)) as digest from (${query}) rows`,
      [tenantId],
    );
    result[table] = rows[0]?.digest ?? '';
  }
  return result;
}

/** Runs the attempt and checks it was refused with the code and wrote nothing at all. */
export async function expectRefusedWithoutTrace(
  owner: pg.Client,
  tenantId: string,
  attempt: () => Promise<Response>,
  status: number,
  code: string,
): Promise<Response> {
  const before = await fingerprint(owner, tenantId);
  const response = await attempt();
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.code).toBe(code);
  expect(await fingerprint(owner, tenantId)).toEqual(before);
  return response;
}
