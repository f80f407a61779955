import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStaff,
  createTestApp,
  type Retailer,
  signUpRetailer,
  type TestApp,
} from '../../testing/index.ts';
import type { ProductView } from './schemas.ts';
import { createProduct, expectCode, firstVariant, freshEan13, freshSku } from './testing.ts';

let t: TestApp;
let retailer: Retailer;
let knitwearId: string;
let sweatersId: string;
const made: Record<string, ProductView> = {};

interface Page {
  products: ProductView[];
  nextCursor: string | null;
}

function search(query: string) {
  return retailer.owner.get<Page>(`/api/v1/catalog/products?${query}`);
}

function names(page: Page): string[] {
  return page.products.map((p) => p.name);
}

beforeAll(async () => {
  t = await createTestApp();
  retailer = await signUpRetailer(t.app, 'Search Street Outfitters');
  // Another tenant's look-alike products must never show up.
  const rival = await signUpRetailer(t.app, 'Rival Rags');
  await createProduct(rival.owner, { name: 'Organic Cotton Crew Tee' });

  const knitwear = await retailer.owner.post<{ id: string }>('/api/v1/catalog/categories', {
    name: 'Knitwear',
    attributeDefinitions: [
      {
        key: 'material',
        label: 'Material',
        type: 'enum',
        options: ['cotton', 'wool'],
        required: true,
      },
      { key: 'gauge', label: 'Gauge', type: 'number', required: false },
    ],
  });
  knitwearId = knitwear.body.id;
  const sweaters = await retailer.owner.post<{ id: string }>('/api/v1/catalog/categories', {
    name: 'Sweaters',
    parentId: knitwearId,
  });
  sweatersId = sweaters.body.id;
  const products: [string, Record<string, unknown>][] = [
    [
      'Organic Cotton Crew Tee',
      { categoryId: knitwearId, attributes: { material: 'cotton', gauge: 12 } },
    ],
    ['Merino Wool Sweater', { categoryId: sweatersId, attributes: { material: 'wool', gauge: 7 } }],
    ['Cotton Cable Sweater', { categoryId: sweatersId, attributes: { material: 'cotton' } }],
    ['Canvas Tote Bag', {}],
    ['Leather Belt', {}],
    ['Wool Socks', {}],
  ];
  for (const [name, extra] of products) {
    made[name] = await createProduct(retailer.owner, {
      name,
      variants: [
        { sku: freshSku(name.split(' ')[0]), priceMinor: 1000, barcodes: [{ code: freshEan13() }] },
      ],
      ...extra,
    });
  }
  const retired = await createProduct(retailer.owner, { name: 'Retired Cotton Scarf' });
  await retailer.owner.post(`/api/v1/catalog/products/${retired.id}/archive`);
});
afterAll(() => t.close());

