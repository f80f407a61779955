import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStaff,
  type Caller,
  createTestApp,
  pairDevice,
  type Retailer,
  type StaffMember,
  signUpRetailer,
  type TestApp,
} from '../../testing/index.ts';
import type { TaxRateView } from './rate-schemas.ts';
import { resolveVariantTaxes } from './tax-table.ts';
import type { TaxTableView } from './tax-table-schemas.ts';
import {
  api,
  createRate,
  createStore,
  createTaxCategory,
  createVariant,
  setRates,
} from './test-support.ts';

let t: TestApp;
let retailer: Retailer;
let storeA: string;
let storeB: string;
let cashierA: StaffMember;
let device: Caller;
const rate: Record<string, TaxRateView> = {};
const category: Record<string, string> = {};
const variant: Record<string, string> = {};

// Store A is in a city with its own set for the standard category; store B charges the
// tenant-wide one. FOOD has no rates; COMPOUND charges a provincial rate on top of a federal one;
// products without a tax category fall to DEFAULT.
beforeAll(async () => {
  t = await createTestApp();
  retailer = await signUpRetailer(t.app, 'Table Traders');
  storeA = retailer.storeId;
  storeB = await createStore(retailer.owner, 'Suburb');
  cashierA = await addStaff(t.app, retailer, 'cashier', { storeIds: [storeA] });
  device = (await pairDevice(t.app, retailer.owner, storeA)).device;
  rate.state = await createRate(retailer.owner, 62_500, { code: 'STATE' });
  rate.city = await createRate(retailer.owner, 20_000, { code: 'CITY' });
  rate.local = await createRate(retailer.owner, 10_000, { code: 'LOCAL-A' });
  rate.gst = await createRate(retailer.owner, 50_000, { code: 'GST' });
  rate.pst = await createRate(retailer.owner, 95_000, { code: 'PST', compound: true });
  for (const code of ['STANDARD', 'FOOD', 'COMPOUND'])
    category[code] = (await createTaxCategory(retailer.owner, { code })).id;
  category.DEFAULT = (
    await createTaxCategory(retailer.owner, { code: 'DEFAULT', isDefault: true })
  ).id;
  const id = (name: string) => rate[name]?.id ?? '';
  await setRates(retailer.owner, category.STANDARD ?? '', [id('state'), id('city')]);
  await setRates(retailer.owner, category.STANDARD ?? '', [id('local'), id('state')], storeA);
  await setRates(retailer.owner, category.COMPOUND ?? '', [id('gst'), id('pst')]);
  await setRates(retailer.owner, category.DEFAULT ?? '', [id('state')]);
  variant.standard = await createVariant(retailer.owner, category.STANDARD ?? null);
  variant.food = await createVariant(retailer.owner, category.FOOD ?? null);
  variant.compound = await createVariant(retailer.owner, category.COMPOUND ?? null);
  variant.uncategorised = await createVariant(retailer.owner, null);
});
afterAll(async () => {
  await t.close();
});

