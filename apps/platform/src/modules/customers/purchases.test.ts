import { newId } from '@tillpoint/db';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStaff,
  type Retailer,
  type StaffMember,
  signUpRetailer,
  type TestApp,
} from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import type { CustomerView, PurchasePageView } from './schemas.ts';
import { api, createCustomer } from './test-support.ts';

// Purchase history reads what the sales engine stored. The documents are written here directly as
// the migration owner (every CHECK of 0010_sales.sql still applies), so this suite tests the
// history alone, independent of how sales get made.

let t: TestApp;
let owner: pg.Client;
let shop: Retailer;
let cashier: StaffMember;
let accountant: StaffMember;
let registerId: string;
let ada: CustomerView;
let bob: CustomerView;
let receipt = 0;

const HOUR = 3_600_000;
const hoursAgo = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

async function insertSale(
  customerId: string,
  options: { totalMinor: number; refundedMinor?: number; occurredAt: string; open?: boolean },
): Promise<string> {
  const id = newId();
  const open = options.open ?? false;
  const tax = Math.round(options.totalMinor / 11);
  await owner.query(
    `insert into sales (tenant_id, id, store_id, register_id, status, receipt_number, customer_id,
       currency, tax_mode, tax_rounding, rounding_mode, cash_increment_minor, gross_minor,
       subtotal_minor, tax_minor, total_minor, paid_minor, refunded_minor, occurred_at, completed_at)
     values ($1, $2, $3, $4, $5, $6, $7, 'USD', 'exclusive', 'line', 'half_up', 1, $8, $8, $9, $10,
       $11, $12, $13, $14)`,
    [
      shop.tenantId,
      id,
      shop.storeId,
      registerId,
      open ? 'open' : 'completed',
      open ? null : ++receipt,
      customerId,
      options.totalMinor - tax,
      tax,
      options.totalMinor,
      open ? 0 : options.totalMinor,
      options.refundedMinor ?? 0,
      options.occurredAt,
      open ? null : options.occurredAt,
    ],
  );
  return id;
}

async function insertRefund(options: {
  saleId: string | null;
  customerId: string | null;
  totalMinor: number;
  occurredAt: string;
}): Promise<string> {
  const id = newId();
  await owner.query(
    `insert into refunds (tenant_id, id, sale_id, kind, store_id, register_id, receipt_number,
       customer_id, destination, approval_id, currency, gross_minor, line_discount_minor,
       order_discount_minor, subtotal_minor, tax_minor, exempt_tax_removed_minor, total_minor,
       paid_out_minor, occurred_at)
     values ($1, $2, $3, 'refund', $4, $5, $6, $7, $8, $9, 'USD', $10, 0, 0, $10, 0, 0, $10, $10, $11)`,
    [
      shop.tenantId,
      id,
      options.saleId,
      shop.storeId,
      registerId,
      ++receipt,
      options.customerId,
      options.saleId ? 'original_tenders' : 'store_credit',
      options.saleId ? null : newId(),
      options.totalMinor,
      options.occurredAt,
    ],
  );
  return id;
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  shop = await signUpRetailer(t.app, 'History Hardware');
  cashier = await addStaff(t.app, shop, 'cashier', { storeIds: [shop.storeId] });
  accountant = await addStaff(t.app, shop, 'accountant');
  const register = await shop.owner.post<{ id: string }>(api(`/stores/${shop.storeId}/registers`), {
    name: 'Till 1',
  });
  registerId = register.body.id;
  ada = await createCustomer(shop.owner, { name: 'Ada Buyer' });
  bob = await createCustomer(shop.owner, { name: 'Bob Buyer' });

  ids.first = await insertSale(ada.id, { totalMinor: 1_100, occurredAt: hoursAgo(72) });
  ids.second = await insertSale(ada.id, {
    totalMinor: 2_200,
    refundedMinor: 550,
    occurredAt: hoursAgo(48),
  });
  // A refund against Ada's sale (the refund itself names no customer) ...
  ids.refund = await insertRefund({
    saleId: ids.second,
    customerId: null,
    totalMinor: 550,
    occurredAt: hoursAgo(24),
  });
  // ... and one without a receipt, paid to Ada as store credit.
  ids.noReceipt = await insertRefund({
    saleId: null,
    customerId: ada.id,
    totalMinor: 300,
    occurredAt: hoursAgo(12),
  });
  // Not Ada's purchases: a sale still open, Bob's sale and a refund against it.
  await insertSale(ada.id, { totalMinor: 999, occurredAt: hoursAgo(1), open: true });
  const bobs = await insertSale(bob.id, { totalMinor: 4_400, occurredAt: hoursAgo(6) });
  await insertRefund({ saleId: bobs, customerId: null, totalMinor: 100, occurredAt: hoursAgo(5) });
});
afterAll(() => closeAppWithOwner({ t, owner }));

describe('purchase history', () => {
  it("lists the customer's completed sales and the refunds against them, newest first", async () => {
    const response = await cashier.caller.get<PurchasePageView>(
      api(`/customers/${ada.id}/purchases`),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.nextCursor).toBeNull();
    expect(response.body.purchases.map((p) => [p.type, p.id])).toEqual([
      ['refund', ids.noReceipt],
      ['refund', ids.refund],
      ['sale', ids.second],
      ['sale', ids.first],
    ]);
    const [noReceipt, refund, second] = response.body.purchases;
    expect(second).toMatchObject({
      storeId: shop.storeId,
      registerId,
      currency: 'USD',
      totalMinor: 2_200,
      refundedMinor: 550,
      saleId: null,
      refundKind: null,
    });
    expect(second?.completedAt).toBe(second?.occurredAt);
    expect(refund).toMatchObject({
      totalMinor: 550,
      refundedMinor: null,
      saleId: ids.second,
      refundKind: 'refund',
      refundDestination: 'original_tenders',
    });
    expect(noReceipt).toMatchObject({ saleId: null, refundDestination: 'store_credit' });
  });

  it('pages with an opaque cursor', async () => {
    const first = await accountant.caller.get<PurchasePageView>(
      api(`/customers/${ada.id}/purchases?limit=3`),
    );
    expect(first.body.purchases.map((p) => p.id)).toEqual([ids.noReceipt, ids.refund, ids.second]);
    const next = await accountant.caller.get<PurchasePageView>(
      api(
        `/customers/${ada.id}/purchases?limit=3&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`,
      ),
    );
    expect(next.body.purchases.map((p) => p.id)).toEqual([ids.first]);
    expect(next.body.nextCursor).toBeNull();
    const forged = await accountant.caller.get(
      api(
        `/customers/${ada.id}/purchases?cursor=${Buffer.from('{"at":"x"}').toString('base64url')}`,
      ),
    );
    expect(forged.status).toBe(422);
    expect(forged.body.code).toBe('customer.invalid_cursor');
  });

  it('shows a customer without purchases an empty history', async () => {
    const nobody = await createCustomer(shop.owner);
    const response = await cashier.caller.get<PurchasePageView>(
      api(`/customers/${nobody.id}/purchases`),
    );
    expect(response.body).toEqual({ purchases: [], nextCursor: null });
  });

  it("does not show another business's purchases", async () => {
    const other = await signUpRetailer(t.app, 'Elsewhere Hardware');
    const response = await other.owner.get(api(`/customers/${ada.id}/purchases`));
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('customer.not_found');
  });
});
