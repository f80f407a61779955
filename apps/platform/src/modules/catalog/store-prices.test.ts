import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStaff,
  createTestApp,
  pairDevice,
  pinSignIn,
  type Retailer,
  signUpRetailer,
  type TestApp,
} from '../../testing/index.ts';
import type { ProductView, VariantView } from './schemas.ts';
import { createProduct, expectCode, firstVariant } from './testing.ts';

let t: TestApp;
let retailer: Retailer;
let downtown: string;
let uptown: string;

beforeAll(async () => {
  t = await createTestApp();
  retailer = await signUpRetailer(t.app, 'Two Store Traders');
  downtown = retailer.storeId;
  uptown = (
    await retailer.owner.post<{ id: string }>('/api/v1/stores', {
      name: 'Uptown',
      timezone: 'America/Chicago',
    })
  ).body.id;
});
afterAll(() => t.close());

function priceUrl(variantId: string, storeId: string): string {
  return `/api/v1/catalog/variants/${variantId}/store-prices/${storeId}`;
}

describe('per-store prices', () => {
  it('override the base price per store, and go back to it when removed', async () => {
    const variant = firstVariant(await createProduct(retailer.owner));
    const set = await retailer.owner.put<VariantView>(priceUrl(variant.id, uptown), {
      priceMinor: 1200,
    });
    expect(set.status).toBe(200);
    expect(set.body.storePrices).toEqual([{ storeId: uptown, priceMinor: 1200 }]);
    const changed = await retailer.owner.put<VariantView>(priceUrl(variant.id, uptown), {
      priceMinor: 1100,
    });
    expect(changed.body.storePrices).toEqual([{ storeId: uptown, priceMinor: 1100 }]);
    const removed = await retailer.owner.request<VariantView>(
      'DELETE',
      priceUrl(variant.id, uptown),
    );
    expect(removed.body.storePrices).toEqual([]);
    const audit = await retailer.owner.get<{
      events: { action: string; before: unknown; after: unknown }[];
    }>(`/api/v1/audit-events?targetId=${variant.id}`);
    expect(audit.body.events.map((e) => [e.action, e.before])).toEqual([
      ['variant.store_price_removed', { priceMinor: 1100 }],
      ['variant.store_price_set', { priceMinor: 1200 }],
      ['variant.store_price_set', { priceMinor: null }],
    ]);
  });

  it('are shown only for the stores a staff member works in', async () => {
    const product = await createProduct(retailer.owner);
    const variant = firstVariant(product);
    await retailer.owner.put(priceUrl(variant.id, downtown), { priceMinor: 900 });
    await retailer.owner.put(priceUrl(variant.id, uptown), { priceMinor: 1100 });
    const manager = await addStaff(t.app, retailer, 'manager', { storeIds: [uptown] });
    const seen = await manager.caller.get<ProductView>(`/api/v1/catalog/products/${product.id}`);
    expect(firstVariant(seen.body).storePrices).toEqual([{ storeId: uptown, priceMinor: 1100 }]);
    const search = await manager.caller.get<{ products: ProductView[] }>(
      `/api/v1/catalog/products?sku=${encodeURIComponent(variant.sku)}`,
    );
    expect(firstVariant(search.body.products[0] as ProductView).storePrices).toEqual([
      { storeId: uptown, priceMinor: 1100 },
    ]);
    const cashier = await addStaff(t.app, retailer, 'cashier');
    const all = await cashier.caller.get<ProductView>(`/api/v1/catalog/products/${product.id}`);
    expect(firstVariant(all.body).storePrices).toHaveLength(2);
    expectCode(
      await manager.caller.get(`/api/v1/catalog/changes?storeId=${downtown}`),
      403,
      'auth.store_forbidden',
    );
  });

  it('need catalog.manage and access to that store', async () => {
    const variant = firstVariant(await createProduct(retailer.owner));
    const manager = await addStaff(t.app, retailer, 'manager');
    expectCode(
      await manager.caller.put(priceUrl(variant.id, downtown), { priceMinor: 1 }),
      403,
      'auth.forbidden',
    );
    // The owner signed in with a PIN on a downtown register acts for downtown only.
    const ownerPin = '4826';
    await retailer.owner.put(`/api/v1/users/${retailer.ownerId}/pin`, { pin: ownerPin });
    const { device } = await pairDevice(t.app, retailer.owner, downtown);
    const till = await pinSignIn(t.app, device, retailer.ownerId, ownerPin);
    expect((await till.put(priceUrl(variant.id, downtown), { priceMinor: 5 })).status).toBe(200);
    expectCode(
      await till.put(priceUrl(variant.id, uptown), { priceMinor: 5 }),
      403,
      'auth.store_forbidden',
    );
  });

  it('refuse an unknown or archived store as not found', async () => {
    const variant = firstVariant(await createProduct(retailer.owner));
    expectCode(
      await retailer.owner.put(priceUrl(variant.id, '01900000-0000-7000-8000-000000000002'), {
        priceMinor: 1,
      }),
      404,
      'store.not_found',
    );
    const closing = await retailer.owner.post<{ id: string }>('/api/v1/stores', {
      name: 'Closing Down',
      timezone: 'America/Chicago',
    });
    await retailer.owner.post(`/api/v1/stores/${closing.body.id}/archive`);
    expectCode(
      await retailer.owner.put(priceUrl(variant.id, closing.body.id), { priceMinor: 1 }),
      404,
      'store.not_found',
    );
  });
});
