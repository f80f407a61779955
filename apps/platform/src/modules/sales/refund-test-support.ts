// Helpers for the refund, reversal and exchange tests: a shop with a paired register, a cashier and
// a manager signed in on it and an open drawer; items with prices and stock; completed sales made
// through POST /sales/submit; and checks made as the migration owner (no RLS, no application
// code), so a test sees what is really stored.
import { randomBytes, randomUUID } from 'node:crypto';
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
  TEST_PASSWORD,
  type TestApp,
  uniqueEmail,
} from '../../testing/index.ts';
import { openSession } from '../cash/test-support.ts';
import type { RefundView } from './refund-schemas.ts';
import type { SaleView } from './sale-schemas.ts';

export const api = (path: string) => `/api/v1${path}`;
const tag = () => randomBytes(3).toString('hex').toUpperCase();

export interface Shop {
  readonly retailer: Retailer;
  readonly manager: StaffMember;
  readonly cashier: StaffMember;
  readonly registerId: string;
  readonly cashSessionId: string;
  /** The cashier's PIN session on the register's paired device. */
  readonly till: Caller;
  /** The manager's PIN session on the same device. */
  readonly managerTill: Caller;
}

/** Signs up a retailer in the currency (and its country), as signUpRetailer does for USD. */
export async function signUpIn(
  t: TestApp,
  name: string,
  currency: 'USD' | 'CAD' = 'USD',
): Promise<Retailer> {
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
    timezone: currency === 'CAD' ? 'America/Toronto' : 'America/Chicago',
  });
  if (response.status !== 201) throw new Error(`signup failed: ${JSON.stringify(response.body)}`);
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
  name = 'Refund Outlet',
  currency: 'USD' | 'CAD' = 'USD',
): Promise<Shop> {
  const retailer = await signUpIn(t, name, currency);
  const manager = await addStaff(t.app, retailer, 'manager');
  const cashier = await addStaff(t.app, retailer, 'cashier', { storeIds: [retailer.storeId] });
  const paired = await pairDevice(t.app, manager.caller, retailer.storeId);
  const till = await pinSignIn(t.app, paired.device, cashier.id, cashier.pin);
  const managerTill = await pinSignIn(t.app, paired.device, manager.id, manager.pin);
  const drawer = await openSession(managerTill, paired.registerId);
  return {
    retailer,
    manager,
    cashier,
    registerId: paired.registerId,
    cashSessionId: drawer.id,
    till,
    managerTill,
  };
}

/** A one-variant product; returns the variant id. */
export async function createProduct(
  caller: Caller,
  options: {
    priceMinor: number;
    trackStock?: boolean;
    unit?: 'each' | 'weight';
    taxCategoryId?: string;
  },
): Promise<string> {
  const sku = `RF-${tag()}`;
  const response = await caller.post<{ variants: { id: string }[] }>(api('/catalog/products'), {
    name: `Refundable ${sku}`,
    ...(options.unit ? { unit: options.unit } : {}),
    ...(options.trackStock === undefined ? {} : { trackStock: options.trackStock }),
    ...(options.taxCategoryId ? { taxCategoryId: options.taxCategoryId } : {}),
    variants: [{ sku, priceMinor: options.priceMinor }],
  });
  const [variant] = response.body.variants ?? [];
  if (response.status !== 201 || !variant)
    throw new Error(`create product failed: ${JSON.stringify(response.body)}`);
  return variant.id;
}

/** A tax category charging the rate (ppm) everywhere; returns its id. */
export async function createTax(caller: Caller, ratePpm: number): Promise<string> {
  const rate = await caller.post<{ id: string }>(api('/tax-rates'), {
    code: `R-${tag()}`,
    name: `Rate ${ratePpm}`,
    ratePpm,
  });
  expect(rate.status, JSON.stringify(rate.body)).toBe(201);
  const code = `TC-${tag()}`;
  const category = await caller.post<{ id: string }>(api('/catalog/tax-categories'), {
    name: `Category ${code}`,
    code,
  });
  expect(category.status, JSON.stringify(category.body)).toBe(201);
  const rates = await caller.put(api(`/tax-categories/${category.body.id}/rates`), {
    rateIds: [rate.body.id],
  });
  expect(rates.status, JSON.stringify(rates.body)).toBe(200);
  return category.body.id;
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
  if (response.status !== 201) throw new Error(`stock up failed: ${JSON.stringify(response.body)}`);
}

