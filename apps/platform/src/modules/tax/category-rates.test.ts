import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStaff,
  type Retailer,
  type StaffMember,
  signUpRetailer,
  type TestApp,
} from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import type { CategoryRatesView } from './category-rate-schemas.ts';
import {
  api,
  auditOf,
  createRate,
  createStore,
  createTaxCategory,
  expectRefusedWithoutTrace,
  putRates,
  setRates,
} from './test-support.ts';

let t: TestApp;
let owner: pg.Client;
let retailer: Retailer;
let other: Retailer;
let manager: StaffMember;
let cashier: StaffMember;
let uptown: string;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  retailer = await signUpRetailer(t.app, 'Set Retail');
  other = await signUpRetailer(t.app, 'Other Sets');
  uptown = await createStore(retailer.owner, 'Uptown');
  manager = await addStaff(t.app, retailer, 'manager', { storeIds: [retailer.storeId] });
  cashier = await addStaff(t.app, retailer, 'cashier');
});
afterAll(() => closeAppWithOwner({ t, owner }));

const ids = (rates: readonly { id: string }[]) => rates.map((rate) => rate.id);

describe('the rates of a tax category', () => {
  it('keep a tenant-wide set and store sets, in order, each replacement audited', async () => {
    const category = await createTaxCategory(retailer.owner);
    const state = await createRate(retailer.owner, 62_500);
    const city = await createRate(retailer.owner, 20_000);
    const special = await createRate(retailer.owner, 10_000, { compound: true });

    const empty = await retailer.owner.get<CategoryRatesView>(
      api(`/tax-categories/${category.id}/rates`),
    );
    expect(empty.body).toEqual({ tenantWide: [], stores: {} });

    await setRates(retailer.owner, category.id, [city.id, state.id]);
    const withStore = await setRates(retailer.owner, category.id, [state.id, special.id], uptown);
    expect(ids(withStore.tenantWide)).toEqual([city.id, state.id]);
    expect(Object.keys(withStore.stores)).toEqual([uptown]);
    expect(ids(withStore.stores[uptown] ?? [])).toEqual([state.id, special.id]);
    expect(withStore.stores[uptown]?.[1]).toMatchObject({ ratePpm: 10_000, compound: true });

    // A replacement puts the new order in place; explicit null is the tenant-wide set.
    const reordered = await setRates(retailer.owner, category.id, [state.id, city.id], null);
    expect(ids(reordered.tenantWide)).toEqual([state.id, city.id]);
    expect(ids(reordered.stores[uptown] ?? [])).toEqual([state.id, special.id]);

    // An empty store set removes it: the store falls back to the tenant-wide set.
    const cleared = await setRates(retailer.owner, category.id, [], uptown);
    expect(cleared.stores).toEqual({});

    const audit = await auditOf(owner, category.id);
    const replaced = audit.filter((event) => event.action === 'tax_category.rates_replaced');
    expect(replaced).toEqual([
      expect.objectContaining({
        store_id: null,
        before: { storeId: null, rateIds: [] },
        after: { storeId: null, rateIds: [city.id, state.id] },
      }),
      expect.objectContaining({
        store_id: uptown,
        before: { storeId: uptown, rateIds: [] },
        after: { storeId: uptown, rateIds: [state.id, special.id] },
      }),
      expect.objectContaining({
        before: { storeId: null, rateIds: [city.id, state.id] },
        after: { storeId: null, rateIds: [state.id, city.id] },
      }),
      expect.objectContaining({
        before: { storeId: uptown, rateIds: [state.id, special.id] },
        after: { storeId: uptown, rateIds: [] },
      }),
    ]);
  });

  it('accepts up to 20 rates and shows a rate archived later with archivedAt', async () => {
    const category = await createTaxCategory(retailer.owner);
    const rates = [];
    for (let index = 0; index < 20; index += 1) rates.push(await createRate(retailer.owner, index));
    const full = await setRates(retailer.owner, category.id, ids(rates));
    expect(ids(full.tenantWide)).toEqual(ids(rates));
    const [first] = rates;
    await retailer.owner.post(api(`/tax-rates/${first?.id}/archive`));
    const read = await retailer.owner.get<CategoryRatesView>(
      api(`/tax-categories/${category.id}/rates`),
    );
    expect(read.body.tenantWide[0]?.archivedAt).not.toBeNull();
  });

  it("shows a user limited to some stores only their stores' sets", async () => {
    const category = await createTaxCategory(retailer.owner);
    const rate = await createRate(retailer.owner, 30_000);
    await setRates(retailer.owner, category.id, [rate.id], retailer.storeId);
    await setRates(retailer.owner, category.id, [rate.id], uptown);
    const seen = await manager.caller.get<CategoryRatesView>(
      api(`/tax-categories/${category.id}/rates`),
    );
    expect(seen.status).toBe(200);
    expect(Object.keys(seen.body.stores)).toEqual([retailer.storeId]);
    const all = await cashier.caller.get<CategoryRatesView>(
      api(`/tax-categories/${category.id}/rates`),
    );
    expect(Object.keys(all.body.stores).sort()).toEqual([retailer.storeId, uptown].sort());
  });
});