describe('product search', () => {
  it('finds by name, fuzzily, best match first', async () => {
    const cotton = await search('q=cotton');
    expect(cotton.status).toBe(200);
    expect(names(cotton.body).sort()).toEqual(['Cotton Cable Sweater', 'Organic Cotton Crew Tee']);
    const typo = await search('q=sweatr');
    expect(names(typo.body).sort()).toEqual(['Cotton Cable Sweater', 'Merino Wool Sweater']);
    // Names containing the words come first, shorter (more specific) names ahead.
    expect(names((await search('q=sweater')).body)).toEqual([
      'Merino Wool Sweater',
      'Cotton Cable Sweater',
    ]);
    // LIKE wildcards in a query are plain characters, not "match anything".
    expect(names((await search(`q=${encodeURIComponent('%_%')}`)).body)).toEqual([]);
    // Every word has to match, each with typos forgiven.
    const words = await search(`q=${encodeURIComponent('cotn sweater')}`);
    expect(names(words.body)).toEqual(['Cotton Cable Sweater']);
  });

  it('finds by SKU prefix (q) and exact SKU, any letter case', async () => {
    const belt = firstVariant(made['Leather Belt'] as ProductView);
    const prefix = await search(`q=${encodeURIComponent(belt.sku.slice(0, 8).toLowerCase())}`);
    expect(names(prefix.body)).toContain('Leather Belt');
    const exact = await search(`sku=${encodeURIComponent(belt.sku.toLowerCase())}`);
    expect(names(exact.body)).toEqual(['Leather Belt']);
  });

  it('filters by category (with subcategories) and by attributes', async () => {
    expect(names((await search(`categoryId=${knitwearId}`)).body)).toEqual([
      'Cotton Cable Sweater',
      'Merino Wool Sweater',
      'Organic Cotton Crew Tee',
    ]);
    expect(names((await search(`categoryId=${sweatersId}&attr.material=cotton`)).body)).toEqual([
      'Cotton Cable Sweater',
    ]);
    // Query strings are text; "7" still matches the number 7.
    expect(names((await search('attr.gauge=7')).body)).toEqual(['Merino Wool Sweater']);
    expect(names((await search('q=sweater&attr.material=wool')).body)).toEqual([
      'Merino Wool Sweater',
    ]);
    expectCode(await search('attr.Bad-Key=x'), 400, 'validation.failed');
    expectCode(await search('colour=red'), 400, 'validation.failed');
  });

  it('leaves archived products out unless asked', async () => {
    expect(names((await search('q=scarf')).body)).toEqual([]);
    expect(names((await search('q=scarf&includeArchived=true')).body)).toEqual([
      'Retired Cotton Scarf',
    ]);
  });

  it('pages with an opaque cursor in a stable order, by name or by relevance', async () => {
    // Equal names rank equally: the cursor's id breaks the tie.
    for (let i = 0; i < 5; i++) await createProduct(retailer.owner, { name: 'Paging Sock' });
    for (const query of ['', 'q=paging%20sock']) {
      const all = await search(`${query}&limit=200`);
      expect(all.body.products.length).toBeGreaterThanOrEqual(3);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Page = (
          await search(`${query}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        ).body;
        expect(page.products.length).toBeLessThanOrEqual(2);
        seen.push(...page.products.map((p) => p.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.body.products.map((p) => p.id));
      expect(new Set(seen).size).toBe(seen.length);
    }
    expect(names((await search('limit=200')).body)).toEqual([
      'Canvas Tote Bag',
      'Cotton Cable Sweater',
      'Leather Belt',
      'Merino Wool Sweater',
      'Organic Cotton Crew Tee',
      ...Array(5).fill('Paging Sock'),
      'Wool Socks',
    ]);
  });

  it('refuses a forged cursor or one from another kind of list', async () => {
    expectCode(await search('cursor=not-a-cursor'), 422, 'catalog.invalid_cursor');
    const byName = (await search('limit=1')).body.nextCursor;
    expectCode(
      await search(`q=cotton&cursor=${encodeURIComponent(byName ?? '')}`),
      422,
      'catalog.invalid_cursor',
    );
    const forged = Buffer.from(JSON.stringify({ by: 'rank', rank: "1'; drop", id: 'x' })).toString(
      'base64url',
    );
    expectCode(await search(`q=cotton&cursor=${forged}`), 422, 'catalog.invalid_cursor');
  });

  it('is readable by every role', async () => {
    const accountant = await addStaff(t.app, retailer, 'accountant');
    expect((await accountant.caller.get('/api/v1/catalog/products?q=belt')).status).toBe(200);
  });
});

describe('catalog over GraphQL', () => {
  it('searches and looks up through the same services', async () => {
    const response = await retailer.owner.graphql<{
      catalogProducts: {
        products: { name: string; attributes: string; variants: { sku: string }[] }[];
      };
    }>(
      `query($q: String, $attrs: [CatalogAttributeFilter!]) {
        catalogProducts(q: $q, attributes: $attrs) {
          products { name attributes variants { sku priceMinor barcodes { code kind } } }
          nextCursor
        }
      }`,
      { q: 'sweater', attrs: [{ key: 'material', value: 'wool' }] },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.catalogProducts.products.map((p) => p.name)).toEqual([
      'Merino Wool Sweater',
    ]);
    expect(JSON.parse(response.body.data?.catalogProducts.products[0]?.attributes ?? '')).toEqual({
      material: 'wool',
      gauge: 7,
    });

    const tote = firstVariant(made['Canvas Tote Bag'] as ProductView);
    const code = tote.barcodes[0]?.code ?? '';
    const lookup = await retailer.owner.graphql<{
      catalogLookup: { item: { variantId: string; priceMinor: number }; embedded: null };
    }>(
      `query($code: String!) { catalogLookup(barcode: $code) { item { variantId priceMinor } embedded { kind } } }`,
      { code },
    );
    expect(lookup.body.data?.catalogLookup).toEqual({
      item: { variantId: tote.id, priceMinor: 1000 },
      embedded: null,
    });
    const missing = await retailer.owner.graphql(
      `{ catalogLookup(barcode: "${freshEan13()}") { item { variantId } } }`,
    );
    expect(missing.body.errors?.[0]?.extensions.code).toBe('barcode.not_found');
    const categories = await retailer.owner.graphql<{
      catalogCategories: { name: string; attributeDefinitions: { key: string }[] }[];
    }>(
      '{ catalogCategories { name parentId attributeDefinitions { key type options required } } }',
    );
    expect(categories.body.data?.catalogCategories.map((c) => c.name)).toEqual([
      'Knitwear',
      'Sweaters',
    ]);
  });
});