export interface SaleLineSpec {
  readonly variantId: string;
  readonly quantity: number;
  readonly discount?: { kind: 'percent'; ppm: number } | { kind: 'fixed'; amountMinor: number };
}

export type PaymentSpec =
  | { readonly kind: 'cash' | 'store_credit'; readonly amountMinor: number }
  | {
      readonly kind: 'external' | 'other';
      readonly amountMinor: number;
      readonly reference: string;
    }
  | { readonly kind: 'gift_card'; readonly amountMinor: number; readonly giftCardCode: string };

export function saleBody(spec: {
  lines: readonly SaleLineSpec[];
  payments: readonly PaymentSpec[];
  expectedTotalMinor: number;
  orderDiscount?: { kind: 'percent'; ppm: number } | { kind: 'fixed'; amountMinor: number };
  customerId?: string;
  giftCards?: readonly { code: string; amountMinor: number }[];
}) {
  return {
    id: randomUUID(),
    occurredAt: new Date().toISOString(),
    offline: false,
    ...(spec.customerId ? { customerId: spec.customerId } : {}),
    lines: [
      ...spec.lines.map((line) => ({ id: randomUUID(), ...line })),
      ...(spec.giftCards ?? []).map((card) => ({
        id: randomUUID(),
        kind: 'gift_card',
        giftCardCode: card.code,
        amountMinor: card.amountMinor,
      })),
    ],
    ...(spec.orderDiscount ? { orderDiscount: spec.orderDiscount } : {}),
    payments: spec.payments.map((payment) => ({ id: randomUUID(), ...payment })),
    expectedTotalMinor: spec.expectedTotalMinor,
  };
}

export type SaleSpec = Parameters<typeof saleBody>[0];

/** A completed sale made through the register's submit endpoint. */
export async function sell(caller: Caller, spec: SaleSpec): Promise<SaleView> {
  const response = await caller.post<SaleView>(api('/sales/submit'), saleBody(spec));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  expect(response.body.status).toBe('completed');
  return response.body;
}

/**
 * What the server would total the cart at: a submit with a deliberately wrong expected total is
 * refused (nothing written) and names the real one. Lets a test pay a cart whose tax and
 * discounts it does not want to recompute by hand.
 */
export async function quote(
  caller: Caller,
  spec: Omit<SaleSpec, 'payments' | 'expectedTotalMinor'>,
): Promise<number> {
  const response = await caller.post<{ code: string; details: { totalMinor: number } }>(
    api('/sales/submit'),
    saleBody({ ...spec, payments: [{ kind: 'cash', amountMinor: 1 }], expectedTotalMinor: 0 }),
  );
  expect(response.body.code, JSON.stringify(response.body)).toBe('sale.total_mismatch');
  return response.body.details.totalMinor;
}

/** Quotes the cart, then sells it with the payments the total calls for. */
export async function sellPriced(
  caller: Caller,
  spec: Omit<SaleSpec, 'payments' | 'expectedTotalMinor'>,
  payments: (totalMinor: number) => PaymentSpec[],
): Promise<SaleView> {
  const totalMinor = await quote(caller, spec);
  return sell(caller, { ...spec, payments: payments(totalMinor), expectedTotalMinor: totalMinor });
}

export interface ReturnSpec {
  readonly saleLineId: string;
  readonly quantity: number;
  readonly restock?: boolean;
  readonly restockReason?: string;
}

export function returnLines(lines: readonly ReturnSpec[]) {
  return lines.map((line) => ({
    saleLineId: line.saleLineId,
    quantity: line.quantity,
    restock: line.restock ?? true,
    ...(line.restockReason ? { restockReason: line.restockReason } : {}),
  }));
}

