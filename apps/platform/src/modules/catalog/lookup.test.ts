import { composeEmbeddedBarcode } from '@tillpoint/domain';
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
import type { LookupResultView } from './register-schemas.ts';
import { createProduct, expectCode, firstVariant, freshEan13, freshSku } from './testing.ts';

let t: TestApp;
let retailer: Retailer;

beforeAll(async () => {
  t = await createTestApp();
  retailer = await signUpRetailer(t.app, 'Scan Street Grocer');
});
afterAll(() => t.close());

function lookup(barcode: string, storeId?: string) {
  const store = storeId ? `&storeId=${storeId}` : '';
  return retailer.owner.get<LookupResultView>(
    `/api/v1/catalog/lookup?barcode=${encodeURIComponent(barcode)}${store}`,
  );
}

describe('barcode lookup', () => {
  it('finds the variant of a barcode, whatever GS1 width the scanner sends', async () => {
    const ean = freshEan13();
    const product = await createProduct(retailer.owner, {
      name: 'Sparkling Water 500ml',
      variants: [
        {
          sku: freshSku('WAT'),
          priceMinor: 129,
          barcodes: [{ code: ean }, { code: '012345678905' }, { code: 'WATER-500' }],
        },
      ],
    });
    const variant = firstVariant(product);
    for (const scanned of [ean, `0${ean}`, '012345678905', '0012345678905', 'WATER-500']) {
      const found = await lookup(scanned);
      expect(found.status, scanned).toBe(200);
      expect(found.body).toEqual({
        item: {
          variantId: variant.id,
          productId: product.id,
          name: 'Sparkling Water 500ml',
          productName: 'Sparkling Water 500ml',
          variantLabel: '',
          sku: variant.sku,
          barcodes: [ean, '012345678905', 'WATER-500'],
          plu: null,
          priceMinor: 129,
          basePriceMinor: 129,
          taxCategoryId: null,
          taxCategoryCode: null,
          unit: 'each',
          trackStock: true,
          archived: false,
        },
        embedded: null,
      });
    }
  });

  it('does not find archived items, nor unknown codes', async () => {
    const ean = freshEan13();
    const product = await createProduct(retailer.owner, {
      variants: [{ sku: freshSku(), priceMinor: 1, barcodes: [{ code: ean }] }],
    });
    expect((await lookup(ean)).status).toBe(200);
    await retailer.owner.post(`/api/v1/catalog/products/${product.id}/archive`);
    expectCode(await lookup(ean), 404, 'barcode.not_found');
    await retailer.owner.post(`/api/v1/catalog/products/${product.id}/restore`);
    await retailer.owner.post(`/api/v1/catalog/variants/${firstVariant(product).id}/archive`);
    expectCode(await lookup(ean), 404, 'barcode.not_found');
    expectCode(await lookup(freshEan13()), 404, 'barcode.not_found');
  });

  it('reads price- and weight-embedded labels through the tenant rules and the PLU', async () => {
    const priceRule = await retailer.owner.post('/api/v1/catalog/barcode-rules', {
      name: 'Deli price labels',
      prefix: '22',
      itemCodeLength: 5,
      valueLength: 5,
      valueKind: 'price',
    });
    expect(priceRule.status).toBe(201);
    expect(priceRule.body).toMatchObject({ barcodeLength: 13 });
    await retailer.owner.post('/api/v1/catalog/barcode-rules', {
      name: 'Scale weight labels',
      prefix: '21',
      itemCodeLength: 5,
      valueLength: 5,
      valueKind: 'weight',
    });
    const cheese = await createProduct(retailer.owner, {
      name: 'Aged Gouda',
      unit: 'weight',
      variants: [{ sku: freshSku('GOU'), priceMinor: 2490, plu: '412' }],
    });
    const weighed = composeEmbeddedBarcode(
      { prefix: '21', itemCodeLength: 5, valueLength: 5, valueKind: 'weight' },
      '412',
      1250,
    );
    const byWeight = await lookup(weighed);
    expect(byWeight.status, JSON.stringify(byWeight.body)).toBe(200);
    expect(byWeight.body).toMatchObject({
      item: { variantId: firstVariant(cheese).id, unit: 'weight', priceMinor: 2490, plu: '412' },
      embedded: { kind: 'weight', quantityMilli: 1250 },
    });
    const priced = composeEmbeddedBarcode(
      { prefix: '22', itemCodeLength: 5, valueLength: 5, valueKind: 'price' },
      '00412',
      1875,
    );
    expect((await lookup(priced)).body).toMatchObject({
      embedded: { kind: 'price', priceMinor: 1875 },
    });
    // A broken check digit is not read as a label.
    const broken = `${priced.slice(0, -1)}${(Number(priced.at(-1)) + 1) % 10}`;
    expectCode(await lookup(broken), 404, 'barcode.not_found');
    const byPlu = await retailer.owner.get<LookupResultView>('/api/v1/catalog/lookup?plu=0412');
    expect(byPlu.body.item.variantId).toBe(firstVariant(cheese).id);
    expectCode(
      await retailer.owner.post('/api/v1/catalog/barcode-rules', {
        name: 'Clash',
        prefix: '22',
        itemCodeLength: 4,
        valueLength: 6,
        valueKind: 'price',
      }),
      409,
      'catalog.barcode_rule_taken',
    );
    expectCode(
      await retailer.owner.post('/api/v1/catalog/barcode-rules', {
        name: 'Too long',
        prefix: '22',
        itemCodeLength: 6,
        valueLength: 6,
        valueKind: 'price',
      }),
      422,
      'catalog.invalid_barcode_rule',
    );
  });

  it("prices for the store: the given one, or a cashier's register store", async () => {
    const ean = freshEan13();
    const product = await createProduct(retailer.owner, {
      variants: [{ sku: freshSku(), priceMinor: 500, barcodes: [{ code: ean }] }],
    });
    const variant = firstVariant(product);
    const set = await retailer.owner.put(
      `/api/v1/catalog/variants/${variant.id}/store-prices/${retailer.storeId}`,
      { priceMinor: 450 },
    );
    expect(set.status).toBe(200);
    expect((await lookup(ean)).body.item).toMatchObject({ priceMinor: 500, basePriceMinor: 500 });
    expect((await lookup(ean, retailer.storeId)).body.item).toMatchObject({
      priceMinor: 450,
      basePriceMinor: 500,
    });
    const cashier = await addStaff(t.app, retailer, 'cashier');
    const { device } = await pairDevice(t.app, retailer.owner, retailer.storeId);
    const till = await pinSignIn(t.app, device, cashier.id, cashier.pin);
    const scanned = await till.get<LookupResultView>(`/api/v1/catalog/lookup?barcode=${ean}`);
    expect(scanned.body.item.priceMinor).toBe(450);
    // A paired register keeps its catalog current before anyone signs in, for its own store only.
    const bare = await device.get<LookupResultView>(`/api/v1/catalog/lookup?barcode=${ean}`);
    expect(bare.body.item.priceMinor).toBe(450);
    const elsewhere = await retailer.owner.post<{ id: string }>('/api/v1/stores', {
      name: 'Second Scan Street',
      timezone: 'America/Chicago',
    });
    expectCode(
      await device.get(`/api/v1/catalog/lookup?barcode=${ean}&storeId=${elsewhere.body.id}`),
      403,
      'auth.store_forbidden',
    );
  });
});
