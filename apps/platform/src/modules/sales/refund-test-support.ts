// Helpers for the refund, reversal and exchange tests: a shop with a paired register, a cashier and
// a manager signed in on it and an open drawer; items with prices and stock; completed sales made
// through POST /sales/submit; and checks made as the migration owner (no RLS, no application
// code), so a test sees what is really stored.
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { expect } from 'vitest';
import type { Caller, TestApp } from '../../testing/index.ts';
import { refusalChecks, wholeRows } from '../../testing/refusals.ts';
import { type Currency, openRegisterShop, type RegisterShop } from '../../testing/shops.ts';
import { openSession } from '../cash/test-support.ts';
import { stockUp } from '../inventory/test-support.ts';
import type { RefundView } from './refund-schemas.ts';
import type { SaleView } from './sale-schemas.ts';

// Stock is the inventory module's: its helpers put it on the shelf and read it back.
export { onHand } from '../inventory/test-support.ts';
export { stockUp };

export const api = (path: string) => `/api/v1${path}`;
const tag = () => randomBytes(3).toString('hex').toUpperCase();

export interface Shop extends RegisterShop {
  readonly cashSessionId: string;
}

/** A shop with a drawer already open on its register, as refunds in cash need. */
export async function openShop(
  t: TestApp,
  name = 'Refund Outlet',
  currency: Currency = 'USD',
): Promise<Shop> {
  const shop = await openRegisterShop(t, name, { currency });
  const drawer = await openSession(shop.managerTill, shop.registerId);
  return { ...shop, cashSessionId: drawer.id };
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

/** A product with quantity on the shop's shelf (none if it does not track stock). */
export async function stockedItem(
  shop: Shop,
  priceMinor: number,
  quantity: number,
  options: { trackStock?: boolean; taxCategoryId?: string } = {},
): Promise<string> {
  const { owner, storeId } = shop.retailer;
  const variantId = await createProduct(owner, { priceMinor, ...options });
  if (options.trackStock !== false) await stockUp(owner, storeId, variantId, quantity);
  return variantId;
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

/** Each tender of the sale, in the order taken: what it kept and what has gone back. */
export async function tendersOf(owner: pg.Client, saleId: string) {
  const { rows } = await owner.query<{ kind: string; applied: number; refunded: number }>(
    `select kind, applied_minor::int as applied, refunded_minor::int as refunded
     from sale_payments where sale_id = $1 order by position`,
    [saleId],
  );
  return rows;
}

/** Refusals write nothing to any table a refund writes (published_at, updated_at not compared). */
export const { fingerprint, expectRefusedWithoutTrace } = refusalChecks(
  wholeRows(
    [
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
    ],
    ['published_at', 'updated_at'],
  ),
);

/** Sum of a field over a list. */
export const sum = <T>(items: readonly T[], pick: (item: T) => number) =>
  items.reduce((total, item) => total + pick(item), 0);
