import { connectAsAppRole } from '@tillpoint/db/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Retailer, signUpRetailer, type TestApp } from '../../testing/index.ts';
import type { CatalogItemView, ChangesPageView } from './register-schemas.ts';
import type { ProductView } from './schemas.ts';
import { createProduct, expectCode, firstVariant, freshEan13, freshSku } from './testing.ts';

let t: TestApp;
let retailer: Retailer;

beforeAll(async () => {
  t = await createTestApp();
  retailer = await signUpRetailer(t.app, 'Delta Deli');
});
afterAll(() => t.close());

function page(cursor: string | null, limit = 500) {
  const after = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
  return retailer.owner.get<ChangesPageView>(
    `/api/v1/catalog/changes?storeId=${retailer.storeId}&limit=${limit}${after}`,
  );
}

/** Reads every change available now, page by page, as a register would. */
async function drain(cursor: string | null, limit = 500) {
  const items: CatalogItemView[] = [];
  let next = cursor;
  for (;;) {
    const response = await page(next, limit);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    items.push(...response.body.items);
    next = response.body.nextCursor;
    if (!response.body.hasMore) return { items, cursor: next };
  }
}

/**
 * Changes only show once every older transaction on the server has finished, and other test
 * files write concurrently, so a change may take a moment to appear: poll briefly for it.
 */
async function drainUntil(
  cursor: string,
  done: (items: CatalogItemView[]) => boolean,
): Promise<{ items: CatalogItemView[]; cursor: string }> {
  const items: CatalogItemView[] = [];
  let next = cursor;
  for (let attempt = 0; attempt < 50; attempt++) {
    const read = await drain(next);
    items.push(...read.items);
    next = read.cursor ?? next;
    if (done(items)) return { items, cursor: next };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`changes did not arrive: ${JSON.stringify(items)}`);
}

function idsOf(items: CatalogItemView[]): string[] {
  return items.map((item) => item.variantId);
}

