import type { Receipt } from '@tillpoint/domain';
import {
  addStaff,
  Caller,
  createTestApp,
  pairDevice,
  pinSignIn,
  signIn,
  TEST_PASSWORD,
  type TestApp,
  uniqueEmail,
} from '@tillpoint/platform/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogItem, SalesSettings, TaxTable } from '../api-types.ts';
import type { CachedVariant, CartCustomer } from '../sale/cart.ts';
import { type SaleContext, saleContextOf } from '../sale/context.ts';
import { toSubmitBody } from '../sale/submit-body.ts';
import { cartPlanArb, ringUp } from '../sale/testing.ts';
import { buildLocalReceipt } from './build-receipt.ts';
import type { ReceiptProfile } from './profile.ts';
import { completed } from './testing.ts';

// The receipt this register builds for a sale it holds against the receipt the REAL platform
// builds from its database once the sale has been submitted (real PostgreSQL, the app's own
// routes): random carts rung up as a cashier would, and the two receipts compared field by
// field, the receipt number aside (the server gives it on sync).

const api = (path: string) => `/api/v1${path}`;
const tag = () => Math.random().toString(36).slice(2, 8).toUpperCase();

async function ok<T>(call: Promise<{ status: number; body: T }>, status = 201): Promise<T> {
  const response = await call;
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
}

interface Shop {
  readonly registerId: string;
  readonly till: Caller;
  readonly context: SaleContext;
  readonly variants: readonly CachedVariant[];
  readonly exemptCustomer: CartCustomer;
  readonly profile: ReceiptProfile;
}

/** A Canadian shop (cash to the nickel): HST on most goods, none on groceries, a paired till. */
async function openShop(t: TestApp): Promise<Shop> {
  const email = uniqueEmail('owner');
  const { storeId } = await ok(
    new Caller(t.app).post<{ storeId: string }>(api('/signup'), {
      businessName: 'Receipt Agreement Grocer',
      ownerName: 'Pat Owner',
      email,
      password: TEST_PASSWORD,
      country: 'CA',
      currency: 'CAD',
      timezone: 'America/Toronto',
    }),
  );
  const session = await signIn(t.app, email, TEST_PASSWORD);
  if (!session.caller) throw new Error('owner sign-in failed');
  const owner = session.caller;
  await ok(
    owner.patch(api(`/stores/${storeId}`), {
      address: { line1: '9 King St', city: 'Toronto', region: 'ON', postalCode: 'M5H 1A1' },
      receiptFooter: 'Merci / Thank you',
    }),
    200,
  );
  const hst = await ok(
    owner.post<{ id: string }>(api('/tax-rates'), { code: 'HST', name: 'HST', ratePpm: 130_000 }),
  );
  const categoryIds: string[] = [];
  for (const [index, rateIds] of [[hst.id], []].entries()) {
    const category = await ok(
      owner.post<{ id: string }>(api('/catalog/tax-categories'), {
        name: `Category ${tag()}`,
        code: `C-${tag()}`,
        isDefault: index === 0,
      }),
    );
    await ok(owner.put(api(`/tax-categories/${category.id}/rates`), { rateIds }), 200);
    categoryIds.push(category.id);
  }
  for (const [priceMinor, category] of [
    [1_999, 0],
    [349, 1],
    [5, 0],
    [12_345, 0],
  ] as const)
    await ok(
      owner.post(api('/catalog/products'), {
        name: `Item ${tag()}`,
        trackStock: false,
        taxCategoryId: categoryIds[category],
        variants: [{ sku: `RA-${tag()}`, priceMinor }],
      }),
    );

  const retailer = { tenantId: '', storeId, ownerId: '', ownerEmail: email, owner };
  const manager = await addStaff(t.app, retailer, 'manager');
  const cashier = await addStaff(t.app, retailer, 'cashier', { storeIds: [storeId] });
  const paired = await pairDevice(t.app, manager.caller, storeId);
  const till = await pinSignIn(t.app, paired.device, cashier.id, cashier.pin);
  await ok(
    till.post(api(`/registers/${paired.registerId}/cash-sessions`), { counts: { '2000': 5 } }),
  );
  const customer = await ok(
    owner.post<{ id: string; name: string }>(api('/customers'), {
      name: `Exempt ${tag()}`,
      taxExempt: true,
      taxExemptReference: 'EXEMPT-1',
    }),
  );

  // What the register caches: the tax table, the sales settings, the catalog, the profile.
  const taxTable = await ok(till.get<TaxTable>(api(`/stores/${storeId}/tax-table`)), 200);
  const settings = await ok(till.get<SalesSettings>(api('/settings/sales')), 200);
  const feed = await ok(
    till.get<{ items: CatalogItem[] }>(api(`/catalog/changes?storeId=${storeId}`)),
    200,
  );
  const profile = await ok(
    paired.device.get<ReceiptProfile>(api(`/registers/${paired.registerId}/receipt-profile`)),
    200,
  );
  return {
    registerId: paired.registerId,
    till,
    context: saleContextOf(taxTable, settings),
    variants: feed.items.map(
      (item): CachedVariant => ({
        id: item.variantId,
        name: item.name,
        sku: item.sku,
        priceMinor: item.priceMinor,
        taxCategoryId: item.taxCategoryId,
        unit: item.unit === 'weight' ? 'weight' : 'each',
      }),
    ),
    exemptCustomer: { id: customer.id, name: customer.name, taxExempt: true },
    profile,
  };
}

