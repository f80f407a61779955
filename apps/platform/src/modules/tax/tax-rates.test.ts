import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Retailer,
  type StaffMember,
  signUpRetailer,
  type TestApp,
} from '../../testing/index.ts';
import { addStaffRoles, closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import type { TaxRateView } from './rate-schemas.ts';
import { api, auditOf, createRate, expectRefusedWithoutTrace } from './test-support.ts';

let t: TestApp;
let owner: pg.Client;
let retailer: Retailer;
let other: Retailer;
let admin: StaffMember;
let manager: StaffMember;
let cashier: StaffMember;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  retailer = await signUpRetailer(t.app, 'Rate Retail');
  other = await signUpRetailer(t.app, 'Other Rates');
  ({ admin, manager, cashier } = await addStaffRoles(t, retailer, ['admin', 'manager', 'cashier']));
});
afterAll(() => closeAppWithOwner({ t, owner }));

describe('tax rates', () => {
  it('are created, read by every role, changed and archived, each change audited', async () => {
    const created = await retailer.owner.post<TaxRateView>(api('/tax-rates'), {
      code: 'TX-STATE',
      name: '  Texas state  ',
      ratePpm: 62_500,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      code: 'TX-STATE',
      name: 'Texas state',
      ratePpm: 62_500,
      compound: false,
      archivedAt: null,
    });
    const id = created.body.id;

    // Every role prices with rates, so every role reads them (catalog.read).
    for (const caller of [cashier.caller, manager.caller]) {
      const list = await caller.get<TaxRateView[]>(api('/tax-rates'));
      expect(list.status).toBe(200);
      expect(list.body.map((rate) => rate.id)).toContain(id);
      expect((await caller.get<TaxRateView>(api(`/tax-rates/${id}`))).body.code).toBe('TX-STATE');
    }

    const changed = await admin.caller.patch<TaxRateView>(api(`/tax-rates/${id}`), {
      ratePpm: 82_500,
      compound: true,
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Texas state', ratePpm: 82_500, compound: true });

    const archived = await retailer.owner.post<TaxRateView>(api(`/tax-rates/${id}/archive`));
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).not.toBeNull();
    // Archiving again is harmless and records nothing more.
    const again = await retailer.owner.post<TaxRateView>(api(`/tax-rates/${id}/archive`));
    expect(again.body.archivedAt).toBe(archived.body.archivedAt);

    const active = await retailer.owner.get<TaxRateView[]>(api('/tax-rates'));
    expect(active.body.map((rate) => rate.id)).not.toContain(id);
    const all = await retailer.owner.get<TaxRateView[]>(api('/tax-rates?includeArchived=true'));
    expect(all.body.map((rate) => rate.id)).toContain(id);

    const audit = await auditOf(owner, id);
    expect(audit.map((event) => event.action)).toEqual([
      'tax_rate.created',
      'tax_rate.updated',
      'tax_rate.archived',
    ]);
    expect(audit[1]).toMatchObject({
      before: { ratePpm: 62_500, compound: false },
      after: { ratePpm: 82_500, compound: true },
    });
  });

  it('accepts the bounds 0 and 1 000 000 ppm', async () => {
    expect((await createRate(retailer.owner, 0)).ratePpm).toBe(0);
    expect((await createRate(retailer.owner, 1_000_000)).ratePpm).toBe(1_000_000);
  });

  it('shows in GraphQL for every role', async () => {
    const rate = await createRate(retailer.owner, 50_000);
    const response = await cashier.caller.graphql<{ taxRates: { id: string; ratePpm: number }[] }>(
      '{ taxRates { id ratePpm compound } }',
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.taxRates).toContainEqual({
      id: rate.id,
      ratePpm: 50_000,
      compound: false,
    });
  });
});

describe('tax rate refusals write nothing', () => {
  const refused = (
    attempt: Parameters<typeof expectRefusedWithoutTrace>[2],
    status: number,
    code: string,
  ) => expectRefusedWithoutTrace(owner, retailer.tenantId, attempt, status, code);

  it('refuses rates outside 0..1 000 000 ppm, fractions and strings', async () => {
    for (const ratePpm of [-1, 1_000_001, 62.5, '62500', null]) {
      await refused(
        () => retailer.owner.post(api('/tax-rates'), { code: 'BAD', name: 'Bad', ratePpm }),
        400,
        'validation.failed',
      );
    }
    const rate = await createRate(retailer.owner, 10_000);
    await refused(
      () => retailer.owner.patch(api(`/tax-rates/${rate.id}`), { ratePpm: -5 }),
      400,
      'validation.failed',
    );
  });

  it('refuses bad codes, blank names, unknown fields and empty changes', async () => {
    const rate = await createRate(retailer.owner, 10_000);
    await refused(
      () => retailer.owner.post(api('/tax-rates'), { code: 'lower', name: 'x', ratePpm: 1 }),
      400,
      'validation.failed',
    );
    await refused(
      () => retailer.owner.post(api('/tax-rates'), { code: 'BLANK', name: '   ', ratePpm: 1 }),
      422,
      'tax_rate.name_required',
    );
    await refused(
      () =>
        retailer.owner.post(api('/tax-rates'), {
          code: 'EXTRA',
          name: 'x',
          ratePpm: 1,
          tenantId: other.tenantId,
        }),
      400,
      'validation.failed',
    );
    await refused(
      () => retailer.owner.patch(api(`/tax-rates/${rate.id}`), {}),
      400,
      'validation.failed',
    );
    await refused(
      () => retailer.owner.patch(api(`/tax-rates/${rate.id}`), { code: 'RENAMED' }),
      400,
      'validation.failed',
    );
  });

  it('refuses a duplicate code, archived ones included', async () => {
    const rate = await createRate(retailer.owner, 10_000, { code: 'DUPE' });
    await refused(
      () => retailer.owner.post(api('/tax-rates'), { code: 'DUPE', name: 'Again', ratePpm: 1 }),
      409,
      'tax_rate.code_taken',
    );
    await retailer.owner.post(api(`/tax-rates/${rate.id}/archive`));
    await refused(
      () => retailer.owner.post(api('/tax-rates'), { code: 'DUPE', name: 'Again', ratePpm: 1 }),
      409,
      'tax_rate.code_taken',
    );
    // Codes are per tenant.
    expect((await createRate(other.owner, 1, { code: 'DUPE' })).code).toBe('DUPE');
  });

  it('refuses managers and cashiers (settings.manage)', async () => {
    const rate = await createRate(retailer.owner, 10_000);
    for (const caller of [manager.caller, cashier.caller]) {
      await refused(
        () => caller.post(api('/tax-rates'), { code: 'NOPE', name: 'Nope', ratePpm: 1 }),
        403,
        'auth.forbidden',
      );
      await refused(
        () => caller.patch(api(`/tax-rates/${rate.id}`), { ratePpm: 0 }),
        403,
        'auth.forbidden',
      );
      await refused(() => caller.post(api(`/tax-rates/${rate.id}/archive`)), 403, 'auth.forbidden');
    }
  });

  it("cannot see or touch another tenant's rate, and bad ids are refused", async () => {
    const theirs = await createRate(other.owner, 70_000);
    await refused(
      () => retailer.owner.get(api(`/tax-rates/${theirs.id}`)),
      404,
      'tax_rate.not_found',
    );
    await refused(
      () => retailer.owner.patch(api(`/tax-rates/${theirs.id}`), { ratePpm: 0 }),
      404,
      'tax_rate.not_found',
    );
    await refused(
      () => retailer.owner.post(api(`/tax-rates/${theirs.id}/archive`)),
      404,
      'tax_rate.not_found',
    );
    const list = await retailer.owner.get<TaxRateView[]>(api('/tax-rates?includeArchived=true'));
    expect(list.body.map((rate) => rate.id)).not.toContain(theirs.id);
    await refused(() => retailer.owner.get(api('/tax-rates/not-a-uuid')), 400, 'validation.failed');
    const untouched = await other.owner.get<TaxRateView>(api(`/tax-rates/${theirs.id}`));
    expect(untouched.body).toMatchObject({ ratePpm: 70_000, archivedAt: null });
  });

  it('refuses changing an archived rate', async () => {
    const rate = await createRate(retailer.owner, 10_000);
    await retailer.owner.post(api(`/tax-rates/${rate.id}/archive`));
    await refused(
      () => retailer.owner.patch(api(`/tax-rates/${rate.id}`), { ratePpm: 20_000 }),
      422,
      'tax_rate.archived',
    );
  });
});
