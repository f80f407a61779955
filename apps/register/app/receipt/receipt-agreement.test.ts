import type { Receipt } from '@tillpoint/domain';
import { createTestApp, type TestApp } from '@tillpoint/platform/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSubmitBody } from '../sale/submit-body.ts';
import { api, created, openShop, type Shop } from '../sale/test-shop.ts';
import { cartPlanArb, ringUp } from '../sale/testing.ts';
import { buildLocalReceipt } from './build-receipt.ts';
import type { ReceiptProfile } from './profile.ts';
import { completed } from './testing.ts';

// The receipt this register builds for a sale it holds against the receipt the REAL platform
// builds from its database once the sale has been submitted (real PostgreSQL, the app's own
// routes): random carts rung up as a cashier would, and the two receipts compared field by
// field, the receipt number aside (the server gives it on sync).

/** A Canadian shop (cash to the nickel): HST on most goods, none on groceries, a paired till. */
async function openReceiptShop(t: TestApp): Promise<Shop & { readonly profile: ReceiptProfile }> {
  const shop = await openShop(t, {
    businessName: 'Receipt Agreement Grocer',
    currency: 'CAD',
    country: 'CA',
    timezone: 'America/Toronto',
    store: {
      address: { line1: '9 King St', city: 'Toronto', region: 'ON', postalCode: 'M5H 1A1' },
      receiptFooter: 'Merci / Thank you',
    },
    categories: [[{ ratePpm: 130_000, name: 'HST' }], []],
    products: [
      { priceMinor: 1_999 },
      { priceMinor: 349, category: 1 },
      { priceMinor: 5 },
      { priceMinor: 12_345 },
    ],
  });
  // What the register caches besides the catalog: its receipt profile.
  const profile = await created(
    shop.device.get<ReceiptProfile>(api(`/registers/${shop.registerId}/receipt-profile`)),
    200,
  );
  return { ...shop, profile };
}

let t: TestApp;
let shop: Shop & { readonly profile: ReceiptProfile };
beforeAll(async () => {
  t = await createTestApp();
  shop = await openReceiptShop(t);
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
        await created(shop.till.post(api('/sales/submit'), body));
        const server = await created(shop.till.get<Receipt>(api(`/sales/${cart.id}/receipt`)), 200);
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