describe('replacing a set refuses, writing nothing', () => {
  const refused = (
    attempt: Parameters<typeof expectRefusedWithoutTrace>[2],
    status: number,
    code: string,
  ) => expectRefusedWithoutTrace(owner, retailer.tenantId, attempt, status, code);

  it("another tenant's rate, store or category", async () => {
    const category = await createTaxCategory(retailer.owner);
    const mine = await createRate(retailer.owner, 10_000);
    await setRates(retailer.owner, category.id, [mine.id]);
    const theirRate = await createRate(other.owner, 50_000);
    const theirCategory = await createTaxCategory(other.owner);
    await refused(
      () => putRates(retailer.owner, category.id, [mine.id, theirRate.id]),
      404,
      'tax_rate.not_found',
    );
    await refused(
      () => putRates(retailer.owner, category.id, [mine.id], other.storeId),
      404,
      'store.not_found',
    );
    await refused(
      () => putRates(retailer.owner, theirCategory.id, [mine.id]),
      404,
      'tax_category.not_found',
    );
    await refused(
      () => retailer.owner.get(api(`/tax-categories/${theirCategory.id}/rates`)),
      404,
      'tax_category.not_found',
    );
  });

  it('an archived rate', async () => {
    const category = await createTaxCategory(retailer.owner);
    const rate = await createRate(retailer.owner, 10_000);
    await retailer.owner.post(api(`/tax-rates/${rate.id}/archive`));
    await refused(() => putRates(retailer.owner, category.id, [rate.id]), 422, 'tax_rate.archived');
  });

  it('duplicates, more than 20 rates, bad ids and unknown fields', async () => {
    const category = await createTaxCategory(retailer.owner);
    const rate = await createRate(retailer.owner, 10_000);
    await refused(
      () => putRates(retailer.owner, category.id, [rate.id, rate.id]),
      400,
      'validation.failed',
    );
    await refused(
      () =>
        putRates(
          retailer.owner,
          category.id,
          Array.from({ length: 21 }, () => rate.id),
        ),
      400,
      'validation.failed',
    );
    await refused(
      () => putRates(retailer.owner, category.id, ['not-a-uuid']),
      400,
      'validation.failed',
    );
    await refused(
      () => putRates(retailer.owner, 'not-a-uuid', [rate.id]),
      400,
      'validation.failed',
    );
    await refused(
      () =>
        retailer.owner.put(api(`/tax-categories/${category.id}/rates`), {
          rateIds: [rate.id],
          tenantId: other.tenantId,
        }),
      400,
      'validation.failed',
    );
  });

  it('managers and cashiers (settings.manage)', async () => {
    const category = await createTaxCategory(retailer.owner);
    const rate = await createRate(retailer.owner, 10_000);
    for (const caller of [manager.caller, cashier.caller]) {
      await refused(() => putRates(caller, category.id, [rate.id]), 403, 'auth.forbidden');
    }
  });
});