export function postRefund(caller: Caller, body: Record<string, unknown>) {
  return caller.post<RefundView>(api('/refunds'), body);
}

export async function refund(
  caller: Caller,
  sale: SaleView,
  lines: readonly ReturnSpec[],
  extra: Record<string, unknown> = {},
): Promise<RefundView> {
  const response = await postRefund(caller, {
    saleId: sale.id,
    lines: returnLines(lines),
    ...extra,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

export function lineOf(sale: SaleView, variantId: string) {
  const line = sale.lines.find((entry) => entry.variantId === variantId);
  if (!line) throw new Error(`sale has no line for ${variantId}`);
  return line;
}

/** A customer with some store credit, written as the owner (no customer endpoints yet). */
export async function createCustomer(
  owner: pg.Client,
  tenantId: string,
  options: { storeCreditMinor?: number; taxExempt?: boolean } = {},
): Promise<string> {
  const { rows } = await owner.query<{ id: string }>(
    `insert into customers (tenant_id, name, store_credit_minor, tax_exempt)
     values ($1, $2, $3, $4) returning id`,
    [tenantId, `Customer ${tag()}`, options.storeCreditMinor ?? 0, options.taxExempt ?? false],
  );
  const id = rows[0]?.id ?? '';
  if ((options.storeCreditMinor ?? 0) > 0)
    await owner.query(
      `insert into store_credit_entries (tenant_id, customer_id, kind, amount_minor,
         balance_after_minor, reason)
       values ($1, $2, 'adjustment', $3, $3, 'Opening balance')`,
      [tenantId, id, options.storeCreditMinor],
    );
  return id;
}

export async function storeCredit(owner: pg.Client, customerId: string): Promise<number> {
  const { rows } = await owner.query<{ minor: string }>(
    'select store_credit_minor as minor from customers where id = $1',
    [customerId],
  );
  return Number(rows[0]?.minor ?? 0);
}

export async function giftCardBalance(owner: pg.Client, code: string): Promise<number> {
  const { rows } = await owner.query<{ minor: string }>(
    `select balance_minor as minor from gift_cards
     where code_hash = sha256(convert_to($1, 'UTF8'))`,
    [code],
  );
  return Number(rows[0]?.minor ?? 0);
}

export async function onHand(owner: pg.Client, storeId: string, variantId: string) {
  const { rows } = await owner.query<{ milli: string }>(
    'select on_hand_milli as milli from stock_levels where store_id = $1 and variant_id = $2',
    [storeId, variantId],
  );
  return rows[0] ? Number(rows[0].milli) / 1000 : 0;
}

// Every table a refund writes (or a refused one must not have written).
const WRITTEN_TABLES = [
  'refunds',
  'refund_lines',
  'refund_payments',
  'receipt_numbers',
  'sale_lines',
  'sale_payments',
  'sales',
  'registers',
  'store_credit_entries',
  'customers',
  'gift_card_entries',
  'gift_cards',
  'stock_levels',
  'stock_movements',
  'approvals',
  'audit_events',
  'outbox',
] as const;

/** A fingerprint of every row the tenant has in the tables refunds write. */
export async function fingerprint(
  owner: pg.Client,
  tenantId: string,
): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of WRITTEN_TABLES) {
    const { rows } = await owner.query<{ digest: string | null }>(
      // published_at: the outbox relay marks earlier events on its own schedule.
      `select md5(string_agg(r::text, ',' order by r::text)) as digest
       from (select to_jsonb(x) - 'published_at' - 'updated_at' as r from ${table} x
         where tenant_id = $1) rows`,
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
  attempt: () => Promise<Response<object>>,
  status: number,
  code: string,
): Promise<Response> {
  const before = await fingerprint(owner, tenantId);
  const response = (await attempt()) as Response;
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.code).toBe(code);
  expect(await fingerprint(owner, tenantId)).toEqual(before);
  return response;
}

/** Sum of a field over a list. */
export const sum = <T>(items: readonly T[], pick: (item: T) => number) =>
  items.reduce((total, item) => total + pick(item), 0);
