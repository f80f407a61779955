import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStaff,
  type Response,
  type Retailer,
  signUpRetailer,
  type TestApp,
} from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import { createProduct, firstVariant, freshEan13, freshSku } from './testing.ts';

let t: TestApp;
let owner: pg.Client;
let retailer: Retailer;
let other: Retailer;
let categoryId: string;
let otherCategoryId: string;
let otherTaxCategoryId: string;

const CATALOG_TABLES = [
  'tax_categories',
  'categories',
  'products',
  'variants',
  'variant_barcodes',
  'variant_store_prices',
  'embedded_barcode_rules',
  'audit_events',
] as const;

/** Every catalog row (and audit event) of the tenant, read as the owner: RLS and code bypassed. */
async function snapshot(tenantId: string): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of CATALOG_TABLES) {
    const { rows } = await owner.query(
      `select to_jsonb(x) as row from ${table} x where tenant_id = $1 order by to_jsonb(x)::text`,
      [tenantId],
    );
    result[table] = rows.map((row: { row: unknown }) => row.row);
  }
  return result;
}

/** The request is refused with this status and code, and nothing at all was written. */
async function expectRefusedWithoutWrites(
  send: () => Promise<Response>,
  status: number,
  code: string,
): Promise<void> {
  const before = await snapshot(retailer.tenantId);
  const response = await send();
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.code).toBe(code);
  expect(await snapshot(retailer.tenantId)).toEqual(before);
}

function newProduct(variant: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return () =>
    retailer.owner.post('/api/v1/catalog/products', {
      name: 'Refused product',
      variants: [{ sku: freshSku(), priceMinor: 100, ...variant }],
      ...extra,
    });
}

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  retailer = await signUpRetailer(t.app, 'Refusal Retail');
  other = await signUpRetailer(t.app, 'Other Outfitters');
  const category = await retailer.owner.post<{ id: string }>('/api/v1/catalog/categories', {
    name: 'Knitwear',
    attributeDefinitions: [
      {
        key: 'material',
        label: 'Material',
        type: 'enum',
        options: ['wool', 'cotton'],
        required: true,
      },
      { key: 'weight_g', label: 'Weight', type: 'number', required: false },
    ],
  });
  categoryId = category.body.id;
  otherCategoryId = (
    await other.owner.post<{ id: string }>('/api/v1/catalog/categories', { name: 'Theirs' })
  ).body.id;
  otherTaxCategoryId = (
    await other.owner.post<{ id: string }>('/api/v1/catalog/tax-categories', {
      name: 'Theirs',
      code: 'THEIRS',
    })
  ).body.id;
});
afterAll(() => closeAppWithOwner({ t, owner }));