async function table(caller: Caller, storeId: string): Promise<TaxTableView> {
  const response = await caller.get<TaxTableView>(api(`/stores/${storeId}/tax-table`));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

const chargedIn = (taxTable: TaxTableView, taxCategoryId: string | null) =>
  taxTable.categories.find((entry) => entry.id === taxCategoryId)?.rates.map((r) => r.id) ?? [];

async function resolved(tenantId: string, storeId: string, variantIds: string[]) {
  return t.db.withTenant({ tenantId }, (tx) => resolveVariantTaxes(tx, storeId, variantIds));
}

/** The register's table and the server's resolution name the same rates for every variant. */
async function expectAgreement(retailerOf: Retailer, storeId: string, variantIds: string[]) {
  const taxTable = await table(retailerOf.owner, storeId);
  const server = await resolved(retailerOf.tenantId, storeId, variantIds);
  expect(server.size).toBe(variantIds.length);
  for (const [variantId, taxes] of server) {
    const categoryId = taxes.taxCategoryId;
    // What the register does offline: the product's category, else the default one.
    const entry = taxTable.categories.find((c) => c.id === categoryId);
    expect(categoryId === null ? taxTable.defaultTaxCategoryId : entry?.id, variantId).toBe(
      categoryId,
    );
    expect(entry?.rates ?? [], variantId).toEqual(
      taxes.rates.map((r) => ({ id: r.id, ratePpm: r.ratePpm, compound: r.compound === true })),
    );
  }
}

describe("a store's tax table", () => {
  it('lists every category with the rates charged in that store, in order', async () => {
    const id = (name: string) => rate[name]?.id;
    const a = await table(retailer.owner, storeA);
    expect(a).toMatchObject({
      taxMode: 'exclusive',
      taxRounding: 'line',
      roundingMode: 'half_up',
      currency: 'USD',
      cashIncrementMinor: 1,
      defaultTaxCategoryId: category.DEFAULT,
    });
    expect(a.categories.map((c) => c.code)).toEqual(['COMPOUND', 'DEFAULT', 'FOOD', 'STANDARD']);
    expect(chargedIn(a, category.STANDARD ?? '')).toEqual([id('local'), id('state')]);
    expect(chargedIn(a, category.FOOD ?? '')).toEqual([]);
    expect(a.categories.find((c) => c.code === 'COMPOUND')?.rates).toEqual([
      { id: id('gst'), ratePpm: 50_000, compound: false },
      { id: id('pst'), ratePpm: 95_000, compound: true },
    ]);
    const b = await table(retailer.owner, storeB);
    expect(chargedIn(b, category.STANDARD ?? '')).toEqual([id('state'), id('city')]);
    expect(chargedIn(b, category.DEFAULT ?? '')).toEqual([id('state')]);
  });

  it('agrees with resolveVariantTaxes in each store', async () => {
    const id = (name: string) => rate[name]?.id;
    const all = Object.values(variant);
    const inA = await resolved(retailer.tenantId, storeA, all);
    expect(inA.get(variant.standard ?? '')?.rates.map((r) => r.id)).toEqual([
      id('local'),
      id('state'),
    ]);
    expect(inA.get(variant.food ?? '')).toEqual({ taxCategoryId: category.FOOD, rates: [] });
    expect(inA.get(variant.compound ?? '')?.rates).toEqual([
      { id: id('gst'), ratePpm: 50_000 },
      { id: id('pst'), ratePpm: 95_000, compound: true },
    ]);
    expect(inA.get(variant.uncategorised ?? '')).toEqual({
      taxCategoryId: category.DEFAULT,
      rates: [{ id: id('state'), ratePpm: 62_500 }],
    });
    const inB = await resolved(retailer.tenantId, storeB, all);
    expect(inB.get(variant.standard ?? '')?.rates.map((r) => r.id)).toEqual([
      id('state'),
      id('city'),
    ]);
    await expectAgreement(retailer, storeA, all);
    await expectAgreement(retailer, storeB, all);
  });

  it('stops charging archived rates, also in a store set that had only those', async () => {
    const local = await createRate(retailer.owner, 15_000);
    const food = await createTaxCategory(retailer.owner);
    const other = await createRate(retailer.owner, 40_000);
    await setRates(retailer.owner, food.id, [other.id]);
    await setRates(retailer.owner, food.id, [local.id], storeB);
    const item = await createVariant(retailer.owner, food.id);
    expect(chargedIn(await table(retailer.owner, storeB), food.id)).toEqual([local.id]);
    await retailer.owner.post(api(`/tax-rates/${local.id}/archive`));
    // The store's own set still replaces the tenant-wide one; it now charges nothing.
    expect(chargedIn(await table(retailer.owner, storeB), food.id)).toEqual([]);
    expect(chargedIn(await table(retailer.owner, storeA), food.id)).toEqual([other.id]);
    await expectAgreement(retailer, storeA, [item]);
    await expectAgreement(retailer, storeB, [item]);
  });

  it('shows a rate change at once (sales opened afterwards use it)', async () => {
    const changing = await createRate(retailer.owner, 30_000);
    const cat = await createTaxCategory(retailer.owner);
    await setRates(retailer.owner, cat.id, [changing.id]);
    await retailer.owner.patch(api(`/tax-rates/${changing.id}`), { ratePpm: 35_000 });
    const entry = (await table(retailer.owner, storeA)).categories.find((c) => c.id === cat.id);
    expect(entry?.rates).toEqual([{ id: changing.id, ratePpm: 35_000, compound: false }]);
  });

  it('leaves products without a category untaxed when there is no default category', async () => {
    const other = await signUpRetailer(t.app, 'No Default Co');
    const item = await createVariant(other.owner, null);
    const taxTable = await table(other.owner, other.storeId);
    expect(taxTable.defaultTaxCategoryId).toBeNull();
    expect(await resolved(other.tenantId, other.storeId, [item])).toEqual(
      new Map([[item, { taxCategoryId: null, rates: [] }]]),
    );
    await expectAgreement(other, other.storeId, [item]);
  });

  it('is readable by a paired device and by staff for their own store only', async () => {
    const deviceTable = await table(device, storeA);
    expect(deviceTable).toEqual(await table(retailer.owner, storeA));
    const refusedDevice = await device.get(api(`/stores/${storeB}/tax-table`));
    expect(refusedDevice.status).toBe(403);
    expect(refusedDevice.body.code).toBe('auth.store_forbidden');
    expect((await table(cashierA.caller, storeA)).categories.length).toBeGreaterThan(0);
    const refusedCashier = await cashierA.caller.get(api(`/stores/${storeB}/tax-table`));
    expect(refusedCashier.body.code).toBe('auth.store_forbidden');
  });

  it("refuses another tenant's store, an unknown one and a bad id", async () => {
    const other = await signUpRetailer(t.app, 'Elsewhere');
    const theirs = await retailer.owner.get(api(`/stores/${other.storeId}/tax-table`));
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe('store.not_found');
    const bad = await retailer.owner.get(api('/stores/not-a-uuid/tax-table'));
    expect(bad.body.code).toBe('validation.failed');
  });

  it('is the same over GraphQL', async () => {
    const response = await device.graphql<{ taxTable: TaxTableView }>(
      `query($storeId: ID!) { taxTable(storeId: $storeId) {
        taxMode taxRounding roundingMode currency cashIncrementMinor defaultTaxCategoryId
        categories { id code rates { id ratePpm compound } } } }`,
      { storeId: storeA },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.taxTable).toEqual(await table(retailer.owner, storeA));
    const refused = await device.graphql('query($s: ID!) { taxTable(storeId: $s) { currency } }', {
      s: storeB,
    });
    expect(refused.body.errors?.[0]?.extensions.code).toBe('auth.store_forbidden');
  });
});
