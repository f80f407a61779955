import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Retailer, signUpRetailer, type TestApp } from '../../testing/index.ts';
import type { ProductView, VariantView } from './schemas.ts';
import { createProduct, expectCode, firstVariant, freshEan13, freshSku } from './testing.ts';

let t: TestApp;
let retailer: Retailer;

beforeAll(async () => {
  t = await createTestApp();
  retailer = await signUpRetailer(t.app, 'Catalog Clothing');
});
afterAll(() => t.close());

describe('products with variants', () => {
  it('creates a product with options, variants, barcodes and a tax category', async () => {
    const tax = await retailer.owner.post<{ id: string }>('/api/v1/catalog/tax-categories', {
      name: 'Standard rate',
      code: 'STANDARD',
    });
    expect(tax.status).toBe(201);
    const ean = freshEan13();
    const upc = '036000291452';
    const product = await createProduct(retailer.owner, {
      name: '  Oxford Shirt ',
      description: 'Button-down, 100% cotton',
      taxCategoryId: tax.body.id,
      optionNames: ['Size', 'Colour'],
      variants: [
        {
          sku: freshSku('OX'),
          optionValues: ['M', 'Blue'],
          priceMinor: 4999,
          costMinor: 2100,
          barcodes: [{ code: ean }, { code: upc }, { code: 'OX-M-BLU', kind: 'internal' }],
        },
        { sku: freshSku('OX'), optionValues: ['L', 'Blue'], priceMinor: 4999 },
      ],
    });
    expect(product).toMatchObject({
      name: 'Oxford Shirt',
      taxCategoryId: tax.body.id,
      unit: 'each',
      trackStock: true,
      optionNames: ['Size', 'Colour'],
      archivedAt: null,
    });
    expect(product.variants).toHaveLength(2);
    expect(firstVariant(product)).toMatchObject({
      label: 'M / Blue',
      priceMinor: 4999,
      costMinor: 2100,
      barcodes: [
        { code: ean, kind: 'ean13' },
        { code: upc, kind: 'upca' },
        { code: 'OX-M-BLU', kind: 'internal' },
      ],
      storePrices: [],
    });
    const read = await retailer.owner.get<ProductView>(`/api/v1/catalog/products/${product.id}`);
    expect(read.body).toEqual(product);
  });

  it('sells by weight per kg and can skip stock tracking', async () => {
    const product = await createProduct(retailer.owner, {
      name: 'Loose Gala Apples',
      unit: 'weight',
      trackStock: false,
      variants: [{ sku: freshSku('APL'), priceMinor: 349, plu: '04133' }],
    });
    expect(product).toMatchObject({ unit: 'weight', trackStock: false });
    expect(firstVariant(product).plu).toBe('4133');
  });

  it('edits a product and its variants, and audits each change', async () => {
    const product = await createProduct(retailer.owner, { name: 'Canvas Tote' });
    const renamed = await retailer.owner.patch<ProductView>(
      `/api/v1/catalog/products/${product.id}`,
      { name: 'Canvas Tote Bag', description: 'Heavy canvas' },
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Canvas Tote Bag', description: 'Heavy canvas' });
    const variant = firstVariant(product);
    const repriced = await retailer.owner.patch<VariantView>(
      `/api/v1/catalog/variants/${variant.id}`,
      { priceMinor: 1250, costMinor: null, sku: variant.sku.toLowerCase() },
    );
    expect(repriced.status).toBe(200);
    expect(repriced.body).toMatchObject({ priceMinor: 1250, costMinor: null });
    const added = await retailer.owner.post<VariantView>(
      `/api/v1/catalog/products/${product.id}/variants`,
      { sku: freshSku('TOTE'), priceMinor: 1500 },
    );
    // The product has no options, so a second variant would repeat the empty option values.
    expectCode(added, 409, 'catalog.options_taken');
    const audit = await retailer.owner.get<{ events: { action: string; targetId: string }[] }>(
      '/api/v1/audit-events?action=product',
    );
    expect(audit.body.events.filter((e) => e.targetId === product.id).map((e) => e.action)).toEqual(
      ['product.updated', 'product.created'],
    );
  });

  it('archives instead of deleting: still readable, not editable until restored', async () => {
    const product = await createProduct(retailer.owner, { name: 'Retired Mug' });
    const archived = await retailer.owner.post<ProductView>(
      `/api/v1/catalog/products/${product.id}/archive`,
    );
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).not.toBeNull();
    expect((await retailer.owner.get(`/api/v1/catalog/products/${product.id}`)).status).toBe(200);
    const variant = firstVariant(product);
    expectCode(
      await retailer.owner.patch(`/api/v1/catalog/products/${product.id}`, { name: 'Nope' }),
      422,
      'catalog.product_archived',
    );
    expectCode(
      await retailer.owner.patch(`/api/v1/catalog/variants/${variant.id}`, { priceMinor: 1 }),
      422,
      'catalog.product_archived',
    );
    expectCode(
      await retailer.owner.post(`/api/v1/catalog/variants/${variant.id}/barcodes`, {
        code: freshEan13(),
      }),
      422,
      'catalog.product_archived',
    );
    const restored = await retailer.owner.post<ProductView>(
      `/api/v1/catalog/products/${product.id}/restore`,
    );
    expect(restored.body.archivedAt).toBeNull();
  });

  it('archives a single variant and refuses edits to it until restored', async () => {
    const product = await createProduct(retailer.owner, {
      optionNames: ['Size'],
      variants: [
        { sku: freshSku(), optionValues: ['S'], priceMinor: 100 },
        { sku: freshSku(), optionValues: ['M'], priceMinor: 100 },
      ],
    });
    const variant = firstVariant(product);
    const archived = await retailer.owner.post<VariantView>(
      `/api/v1/catalog/variants/${variant.id}/archive`,
    );
    expect(archived.body.archivedAt).not.toBeNull();
    expectCode(
      await retailer.owner.patch(`/api/v1/catalog/variants/${variant.id}`, { priceMinor: 1 }),
      422,
      'catalog.variant_archived',
    );
    // Its option values are free again for a replacement variant.
    const replacement = await retailer.owner.post(
      `/api/v1/catalog/products/${product.id}/variants`,
      { sku: freshSku(), optionValues: ['S'], priceMinor: 120 },
    );
    expect(replacement.status).toBe(201);
    expectCode(
      await retailer.owner.post(`/api/v1/catalog/variants/${variant.id}/restore`),
      409,
      'catalog.options_taken',
    );
  });
});
