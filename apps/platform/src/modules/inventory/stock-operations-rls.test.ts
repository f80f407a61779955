import { isForeignKeyViolation, isRowLevelSecurityViolation, sql } from '@tillpoint/db';
import { connectAsAppRole, connectAsOwner } from '@tillpoint/db/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Retailer, signUpRetailer, type TestApp } from '../../testing/index.ts';
import { expectRlsForced } from '../../testing/rls.ts';
import { api, createItem, createStore, stockUp } from './test-support.ts';

// The stock-operation tables hold one business's documents; these tests read them as the app
// role (never a superuser) with no tenant, with another tenant, and as a row pointing across.

const TABLES = [
  'stock_counts',
  'stock_count_lines',
  'stock_transfers',
  'stock_transfer_lines',
  'suppliers',
  'purchase_orders',
  'purchase_order_lines',
] as const;

let t: TestApp;
let owner: pg.Client;
let appRole: pg.Client;
let a: Retailer;
let b: Retailer;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  owner = await connectAsOwner();
  appRole = await connectAsAppRole();
  a = await signUpRetailer(t.app, 'Row Level Retail');
  b = await signUpRetailer(t.app, 'Neighbour Retail');
  const item = await createItem(a.owner);
  const branch = await createStore(a.owner);
  await stockUp(a.owner, a.storeId, item, 5);
  const count = await a.owner.post<{ id: string }>(api(`/stores/${a.storeId}/stock-counts`), {
    scope: 'cycle',
    variantIds: [item],
  });
  const transfer = await a.owner.post<{ id: string }>(api('/stock-transfers'), {
    fromStoreId: a.storeId,
    toStoreId: branch,
    lines: [{ variantId: item, quantity: 1 }],
  });
  const supplier = await a.owner.post<{ id: string }>(api('/suppliers'), { name: 'RLS Supplies' });
  const order = await a.owner.post<{ id: string }>(api('/purchase-orders'), {
    supplierId: supplier.body.id,
    storeId: a.storeId,
    lines: [{ variantId: item, quantity: 2, unitCost: 100 }],
  });
  for (const response of [count, transfer, supplier, order]) expect(response.status).toBe(201);
  Object.assign(ids, {
    item,
    count: count.body.id,
    transfer: transfer.body.id,
    supplier: supplier.body.id,
    order: order.body.id,
  });
});
afterAll(async () => {
  await appRole.end();
  await owner.end();
  await t.close();
});

describe('row-level security of stock operations', () => {
  it('enables and forces RLS on every new table', async () => {
    await expectRlsForced(owner, TABLES);
  });

  it('shows the app role nothing without a tenant context', async () => {
    for (const table of TABLES) {
      const { rows } = await appRole.query(`select count(*)::int as n from ${table}`);
      expect(rows[0], table).toEqual({ n: 0 });
    }
  });

  it("shows the owner's rows to their tenant and none to another tenant", async () => {
    for (const table of TABLES) {
      const mine = await t.db.withTenant(a, (tx) =>
        tx.one<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`),
      );
      expect(mine.n, table).toBeGreaterThan(0);
      const theirs = await t.db.withTenant(b, (tx) =>
        tx.one<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`),
      );
      expect(theirs.n, table).toBe(0);
    }
  });

  it("cannot write rows into another tenant, or change another tenant's rows", async () => {
    const sneak = t.db.withTenant(b, (tx) =>
      tx.execute(sql`insert into suppliers (tenant_id, name) values (${a.tenantId}, 'Sneaky')`),
    );
    await expect(sneak).rejects.toSatisfy(isRowLevelSecurityViolation);
    const changed = await t.db.withTenant(b, (tx) =>
      tx.execute(sql`update purchase_orders set note = 'pwned' where id = ${ids.order ?? ''}`),
    );
    expect(changed).toBe(0);
    const removed = await t.db.withTenant(b, (tx) =>
      tx.execute(sql`delete from stock_transfer_lines where transfer_id = ${ids.transfer ?? ''}`),
    );
    expect(removed).toBe(0);
  });

  it("cannot point a line at another tenant's document, even as the table owner", async () => {
    await expect(
      owner.query(
        `insert into stock_count_lines (tenant_id, count_id, variant_id) values ($1, $2, $3)`,
        [b.tenantId, ids.count, ids.item],
      ),
    ).rejects.toSatisfy(isForeignKeyViolation);
    await expect(
      owner.query(
        `insert into purchase_orders (tenant_id, supplier_id, store_id, currency)
         values ($1, $2, $3, 'USD')`,
        [b.tenantId, ids.supplier, b.storeId],
      ),
    ).rejects.toSatisfy(isForeignKeyViolation);
  });

  it('grants the app role no deletes of documents', async () => {
    const { rows } = await owner.query<{ table: string; canDelete: boolean }>(
      `select t as table, has_table_privilege('tillpoint_app', t, 'DELETE') as "canDelete"
       from unnest($1::text[]) t order by t`,
      [TABLES],
    );
    expect(Object.fromEntries(rows.map((row) => [row.table, row.canDelete]))).toEqual({
      purchase_order_lines: true,
      purchase_orders: false,
      stock_count_lines: true,
      stock_counts: false,
      stock_transfer_lines: true,
      stock_transfers: false,
      suppliers: false,
    });
  });
});