describe('catalog delta feed', () => {
  let shirt: ProductView;
  let cursor: string;

  it('starts with everything, in pages, priced for the store', async () => {
    const tax = await retailer.owner.post<{ id: string }>('/api/v1/catalog/tax-categories', {
      name: 'Standard',
      code: 'STD',
    });
    shirt = await createProduct(retailer.owner, {
      name: 'Field Shirt',
      taxCategoryId: tax.body.id,
      optionNames: ['Size'],
      variants: ['S', 'M', 'L'].map((size) => ({
        sku: freshSku(`FS-${size}`),
        optionValues: [size],
        priceMinor: 3000,
        barcodes: [{ code: freshEan13() }],
      })),
    });
    await createProduct(retailer.owner, { name: 'Field Cap' });
    const everything = await drainUntil('', (items) => items.length >= 4);
    cursor = everything.cursor;
    expect(everything.items).toHaveLength(4);
    expect(everything.items.find((i) => i.variantId === firstVariant(shirt).id)).toMatchObject({
      name: 'Field Shirt - S',
      productName: 'Field Shirt',
      variantLabel: 'S',
      priceMinor: 3000,
      taxCategoryCode: 'STD',
      archived: false,
    });
    const paged = await drain(null, 1);
    expect(idsOf(paged.items)).toEqual(idsOf(everything.items));
    const first = await page(null, 3);
    expect(first.body).toMatchObject({ hasMore: true });
    expect(first.body.items).toHaveLength(3);
  });

  it('returns nothing, and the same cursor, when nothing changed', async () => {
    const idle = await page(cursor);
    expect(idle.body).toEqual({ items: [], nextCursor: cursor, hasMore: false });
  });

  it('reports price, store price, barcode, rename, tax code and archive changes', async () => {
    const [small, medium, large] = shirt.variants;
    if (!small || !medium || !large) throw new Error('three sizes expected');
    await retailer.owner.patch(`/api/v1/catalog/variants/${small.id}`, { priceMinor: 2800 });
    let read = await drainUntil(cursor, (items) => items.some((i) => i.priceMinor === 2800));
    expect(read.items).toEqual([
      expect.objectContaining({ variantId: small.id, priceMinor: 2800 }),
    ]);
    cursor = read.cursor;

    await retailer.owner.put(
      `/api/v1/catalog/variants/${medium.id}/store-prices/${retailer.storeId}`,
      { priceMinor: 2500 },
    );
    read = await drainUntil(cursor, (items) => items.length > 0);
    expect(read.items).toEqual([
      expect.objectContaining({ variantId: medium.id, priceMinor: 2500, basePriceMinor: 3000 }),
    ]);
    cursor = read.cursor;

    const code = freshEan13();
    await retailer.owner.post(`/api/v1/catalog/variants/${large.id}/barcodes`, { code });
    read = await drainUntil(cursor, (items) => items.length > 0);
    expect(read.items).toEqual([expect.objectContaining({ variantId: large.id })]);
    expect(read.items[0]?.barcodes).toContain(code);
    cursor = read.cursor;

    await retailer.owner.request('DELETE', `/api/v1/catalog/variants/${large.id}/barcodes/${code}`);
    read = await drainUntil(cursor, (items) => items.length > 0);
    expect(read.items[0]?.barcodes).not.toContain(code);
    cursor = read.cursor;

    await retailer.owner.patch(`/api/v1/catalog/products/${shirt.id}`, { name: 'Field Shirt II' });
    read = await drainUntil(cursor, (items) => items.length >= 3);
    expect(new Set(read.items.map((i) => i.productName))).toEqual(new Set(['Field Shirt II']));
    expect(new Set(idsOf(read.items))).toEqual(new Set([small.id, medium.id, large.id]));
    cursor = read.cursor;

    const taxCategoryId = shirt.taxCategoryId ?? '';
    await retailer.owner.patch(`/api/v1/catalog/tax-categories/${taxCategoryId}`, { code: 'STD2' });
    read = await drainUntil(cursor, (items) => items.length >= 3);
    expect(new Set(read.items.map((i) => i.taxCategoryCode))).toEqual(new Set(['STD2']));
    cursor = read.cursor;

    await retailer.owner.post(`/api/v1/catalog/products/${shirt.id}/archive`);
    read = await drainUntil(cursor, (items) => items.length >= 3);
    expect(read.items.every((i) => i.archived)).toBe(true);
    cursor = read.cursor;
  });

  it('never skips a change when transactions commit out of order', async () => {
    const a = firstVariant(await createProduct(retailer.owner, { name: 'Slow Writer' }));
    const b = firstVariant(await createProduct(retailer.owner, { name: 'Fast Writer' }));
    cursor = (await drainUntil(cursor, (items) => idsOf(items).includes(b.id))).cursor;

    const slow: pg.Client = await connectAsAppRole();
    const fast: pg.Client = await connectAsAppRole();
    try {
      for (const client of [slow, fast]) {
        await client.query('begin');
        await client.query("select set_config('app.tenant_id', $1, true)", [retailer.tenantId]);
      }
      // The slow transaction takes its id first, then the fast one commits before it.
      await slow.query('update variants set price_minor = 111 where id = $1', [a.id]);
      await fast.query('update variants set price_minor = 222 where id = $1', [b.id]);
      await fast.query('commit');

      // B committed, but an older transaction is still open: the feed must not hand B out yet,
      // or the cursor would move past A's (smaller) transaction id and lose it for good.
      const whileOpen = await drain(cursor);
      expect(idsOf(whileOpen.items)).not.toContain(b.id);
      expect(idsOf(whileOpen.items)).not.toContain(a.id);
      cursor = whileOpen.cursor ?? cursor;

      await slow.query('commit');
      const after = await drainUntil(cursor, (items) => {
        const ids = idsOf(items);
        return ids.includes(a.id) && ids.includes(b.id);
      });
      expect(after.items.filter((i) => [a.id, b.id].includes(i.variantId))).toEqual([
        expect.objectContaining({ variantId: a.id, priceMinor: 111 }),
        expect.objectContaining({ variantId: b.id, priceMinor: 222 }),
      ]);
    } finally {
      await slow.query('rollback').catch(() => {});
      await fast.query('rollback').catch(() => {});
      await slow.end();
      await fast.end();
    }
  });

  it('refuses a forged cursor and a store of another tenant', async () => {
    expectCode(await page('bm90LWEtY3Vyc29y'), 422, 'catalog.invalid_cursor');
    const forged = Buffer.from(
      JSON.stringify({ by: 'change', xid: '99999999999999999999', id: shirt.id }),
    ).toString('base64url');
    expectCode(await page(forged), 422, 'catalog.invalid_cursor');
    const other = await signUpRetailer(t.app, 'Other Deli');
    expectCode(
      await retailer.owner.get(`/api/v1/catalog/changes?storeId=${other.storeId}`),
      404,
      'store.not_found',
    );
  });
});
