import { parse } from 'csv-parse/sync';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Retailer, signUpRetailer, type TestApp } from '../../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../../testing/suite.ts';
import type { ProductView } from '../schemas.ts';
import { freshEan13 } from '../testing.ts';
import type { CatalogImportPageView } from './import-schemas.ts';
import { csvOf, exportCsv, importCsv } from './testing.ts';

let t: TestApp;
let owner: pg.Client;
let retailer: Retailer;
const ean = { s: freshEan13(), m: freshEan13(), l: freshEan13() };

async function productBySku(sku: string): Promise<ProductView> {
  const page = await retailer.owner.get<{ products: ProductView[] }>(
    `/api/v1/catalog/products?sku=${encodeURIComponent(sku)}`,
  );
  const [product] = page.body.products;
  if (!product) throw new Error(`no product with SKU ${sku}`);
  return product;
}

/** Every catalog row of the tenant, as the database owner sees it. */
async function catalogSnapshot(): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {};
  for (const table of ['products', 'variants', 'variant_barcodes']) {
    const { rows } = await owner.query(
      `select to_jsonb(x) as row from ${table} x where tenant_id = $1 order by to_jsonb(x)::text`,
      [retailer.tenantId],
    );
    snapshot[table] = rows.map((row: { row: unknown }) => row.row);
  }
  return snapshot;
}

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  retailer = await signUpRetailer(t.app, 'Import Outfitters');
  const clothing = await retailer.owner.post<{ id: string }>('/api/v1/catalog/categories', {
    name: 'Clothing',
    attributeDefinitions: [
      {
        key: 'material',
        label: 'Material',
        type: 'enum',
        options: ['cotton', 'wool'],
        required: true,
      },
    ],
  });
  await retailer.owner.post('/api/v1/catalog/categories', {
    name: 'Shirts',
    parentId: clothing.body.id,
    attributeDefinitions: [{ key: 'sleeve_cm', label: 'Sleeve', type: 'number', required: false }],
  });
  await retailer.owner.post('/api/v1/catalog/tax-categories', {
    name: 'Standard',
    code: 'STANDARD',
  });
});

afterAll(() => closeAppWithOwner({ t, owner }));

