import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Retailer,
  type StaffMember,
  signUpRetailer,
  type TestApp,
} from '../../testing/index.ts';
import { addStaffRoles, closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import { api, auditOf, expectRefusedWithoutTrace } from '../tax/test-support.ts';
import { loadSalesSettings } from './settings.ts';
import type { SalesSettingsView } from './settings-schemas.ts';

let t: TestApp;
let owner: pg.Client;
let retailer: Retailer;
let other: Retailer;
let admin: StaffMember;
let manager: StaffMember;
let cashier: StaffMember;
let accountant: StaffMember;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  retailer = await signUpRetailer(t.app, 'Settings Store');
  other = await signUpRetailer(t.app, 'Other Settings');
  ({ admin, manager, cashier, accountant } = await addStaffRoles(t, retailer, [
    'admin',
    'manager',
    'cashier',
    'accountant',
  ]));
});
afterAll(() => closeAppWithOwner({ t, owner }));

const read = async (caller = retailer.owner) => {
  const response = await caller.get<SalesSettingsView>(api('/settings/sales'));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
};
const change = (body: Record<string, unknown>, caller = retailer.owner) =>
  caller.patch<SalesSettingsView>(api('/settings/sales'), body);

describe('sales settings', () => {
  it('start from the defaults and are readable by every role', async () => {
    const defaults = {
      currency: 'USD',
      taxMode: 'exclusive',
      taxRounding: 'line',
      roundingMode: 'half_up',
      cashIncrementMinor: null,
      effectiveCashIncrementMinor: 1,
      refundDestination: 'original_tenders',
      discountLimits: { cashier: 100_000 },
      offlineTenders: ['cash', 'external', 'other'],
    };
    expect(await read()).toEqual(defaults);
    for (const member of [manager, cashier, accountant])
      expect(await read(member.caller)).toEqual(defaults);
  });

  it('round-trip every field, audited before and after, and feed the sales engine', async () => {
    const body = {
      taxMode: 'inclusive',
      taxRounding: 'document',
      roundingMode: 'half_even',
      cashIncrementMinor: 5,
      refundDestination: 'store_credit',
      discountLimits: { cashier: 50_000, manager: 250_000, admin: 1_000_000 },
      offlineTenders: ['cash'],
    };
    const changed = await change(body, admin.caller);
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toEqual({ currency: 'USD', effectiveCashIncrementMinor: 5, ...body });
    expect(await read()).toEqual(changed.body);

    const engine = await t.db.withTenant(retailer, (tx) => loadSalesSettings(tx));
    expect(engine).toMatchObject({
      taxMode: 'inclusive',
      taxRounding: 'document',
      roundingMode: 'half_even',
      cashIncrementMinor: 5,
      refundDestination: 'store_credit',
      discountLimits: body.discountLimits,
    });

    const audit = (await auditOf(owner, retailer.tenantId)).filter(
      (event) => event.action === 'sales_settings.updated',
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      before: { taxMode: 'exclusive', cashIncrementMinor: null },
      after: { taxMode: 'inclusive', cashIncrementMinor: 5 },
    });

    // Only the fields sent change; null returns to the currency's smallest coin; an empty map
    // lifts every limit.
    const partial = await change({ cashIncrementMinor: null, discountLimits: {} });
    expect(partial.body).toMatchObject({
      taxMode: 'inclusive',
      cashIncrementMinor: null,
      effectiveCashIncrementMinor: 1,
      discountLimits: {},
    });
    const engineAfter = await t.db.withTenant(retailer, (tx) => loadSalesSettings(tx));
    expect(engineAfter.cashIncrementMinor).toBe(1);
    // The tax table a register prices with follows at once.
    const taxTable = await retailer.owner.get(api(`/stores/${retailer.storeId}/tax-table`));
    expect(taxTable.body).toMatchObject({ taxMode: 'inclusive', cashIncrementMinor: 1 });
    // Another tenant's settings are untouched.
    expect((await read(other.owner)).taxMode).toBe('exclusive');
  });

  it('show over GraphQL', async () => {
    await change({ discountLimits: { cashier: 75_000 } });
    const response = await cashier.caller.graphql<{
      salesSettings: { taxMode: string; discountLimits: { role: string; ppm: number }[] };
    }>('{ salesSettings { taxMode effectiveCashIncrementMinor discountLimits { role ppm } } }');
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.salesSettings.discountLimits).toEqual([
      { role: 'cashier', ppm: 75_000 },
    ]);
  });
});

describe('sales settings refusals write nothing', () => {
  const refused = (
    body: Record<string, unknown>,
    status: number,
    code: string,
    caller = retailer.owner,
  ) =>
    expectRefusedWithoutTrace(owner, retailer.tenantId, () => change(body, caller), status, code);

  it('refuse roles without settings.manage', async () => {
    for (const member of [manager, cashier, accountant])
      await refused({ taxMode: 'inclusive' }, 403, 'auth.forbidden', member.caller);
  });

  it('refuse limiting the owner and unknown roles', async () => {
    await refused({ discountLimits: { owner: 0 } }, 422, 'sales_settings.owner_unlimited');
    await refused(
      { discountLimits: { cashier: 1, barista: 5 } },
      422,
      'sales_settings.unknown_role',
    );
    await refused({ discountLimits: { constructor: 5 } }, 422, 'sales_settings.unknown_role');
  });

  it('refuse bad values, unknown fields and empty changes', async () => {
    for (const body of [
      {},
      { taxMode: 'sometimes' },
      { taxRounding: 'never' },
      { roundingMode: 'half_down' },
      { refundDestination: 'cash' },
      { cashIncrementMinor: 0 },
      { cashIncrementMinor: -5 },
      { cashIncrementMinor: 2.5 },
      { cashIncrementMinor: '5' },
      { discountLimits: { cashier: -1 } },
      { discountLimits: { cashier: 1_000_001 } },
      { discountLimits: { cashier: 0.5 } },
      { discountLimits: [] },
      { currency: 'EUR' },
      { allowNegativeStock: true },
      { offlineTenders: ['card'] },
      { offlineTenders: ['gift_card'] },
      { offlineTenders: ['store_credit'] },
      { offlineTenders: ['cash', 'cash'] },
      { offlineTenders: 'cash' },
    ])
      await refused(body, 400, 'validation.failed');
  });
});