let t: TestApp;
let shop: Shop;
beforeAll(async () => {
  t = await createTestApp();
  shop = await openShop(t);
});
afterAll(() => t.close());

describe('the receipt built on the register and the platform’s for the same sale', () => {
  it('have the same lines, taxes, totals, tenders and change', async () => {
    const seen = { sales: 0, rounded: 0, split: 0, exempt: 0, discounted: 0 };
    await fc.assert(
      fc.asyncProperty(cartPlanArb(shop.variants.length, { overrides: false }), async (plan) => {
        const cart = await ringUp(plan, {
          variants: shop.variants,
          context: shop.context,
          exemptCustomer: shop.exemptCustomer,
        });
        const sale = completed(cart, shop.context, true);
        // The server refuses a zero total; an unpaid cart is never completed.
        if (sale.totals.totalMinor === 0 || !sale.totals.paidInFull) return;
        const local = buildLocalReceipt({
          sale,
          profile: shop.profile,
          receiptNumber: null,
          cashierName: 'Test cashier',
        });
        const body = toSubmitBody(cart, shop.context, {
          registerId: shop.registerId,
          occurredAt: sale.completedAt,
          offline: true,
        });
        await ok(shop.till.post(api('/sales/submit'), body));
        const server = await ok(shop.till.get<Receipt>(api(`/sales/${cart.id}/receipt`)), 200);
        seen.sales += 1;
        if (local.cashRoundingMinor !== 0) seen.rounded += 1;
        if (local.tenders.length > 1) seen.split += 1;
        if (cart.customer) seen.exempt += 1;
        if (local.discountTotalMinor > 0) seen.discounted += 1;

        expect(local.receiptNumber).toMatch(/^PENDING-[0-9A-F]{8}$/);
        expect(server.receiptNumber).toMatch(/^\d{6,}$/);
        expect({ ...local, receiptNumber: server.receiptNumber }).toEqual(server);
      }),
      { numRuns: 25, examples: [] },
    );
    // Proof the random carts reached what matters here.
    expect(seen.sales).toBeGreaterThan(10);
    expect(seen.rounded).toBeGreaterThan(0);
    expect(seen.split).toBeGreaterThan(0);
    expect(seen.exempt).toBeGreaterThan(0);
    expect(seen.discounted).toBeGreaterThan(0);
  });
});
