import { connectAsAppRole } from '@tillpoint/db/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Retailer, signUpRetailer, type TestApp } from '../../testing/index.ts';
import { expectOnlyOwnRows, inTransaction, rowsChanged } from '../../testing/rls.ts';
import { createRate, createTaxCategory, setRates } from './test-support.ts';

let t: TestApp;
let app: pg.Client;
let a: Retailer;
let b: Retailer;
const ids: Record<string, { rateId: string; categoryId: string }> = {};

async function fill(retailer: Retailer) {
  const rate = await createRate(retailer.owner, 50_000);
  const category = await createTaxCategory(retailer.owner);
  await setRates(retailer.owner, category.id, [rate.id]);
  await setRates(retailer.owner, category.id, [rate.id], retailer.storeId);
  return { rateId: rate.id, categoryId: category.id };
}

beforeAll(async () => {
  t = await createTestApp();
  app = await connectAsAppRole();
  a = await signUpRetailer(t.app, 'Isolation Taxes A');
  b = await signUpRetailer(t.app, 'Isolation Taxes B');
  ids.a = await fill(a);
  ids.b = await fill(b);
});
afterAll(async () => {
  await app.end();
  await t.close();
});

describe('row-level security on tax tables', () => {
  for (const table of ['tax_rates', 'tax_category_rates']) {
    it(`${table}: no rows without a tenant, only its own rows with one`, async () => {
      const ownRows = table === 'tax_rates' ? 1 : 2;
      await expectOnlyOwnRows(app, table, a.tenantId, b.tenantId, ownRows);
      const changed = await rowsChanged(
        app,
        a.tenantId,
        `update ${table} set tenant_id = tenant_id where tenant_id = $1`,
        [b.tenantId],
      );
      expect(changed).toBe(0);
    });
  }

  it('lets a tenant delete only its own category rates', async () => {
    const deleted = await rowsChanged(
      app,
      a.tenantId,
      'delete from tax_category_rates where tenant_id = $1',
      [b.tenantId],
    );
    expect(deleted).toBe(0);
  });

  it('refuses writing rows into another tenant or pointing at its rates', async () => {
    await expect(
      inTransaction(app, a.tenantId, () =>
        app.query(
          "insert into tax_rates (tenant_id, code, name, rate_ppm) values ($1, 'SNEAKY', 'x', 1)",
          [b.tenantId],
        ),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    // A's own row naming B's rate: the foreign key carries the tenant, so it cannot match.
    await expect(
      inTransaction(app, a.tenantId, () =>
        app.query(
          `insert into tax_category_rates (tenant_id, tax_category_id, tax_rate_id, position)
           values ($1, $2, $3, 5)`,
          [a.tenantId, ids.a?.categoryId, ids.b?.rateId],
        ),
      ),
    ).rejects.toMatchObject({ code: '23503' });
  });

  it('gives the app role no DELETE on tax rates: they are archived', async () => {
    await expect(
      inTransaction(app, a.tenantId, () => app.query('delete from tax_rates')),
    ).rejects.toMatchObject({ code: '42501' });
  });
});
