import { connectAsAppRole } from '@tillpoint/db/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Retailer, signUpRetailer, type TestApp } from '../../testing/index.ts';
import { expectOnlyOwnRows, inTransaction, rowsChanged } from '../../testing/rls.ts';
import type { ProductView } from './schemas.ts';
import { createProduct, expectCode, firstVariant } from './testing.ts';

const CATALOG_TABLES = [
  'tax_categories',
  'categories',
  'products',
  'variants',
  'variant_barcodes',
  'variant_store_prices',
  'embedded_barcode_rules',
] as const;
const DELETABLE = new Set<string>([
  'variant_barcodes',
  'variant_store_prices',
  'embedded_barcode_rules',
]);

let t: TestApp;
let app: pg.Client;
let a: Retailer;
let b: Retailer;
let aProduct: ProductView;
let bProduct: ProductView;

/** One row in every catalog table for this retailer. */
async function fillCatalog(retailer: Retailer): Promise<ProductView> {
  const tax = await retailer.owner.post<{ id: string }>('/api/v1/catalog/tax-categories', {
    name: 'Standard',
    code: 'STANDARD',
  });
  const category = await retailer.owner.post<{ id: string }>('/api/v1/catalog/categories', {
    name: 'Everything',
  });
  const product = await createProduct(retailer.owner, {
    categoryId: category.body.id,
    taxCategoryId: tax.body.id,
  });
  await retailer.owner.put(
    `/api/v1/catalog/variants/${firstVariant(product).id}/store-prices/${retailer.storeId}`,
    { priceMinor: 10 },
  );
  await retailer.owner.post('/api/v1/catalog/barcode-rules', {
    name: 'Scale',
    prefix: '2',
    itemCodeLength: 6,
    valueLength: 5,
    valueKind: 'weight',
  });
  return product;
}

beforeAll(async () => {
  t = await createTestApp();
  app = await connectAsAppRole();
  a = await signUpRetailer(t.app, 'Isolation Apparel');
  b = await signUpRetailer(t.app, 'Isolation Bikes');
  aProduct = await fillCatalog(a);
  bProduct = await fillCatalog(b);
});
afterAll(async () => {
  await app.end();
  await t.close();
});

describe('row-level security on every catalog table', () => {
  for (const table of CATALOG_TABLES) {
    it(`${table}: no rows without a tenant, only its own rows with one`, async () => {
      await expectOnlyOwnRows(app, table, a.tenantId, b.tenantId);
      // The write the app role holds on this table (append-style tables have no UPDATE).
      const write = DELETABLE.has(table)
        ? `delete from ${table} where tenant_id = $1`
        : `update ${table} set tenant_id = tenant_id where tenant_id = $1`;
      const changed = await rowsChanged(app, a.tenantId, write, [b.tenantId]);
      expect(changed).toBe(0);
    });
  }

  it('refuses writing a row into another tenant', async () => {
    await expect(
      inTransaction(app, a.tenantId, () =>
        app.query(
          "insert into tax_categories (tenant_id, name, code) values ($1, 'Sneaky', 'SNEAKY')",
          [b.tenantId],
        ),
      ),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('gives the app role no DELETE on catalog items: they are archived', async () => {
    for (const table of ['products', 'variants', 'categories', 'tax_categories']) {
      await expect(
        inTransaction(app, a.tenantId, () => app.query(`delete from ${table}`)),
      ).rejects.toMatchObject({ code: '42501' });
    }
  });
});

// The search functions run as their owner to reach the trigram and GIN indexes (0005_catalog.sql)
// and scope to the tenant themselves: the one place isolation rests on code, so test it here.
describe('the SECURITY DEFINER search functions', () => {
  // Both tenants' products are named "Test product ..." and have no attributes, which '{}' matches.
  const calls = [
    "select product_id as id from catalog_name_matches('test product', array['test', 'product'], true)",
    `select catalog_attribute_matches(array['{}'::jsonb]) as id`,
  ];

  it('return nothing without a tenant', async () => {
    for (const call of calls) {
      const { rows } = await inTransaction(app, null, () => app.query(call));
      expect(rows, call).toEqual([]);
    }
  });

  it("return the current tenant's products and never another's", async () => {
    for (const call of calls) {
      const { rows } = await inTransaction(app, a.tenantId, () => app.query<{ id: string }>(call));
      const ids = rows.map((row) => row.id);
      expect(ids, call).toContain(aProduct.id);
      expect(ids, call).not.toContain(bProduct.id);
    }
  });

  it('are executable by the app role only, not by PUBLIC', async () => {
    const { rows } = await app.query(
      `select has_function_privilege('public', 'catalog_name_matches(text, text[], boolean)', 'execute') as names,
         has_function_privilege('public', 'catalog_attribute_matches(jsonb[])', 'execute') as attributes`,
    );
    expect(rows).toEqual([{ names: false, attributes: false }]);
  });
});

describe('between tenants over the API', () => {
  it("cannot read, change or scan another tenant's catalog", async () => {
    const variant = firstVariant(bProduct);
    const code = variant.barcodes[0]?.code ?? '';
    expectCode(
      await a.owner.get(`/api/v1/catalog/products/${bProduct.id}`),
      404,
      'product.not_found',
    );
    expectCode(
      await a.owner.patch(`/api/v1/catalog/products/${bProduct.id}`, { name: 'Pwned' }),
      404,
      'product.not_found',
    );
    expectCode(
      await a.owner.patch(`/api/v1/catalog/variants/${variant.id}`, { priceMinor: 0 }),
      404,
      'variant.not_found',
    );
    expectCode(
      await a.owner.put(`/api/v1/catalog/variants/${variant.id}/store-prices/${a.storeId}`, {
        priceMinor: 0,
      }),
      404,
      'variant.not_found',
    );
    expectCode(
      await a.owner.get(`/api/v1/catalog/lookup?barcode=${code}`),
      404,
      'barcode.not_found',
    );
    const search = await a.owner.get<{ products: ProductView[] }>(
      `/api/v1/catalog/products?sku=${encodeURIComponent(variant.sku)}`,
    );
    expect(search.body.products).toEqual([]);
    const stillThere = await b.owner.get<ProductView>(`/api/v1/catalog/products/${bProduct.id}`);
    expect(firstVariant(stillThere.body).priceMinor).toBe(variant.priceMinor);
  });
});
