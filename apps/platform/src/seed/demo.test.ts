import { hasValidCheckDigit } from '@tillpoint/domain';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LookupResultView } from '../modules/catalog/register-schemas.ts';
import type { StockLevelView } from '../modules/inventory/schemas.ts';
import { onHand } from '../modules/inventory/test-support.ts';
import type { SaleView } from '../modules/sales/sale-schemas.ts';
import { addLine, newSale, openDrawer, paid } from '../modules/sales/test-support.ts';
import { ownerContext } from '../testing/context.ts';
import type { TestApp } from '../testing/index.ts';
import { openRegisterShop, type RegisterShop } from '../testing/shops.ts';
import { closeAppWithOwner, openAppWithOwner } from '../testing/suite.ts';
import { type DemoCatalog, type DemoItem, seedDemoCatalog } from './demo-catalog.ts';
import { DEMO_PRODUCTS } from './demo-products.ts';

// The demo catalog seeded into a fresh retailer of the real test database, then used the way a
// register uses it: scans through the lookup API on a paired device, a cashier's sale.

let t: TestApp;
let owner: pg.Client;
let shop: RegisterShop;
let catalog: DemoCatalog;

const api = (path: string) => `/api/v1${path}`;

function item(sku: string): DemoItem {
  const found = catalog.items.find((candidate) => candidate.sku === sku);
  if (!found) throw new Error(`no demo item ${sku}`);
  return found;
}

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  shop = await openRegisterShop(t, 'Demo Catalog Goods');
  catalog = await seedDemoCatalog(
    t.app.services,
    ownerContext(shop.retailer),
    shop.retailer.storeId,
  );
}, 60_000);
afterAll(() => closeAppWithOwner({ t, owner }));

describe('the demo catalog', () => {
  it('gives every variant its own in-store EAN-13 that a paired register can scan', async () => {
    const variants = DEMO_PRODUCTS.flatMap((product) => product.variants);
    expect(DEMO_PRODUCTS.length).toBeGreaterThanOrEqual(15);
    expect(catalog.items).toHaveLength(variants.length);
    const barcodes = catalog.items.map((entry) => entry.barcode);
    expect(new Set(barcodes).size).toBe(barcodes.length);
    for (const code of barcodes) {
      expect(code).toMatch(/^2[0-9]{12}$/);
      expect(hasValidCheckDigit(code), code).toBe(true);
    }
    for (const entry of catalog.items) {
      const scanned = await shop.device.get<LookupResultView>(
        api(`/catalog/lookup?barcode=${entry.barcode}`),
      );
      expect(scanned.status, JSON.stringify(scanned.body)).toBe(200);
      expect(scanned.body.item).toMatchObject({
        variantId: entry.variantId,
        sku: entry.sku,
        name: entry.name,
        priceMinor: entry.priceMinor,
        archived: false,
      });
      expect(scanned.body.embedded).toBeNull();
    }
  });

  it('sells bananas by weight under PLU 4011 and gift wrap without stock', async () => {
    const byPlu = await shop.device.get<LookupResultView>(api('/catalog/lookup?plu=4011'));
    expect(byPlu.status, JSON.stringify(byPlu.body)).toBe(200);
    expect(byPlu.body.item).toMatchObject({ sku: 'PROD-BANANA', unit: 'weight', plu: '4011' });
    expect(catalog.produce).toEqual({ name: 'Bananas', plu: '4011', pricePerKgMinor: 152 });
    const wrap = await shop.device.get<LookupResultView>(
      api(`/catalog/lookup?barcode=${item('SVC-GIFTWRAP').barcode}`),
    );
    expect(wrap.body.item.trackStock).toBe(false);
  });

  it('has opening stock of 20 to 60 on hand at the store for every stocked variant', async () => {
    const response = await shop.retailer.owner.get<{ levels: StockLevelView[] }>(
      api(`/stores/${shop.retailer.storeId}/stock?limit=100`),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const levels = new Map(response.body.levels.map((level) => [level.variantId, level.onHand]));
    for (const product of DEMO_PRODUCTS) {
      for (const variant of product.variants) {
        const level = levels.get(item(variant.sku).variantId);
        if (product.trackStock === false) {
          expect(level ?? 0, variant.sku).toBe(0);
        } else {
          expect(level, variant.sku).toBe(variant.openingStock);
          expect(level).toBeGreaterThanOrEqual(20);
          expect(level).toBeLessThanOrEqual(60);
        }
      }
    }
  });

  it('charges New York City sales tax of 8.875 % on a cashier sale, none on grocery food', async () => {
    expect(catalog.taxRate).toMatchObject({ name: 'New York City sales tax', ratePpm: 88_750 });
    await openDrawer(shop.till, shop.registerId);
    const chocolate = item('CHOC-DARK-72');
    const honey = item('HONEY-WILD-12');
    const bananas = item('PROD-BANANA');
    const opened = await newSale(shop.till);
    await addLine(shop.till, opened.id, { variantId: chocolate.variantId, quantity: 2 });
    await addLine(shop.till, opened.id, { variantId: honey.variantId, quantity: 1 });
    const sale: SaleView = await addLine(shop.till, opened.id, {
      variantId: bananas.variantId,
      quantity: 0.75,
    });
    expect(sale.lines.map((line) => [line.sku, line.netMinor, line.taxes])).toEqual([
      // 2 x 4.99 = 9.98; 9.98 x 8.875 % = 0.885725, rounded half up.
      ['CHOC-DARK-72', 998, [{ rateId: catalog.taxRate.id, ratePpm: 88_750, taxMinor: 89 }]],
      ['HONEY-WILD-12', 1200, []],
      // 0.75 kg at 1.52/kg = 1.14.
      ['PROD-BANANA', 114, []],
    ]);
    expect(sale.totals).toMatchObject({ subtotalMinor: 2312, taxMinor: 89, totalMinor: 2401 });

    const settled = await paid(shop.till, sale.id, {
      kind: 'cash',
      amountMinor: 2500,
      expectedTotalMinor: 2401,
    });
    expect(settled).toMatchObject({ status: 'completed', changeMinor: 99 });
    expect(await onHand(owner, shop.retailer.storeId, chocolate.variantId)).toBe(46);
  });
});