describe('bad catalog input is refused with a stable code and writes nothing', () => {
  it('duplicate SKU, in any letter case, across products', async () => {
    const existing = firstVariant(await createProduct(retailer.owner));
    await expectRefusedWithoutWrites(
      newProduct({ sku: existing.sku.toLowerCase() }),
      409,
      'catalog.sku_taken',
    );
    const product = await createProduct(retailer.owner);
    await expectRefusedWithoutWrites(
      () =>
        retailer.owner.patch(`/api/v1/catalog/variants/${firstVariant(product).id}`, {
          sku: existing.sku,
        }),
      409,
      'catalog.sku_taken',
    );
  });

  it('duplicate barcode, across variants of different products and GS1 widths', async () => {
    const taken = freshEan13();
    const upc = '012345678905';
    await createProduct(retailer.owner, {
      variants: [{ sku: freshSku(), priceMinor: 1, barcodes: [{ code: taken }, { code: upc }] }],
    });
    await expectRefusedWithoutWrites(
      newProduct({ barcodes: [{ code: taken }] }),
      409,
      'catalog.barcode_taken',
    );
    // The same GTIN as EAN-13 (leading zero) is the same barcode to a scanner.
    await expectRefusedWithoutWrites(
      newProduct({ barcodes: [{ code: `0${upc}` }] }),
      409,
      'catalog.barcode_taken',
    );
    const product = await createProduct(retailer.owner);
    await expectRefusedWithoutWrites(
      () =>
        retailer.owner.post(`/api/v1/catalog/variants/${firstVariant(product).id}/barcodes`, {
          code: taken,
        }),
      409,
      'catalog.barcode_taken',
    );
    const twice = freshEan13();
    await expectRefusedWithoutWrites(
      () =>
        retailer.owner.post('/api/v1/catalog/products', {
          name: 'Same code twice',
          optionNames: ['Size'],
          variants: [
            { sku: freshSku(), optionValues: ['S'], priceMinor: 1, barcodes: [{ code: twice }] },
            { sku: freshSku(), optionValues: ['M'], priceMinor: 1, barcodes: [{ code: twice }] },
          ],
        }),
      409,
      'catalog.barcode_taken',
    );
  });

  it('invalid check digit or barcode format', async () => {
    await expectRefusedWithoutWrites(
      newProduct({ barcodes: [{ code: '4006381333932' }] }),
      422,
      'catalog.invalid_check_digit',
    );
    await expectRefusedWithoutWrites(
      newProduct({ barcodes: [{ code: '96385075', kind: 'ean8' }] }),
      422,
      'catalog.invalid_check_digit',
    );
    await expectRefusedWithoutWrites(
      newProduct({ barcodes: [{ code: '12345', kind: 'ean13' }] }),
      422,
      'catalog.invalid_barcode',
    );
  });

  it.each([
    ['a negative price', { priceMinor: -1 }],
    ['a negative cost', { costMinor: -5 }],
    ['a price as a string', { priceMinor: '12.99' }],
    ['a price as a float', { priceMinor: 12.99 }],
    ['a cost as a numeric string', { costMinor: '500' }],
    ['a price beyond the safe integer range', { priceMinor: 2 ** 53 }],
  ])('%s', async (_label, variant) => {
    await expectRefusedWithoutWrites(newProduct(variant), 400, 'validation.failed');
  });

  it('a negative or fractional store price', async () => {
    const variant = firstVariant(await createProduct(retailer.owner));
    for (const priceMinor of [-100, 1.5, '100']) {
      await expectRefusedWithoutWrites(
        () =>
          retailer.owner.put(
            `/api/v1/catalog/variants/${variant.id}/store-prices/${retailer.storeId}`,
            { priceMinor },
          ),
        400,
        'validation.failed',
      );
    }
  });

  it('an unknown attribute, a wrong attribute type or a missing required one', async () => {
    await expectRefusedWithoutWrites(
      newProduct({}, { categoryId, attributes: { material: 'wool', colour: 'red' } }),
      422,
      'catalog.unknown_attribute',
    );
    await expectRefusedWithoutWrites(
      newProduct({}, { categoryId, attributes: { material: 'wool', weight_g: '300' } }),
      422,
      'catalog.invalid_attribute',
    );
    await expectRefusedWithoutWrites(
      newProduct({}, { categoryId, attributes: { material: 'silk' } }),
      422,
      'catalog.invalid_attribute',
    );
    await expectRefusedWithoutWrites(
      newProduct({}, { categoryId, attributes: {} }),
      422,
      'catalog.missing_attribute',
    );
    // Without a category there are no attribute definitions, so any attribute is unknown.
    await expectRefusedWithoutWrites(
      newProduct({}, { attributes: { material: 'wool' } }),
      422,
      'catalog.unknown_attribute',
    );
  });

  it('an unknown category or tax category, or one of another tenant, is not found', async () => {
    const missing = '01900000-0000-7000-8000-000000000001';
    await expectRefusedWithoutWrites(
      newProduct({}, { categoryId: missing }),
      404,
      'category.not_found',
    );
    await expectRefusedWithoutWrites(
      newProduct({}, { categoryId: otherCategoryId }),
      404,
      'category.not_found',
    );
    await expectRefusedWithoutWrites(
      newProduct({}, { taxCategoryId: missing }),
      404,
      'tax_category.not_found',
    );
    await expectRefusedWithoutWrites(
      newProduct({}, { taxCategoryId: otherTaxCategoryId }),
      404,
      'tax_category.not_found',
    );
    await expectRefusedWithoutWrites(
      () =>
        retailer.owner.post('/api/v1/catalog/categories', {
          name: 'Stowaway',
          parentId: otherCategoryId,
        }),
      404,
      'category.not_found',
    );
  });

  it('edits of an archived product or its variants', async () => {
    const product = await createProduct(retailer.owner);
    await retailer.owner.post(`/api/v1/catalog/products/${product.id}/archive`);
    const variantId = firstVariant(product).id;
    const edits: [() => Promise<Response>, string][] = [
      [
        () => retailer.owner.patch(`/api/v1/catalog/products/${product.id}`, { name: 'X' }),
        'catalog.product_archived',
      ],
      [
        () =>
          retailer.owner.post(`/api/v1/catalog/products/${product.id}/variants`, {
            sku: freshSku(),
            priceMinor: 1,
          }),
        'catalog.product_archived',
      ],
      [
        () => retailer.owner.patch(`/api/v1/catalog/variants/${variantId}`, { priceMinor: 5 }),
        'catalog.product_archived',
      ],
      [
        () =>
          retailer.owner.put(
            `/api/v1/catalog/variants/${variantId}/store-prices/${retailer.storeId}`,
            { priceMinor: 5 },
          ),
        'catalog.product_archived',
      ],
      [
        () => retailer.owner.post(`/api/v1/catalog/variants/${variantId}/restore`),
        'catalog.product_archived',
      ],
    ];
    for (const [send, code] of edits) await expectRefusedWithoutWrites(send, 422, code);
  });

  it('an option value count that does not match the product options', async () => {
    await expectRefusedWithoutWrites(
      newProduct({ optionValues: ['M'] }, { optionNames: ['Size', 'Colour'] }),
      422,
      'catalog.option_mismatch',
    );
  });

  it('a category moved under its own subcategory', async () => {
    const parent = await retailer.owner.post<{ id: string }>('/api/v1/catalog/categories', {
      name: 'Loop parent',
    });
    const child = await retailer.owner.post<{ id: string }>('/api/v1/catalog/categories', {
      name: 'Loop child',
      parentId: parent.body.id,
    });
    await expectRefusedWithoutWrites(
      () =>
        retailer.owner.patch(`/api/v1/catalog/categories/${parent.body.id}`, {
          parentId: child.body.id,
        }),
      422,
      'catalog.category_cycle',
    );
  });

  it('a cashier trying to write the catalog', async () => {
    const cashier = await addStaff(t.app, retailer, 'cashier');
    await expectRefusedWithoutWrites(
      () =>
        cashier.caller.post('/api/v1/catalog/products', {
          name: 'Cashier product',
          variants: [{ sku: freshSku(), priceMinor: 1 }],
        }),
      403,
      'auth.forbidden',
    );
  });
});

describe('the database is the last guard', () => {
  it('refuses negative money and cross-tenant references even when the code is bypassed', async () => {
    const product = await createProduct(retailer.owner);
    const variant = firstVariant(product);
    await expect(
      owner.query('update variants set price_minor = -1 where id = $1', [variant.id]),
    ).rejects.toMatchObject({ code: '23514' });
    await expect(
      owner.query('update variants set cost_minor = -1 where id = $1', [variant.id]),
    ).rejects.toMatchObject({ code: '23514' });
    await expect(
      owner.query('update products set category_id = $1 where id = $2', [
        otherCategoryId,
        product.id,
      ]),
    ).rejects.toMatchObject({ code: '23503' });
  });
});
