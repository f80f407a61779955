import { connectAsAppRole, connectAsOwner } from '@tillpoint/db/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Retailer, signUpRetailer, type TestApp } from '../../testing/index.ts';
import { expectOnlyOwnRows, inTransaction, rowsChanged } from '../../testing/rls.ts';
import { api, createCustomer } from './test-support.ts';

// Row-level security on the customer tables, checked as the app role with no application code
// in between (style of catalog/rls.test.ts): a bug that forgets a tenant filter still sees nothing.

let t: TestApp;
let app: pg.Client;
let owner: pg.Client;
let a: Retailer;
let b: Retailer;
let bCustomerId: string;

/** A customer with one store-credit entry. */
async function fill(retailer: Retailer): Promise<string> {
  const customer = await createCustomer(retailer.owner, { email: 'same@example.com' });
  const adjusted = await retailer.owner.post(
    api(`/customers/${customer.id}/store-credit/adjustments`),
    { amountMinor: 1_000, reason: 'Opening balance' },
  );
  expect(adjusted.status).toBe(201);
  return customer.id;
}

beforeAll(async () => {
  t = await createTestApp();
  app = await connectAsAppRole();
  owner = await connectAsOwner();
  a = await signUpRetailer(t.app, 'Isolation Tailors');
  b = await signUpRetailer(t.app, 'Isolation Tanners');
  await fill(a);
  bCustomerId = await fill(b);
});
afterAll(async () => {
  await app.end();
  await owner.end();
  await t.close();
});

describe('row-level security on customers and store credit', () => {
  for (const table of ['customers', 'store_credit_entries']) {
    it(`${table}: no rows without a tenant, only its own rows with one`, async () => {
      await expectOnlyOwnRows(app, table, a.tenantId, b.tenantId);
    });
  }

  it("cannot change another tenant's customer, not even its credit", async () => {
    const changed = await rowsChanged(
      app,
      a.tenantId,
      'update customers set store_credit_minor = 0 where tenant_id = $1',
      [b.tenantId],
    );
    expect(changed).toBe(0);
    const { rows } = await owner.query('select store_credit_minor from customers where id = $1', [
      bCustomerId,
    ]);
    expect(Number(rows[0].store_credit_minor)).toBe(1_000);
  });

  it('refuses writing a customer or an entry into another tenant', async () => {
    await expect(
      inTransaction(app, a.tenantId, () =>
        app.query("insert into customers (tenant_id, name) values ($1, 'Sneaky')", [b.tenantId]),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      inTransaction(app, a.tenantId, () =>
        app.query(
          `insert into store_credit_entries (tenant_id, customer_id, kind, amount_minor,
             balance_after_minor, reason) values ($1, $2, 'adjustment', 5, 5, 'Sneaky')`,
          [b.tenantId, bCustomerId],
        ),
      ),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('keeps the ledger append-only and customers undeletable for the app role', async () => {
    for (const statement of [
      'update store_credit_entries set amount_minor = 1',
      'delete from store_credit_entries',
      'delete from customers',
    ]) {
      await expect(
        inTransaction(app, a.tenantId, () => app.query(statement)),
        statement,
      ).rejects.toMatchObject({ code: '42501' });
    }
  });

  it('keeps the cached balance from going negative even for a direct write', async () => {
    await expect(
      inTransaction(app, a.tenantId, () =>
        app.query('update customers set store_credit_minor = -1'),
      ),
    ).rejects.toMatchObject({ code: '23514' });
  });
});