describe('catalog CSV import', () => {
  let teeId: string;

  it('creates products with variants, options, barcodes, category attributes and exact prices', async () => {
    const file = csvOf([
      {
        handle: 'tee',
        name: 'Classic Tee',
        description: 'Soft, "heavy" cotton\nmade to last',
        category: 'clothing > SHIRTS',
        tax_code: 'STANDARD',
        unit: 'each',
        track_stock: 'true',
        option1_name: 'Size',
        option1_value: 'S',
        option2_name: 'Colour',
        option2_value: 'Red',
        sku: 'TEE-S-RED',
        price: '12.99',
        cost: '4.1',
        barcodes: `${ean.s} TEE-S-RED-INT`,
        'attr:material': 'cotton',
        'attr:sleeve_cm': '61.5',
      },
      {
        handle: 'tee',
        option1_name: 'Size',
        option1_value: 'M',
        option2_name: 'Colour',
        option2_value: 'Red',
        sku: 'TEE-M-RED',
        price: '0.29',
        barcodes: ean.m,
      },
      { handle: 'mug', name: 'Mug', sku: 'MUG-1', price: '5' },
      {
        handle: 'apples',
        name: 'Apples',
        unit: 'weight',
        track_stock: 'no',
        sku: 'APPLE',
        price: '3.49',
        plu: '0412',
      },
    ]);
    const done = await importCsv(retailer.owner, file);
    expect(done).toMatchObject({
      status: 'completed',
      error: null,
      rowErrors: [],
      progress: { totalRows: 4, rowsValidated: 4, rowsImported: 4, percent: 100 },
      counts: { productsCreated: 3, productsUpdated: 0, variantsCreated: 4, variantsUpdated: 0 },
    });

    const tee = await productBySku('TEE-S-RED');
    teeId = tee.id;
    expect(tee).toMatchObject({
      name: 'Classic Tee',
      description: 'Soft, "heavy" cotton\nmade to last',
      optionNames: ['Size', 'Colour'],
      attributes: { material: 'cotton', sleeve_cm: 61.5 },
      trackStock: true,
    });
    expect(
      tee.variants.map((v) => [v.sku, v.optionValues, v.priceMinor, v.costMinor, v.position]),
    ).toEqual([
      ['TEE-S-RED', ['S', 'Red'], 1299, 410, 0],
      ['TEE-M-RED', ['M', 'Red'], 29, null, 1],
    ]);
    expect(tee.variants[0]?.barcodes).toEqual([
      { code: ean.s, kind: 'ean13' },
      { code: 'TEE-S-RED-INT', kind: 'internal' },
    ]);
    const apples = await productBySku('APPLE');
    expect(apples).toMatchObject({ unit: 'weight', trackStock: false, optionNames: [] });
    expect(apples.variants[0]).toMatchObject({ plu: '412', priceMinor: 349 });
  });

  it('updates existing SKUs, adds new ones to their product and leaves the rest alone', async () => {
    const file = csvOf([
      {
        handle: teeId,
        name: 'Classic Tee',
        option1_name: 'Size',
        option1_value: 'S',
        option2_name: 'Colour',
        option2_value: 'Red',
        sku: 'tee-s-red',
        price: '13.50',
        barcodes: ean.s,
      },
      {
        handle: teeId,
        name: 'Classic Tee',
        option1_name: 'Size',
        option1_value: 'L',
        option2_name: 'Colour',
        option2_value: 'Red',
        sku: 'TEE-L-RED',
        price: '13.50',
        barcodes: ean.l,
      },
      { handle: 'mug', name: 'Mug', sku: 'MUG-1', price: '5.00', barcodes: '' },
    ]);
    const done = await importCsv(retailer.owner, file);
    expect(done.counts).toEqual({
      productsCreated: 0,
      productsUpdated: 0,
      variantsCreated: 1,
      variantsUpdated: 1,
      variantsUnchanged: 1,
    });
    const tee = await productBySku('TEE-S-RED');
    expect(
      tee.variants.map((v) => [v.sku, v.priceMinor, v.position, v.barcodes.map((b) => b.code)]),
    ).toEqual([
      ['tee-s-red', 1350, 0, [ean.s]],
      ['TEE-M-RED', 29, 1, [ean.m]],
      ['TEE-L-RED', 1350, 2, [ean.l]],
    ]);
    // Columns the file does not have (cost, category, attributes) kept their values.
    expect(tee.variants[0]?.costMinor).toBe(410);
    expect(tee.attributes).toEqual({ material: 'cotton', sleeve_cm: 61.5 });
  });

  it('exports the live catalog in the same format, and re-importing the export changes nothing', async () => {
    const archived = await productBySku('APPLE');
    await retailer.owner.post(`/api/v1/catalog/products/${archived.id}/archive`);
    const text = await exportCsv(retailer.owner);
    const [header = [], ...rows] = parse(text) as string[][];
    expect(header).toEqual([
      'handle',
      'name',
      'description',
      'category',
      'tax_code',
      'unit',
      'track_stock',
      'option1_name',
      'option1_value',
      'option2_name',
      'option2_value',
      'option3_name',
      'option3_value',
      'sku',
      'price',
      'cost',
      'plu',
      'barcodes',
      'attr:material',
      'attr:sleeve_cm',
    ]);
    const bySku = new Map(
      rows.map((row) => [row[13], Object.fromEntries(header.map((h, i) => [h, row[i]]))]),
    );
    expect([...bySku.keys()].sort()).toEqual(['MUG-1', 'TEE-L-RED', 'TEE-M-RED', 'tee-s-red']);
    expect(bySku.get('tee-s-red')).toMatchObject({
      handle: teeId,
      category: 'Clothing > Shirts',
      tax_code: 'STANDARD',
      price: '13.50',
      cost: '4.10',
      barcodes: ean.s,
      'attr:material': 'cotton',
      'attr:sleeve_cm': '61.5',
      description: 'Soft, "heavy" cotton\nmade to last',
    });

    const before = await catalogSnapshot();
    const again = await importCsv(retailer.owner, text);
    expect(again.counts).toEqual({
      productsCreated: 0,
      productsUpdated: 0,
      variantsCreated: 0,
      variantsUpdated: 0,
      variantsUnchanged: 4,
    });
    expect(await catalogSnapshot()).toEqual(before);
  });

  it('records who imported what in the audit trail', async () => {
    const { rows } = await owner.query(
      `select action, actor_type, actor_id, after from audit_events
       where tenant_id = $1 and target_type = 'catalog_import' order by seq`,
      [retailer.tenantId],
    );
    expect(rows.map((row: { action: string }) => row.action)).toEqual([
      'catalog_import.created',
      'catalog.imported',
      'catalog_import.created',
      'catalog.imported',
      'catalog_import.created',
      'catalog.imported',
    ]);
    for (const row of rows)
      expect(row).toMatchObject({ actor_type: 'user', actor_id: retailer.ownerId });
    expect(rows[1].after).toMatchObject({ rows: 4, productsCreated: 3, variantsCreated: 4 });
  });

  it('lists recent imports newest first, a page at a time', async () => {
    const first = await retailer.owner.get<CatalogImportPageView>(
      '/api/v1/catalog/imports?limit=2',
    );
    expect(first.body.imports).toHaveLength(2);
    expect(first.body.imports.every((i) => i.status === 'completed')).toBe(true);
    const rest = await retailer.owner.get<CatalogImportPageView>(
      `/api/v1/catalog/imports?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(rest.body).toMatchObject({ nextCursor: null });
    expect(rest.body.imports).toHaveLength(1);
    const ids = [...first.body.imports, ...rest.body.imports].map((i) => i.id);
    expect(ids).toEqual([...ids].sort().reverse());
  });
});
