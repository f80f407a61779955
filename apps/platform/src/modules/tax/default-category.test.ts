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
import type { TaxCategoryView } from '../catalog/taxonomy-schemas.ts';
import { resolveVariantTaxes } from './tax-table.ts';
import {
  api,
  auditOf,
  createRate,
  createTaxCategory,
  createVariant,
  expectRefusedWithoutTrace,
  setRates,
} from './test-support.ts';

let t: TestApp;
let owner: pg.Client;
let retailer: Retailer;
let cashier: StaffMember;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  retailer = await signUpRetailer(t.app, 'Default Goods');
  cashier = await addStaff(t.app, retailer, 'cashier');
});
afterAll(() => closeAppWithOwner({ t, owner }));

async function defaults(tenantId: string): Promise<string[]> {
  const { rows } = await owner.query<{ id: string }>(
    'select id from tax_categories where tenant_id = $1 and is_default',
    [tenantId],
  );
  return rows.map((row) => row.id);
}

const makeDefault = (id: string, isDefault = true) =>
  retailer.owner.patch<TaxCategoryView>(api(`/catalog/tax-categories/${id}`), { isDefault });

describe('the default tax category', () => {
  it('moves to the category made default, the previous one cleared and audited', async () => {
    const first = await createTaxCategory(retailer.owner, { isDefault: true });
    expect(first.isDefault).toBe(true);
    const second = await createTaxCategory(retailer.owner, { isDefault: true });
    expect(await defaults(retailer.tenantId)).toEqual([second.id]);
    const list = await retailer.owner.get<TaxCategoryView[]>(api('/catalog/tax-categories'));
    expect(list.body.filter((c) => c.isDefault).map((c) => c.id)).toEqual([second.id]);
    const cleared = (await auditOf(owner, first.id)).at(-1);
    expect(cleared).toMatchObject({
      action: 'tax_category.updated',
      before: { isDefault: true },
      after: { isDefault: false },
    });

    const back = await makeDefault(first.id);
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body.isDefault).toBe(true);
    expect(await defaults(retailer.tenantId)).toEqual([first.id]);
    // Making the default the default again changes nothing else.
    expect((await makeDefault(first.id)).status).toBe(200);
    expect(await defaults(retailer.tenantId)).toEqual([first.id]);
    // A rename leaves the flag alone.
    const renamed = await retailer.owner.patch<TaxCategoryView>(
      api(`/catalog/tax-categories/${first.id}`),
      { name: 'Standard goods' },
    );
    expect(renamed.body.isDefault).toBe(true);
  });

  it('taxes products without a category, and none once unset', async () => {
    const standard = await createTaxCategory(retailer.owner, { isDefault: true });
    const rate = await createRate(retailer.owner, 80_000);
    await setRates(retailer.owner, standard.id, [rate.id]);
    const item = await createVariant(retailer.owner, null);
    const taxesOf = () =>
      t.db.withTenant(retailer, (tx) => resolveVariantTaxes(tx, retailer.storeId, [item]));
    expect((await taxesOf()).get(item)).toEqual({
      taxCategoryId: standard.id,
      rates: [{ id: rate.id, ratePpm: 80_000 }],
    });
    expect((await makeDefault(standard.id, false)).body.isDefault).toBe(false);
    expect(await defaults(retailer.tenantId)).toEqual([]);
    expect((await taxesOf()).get(item)).toEqual({ taxCategoryId: null, rates: [] });
  });

  it('stays single when two requests make different categories default at once', async () => {
    const a = await createTaxCategory(retailer.owner);
    const b = await createTaxCategory(retailer.owner);
    const responses = await Promise.all([makeDefault(a.id), makeDefault(b.id)]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    const now = await defaults(retailer.tenantId);
    expect(now).toHaveLength(1);
    expect([a.id, b.id]).toContain(now[0]);
  });

  it('cannot be set by a cashier, and a refusal changes nothing', async () => {
    const category = await createTaxCategory(retailer.owner);
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () =>
        cashier.caller.patch(api(`/catalog/tax-categories/${category.id}`), { isDefault: true }),
      403,
      'auth.forbidden',
    );
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () =>
        retailer.owner.patch(api(`/catalog/tax-categories/${category.id}`), { isDefault: 'yes' }),
      400,
      'validation.failed',
    );
  });
});
