import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.ts';
import { MissingTenantError } from './database.ts';
import { isRowLevelSecurityViolation } from './errors.ts';
import { newId } from './ids.ts';
import { sql } from './sql.ts';
import { connectAsAppRole, openTestDatabase } from './testing.ts';

let db: Database;
let raw: pg.Client;

async function createTenant(name: string): Promise<{ tenantId: string; storeId: string }> {
  const tenantId = newId();
  const storeId = newId();
  await db.withSystem('test: create tenant', async (tx) => {
    await tx.execute(
      sql`insert into tenants (id, name, country, currency, timezone) values (${tenantId}, ${name}, 'US', 'USD', 'America/New_York')`,
    );
    await tx.enterTenant(tenantId);
    await tx.execute(
      sql`insert into stores (tenant_id, id, name, timezone, currency) values (${tenantId}, ${storeId}, ${`${name} Main`}, 'America/New_York', 'USD')`,
    );
  });
  return { tenantId, storeId };
}

beforeAll(async () => {
  db = openTestDatabase();
  raw = await connectAsAppRole();
});

afterAll(async () => {
  await raw.end();
  await db.close();
});

describe('row-level security as the app role', () => {
  it('runs as a role that is neither superuser nor able to bypass RLS', async () => {
    const { rows } = await raw.query(
      'select rolsuper, rolbypassrls from pg_roles where rolname = current_user',
    );
    expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false }]);
  });

  it('sees only its own tenant inside withTenant', async () => {
    const a = await createTenant('Alpha Goods');
    const b = await createTenant('Beta Books');
    const seenByA = await db.withTenant(a, (tx) =>
      tx.query<{ id: string }>(sql`select id from stores`),
    );
    expect(seenByA.map((row) => row.id)).toEqual([a.storeId]);
    const bFromA = await db.withTenant(a, (tx) =>
      tx.query(sql`select id from stores where id = ${b.storeId}`),
    );
    expect(bFromA).toEqual([]);
  });

  it('cannot change or write into another tenant', async () => {
    const a = await createTenant('Gamma Garden');
    const b = await createTenant('Delta Deli');
    const updated = await db.withTenant(a, (tx) =>
      tx.execute(sql`update stores set name = 'pwned' where id = ${b.storeId}`),
    );
    expect(updated).toBe(0);
    const insertIntoB = db.withTenant(a, (tx) =>
      tx.execute(
        sql`insert into stores (tenant_id, name, timezone, currency) values (${b.tenantId}, 'Sneaky', 'UTC', 'USD')`,
      ),
    );
    await expect(insertIntoB).rejects.toSatisfy(isRowLevelSecurityViolation);
    const names = await db.withTenant(b, (tx) =>
      tx.query<{ name: string }>(sql`select name from stores`),
    );
    expect(names).toEqual([{ name: 'Delta Deli Main' }]);
  });

  it('sees no tenant rows in a transaction without tenant context', async () => {
    await createTenant('Epsilon Electronics');
    await raw.query('begin');
    try {
      const stores = await raw.query('select count(*)::int as n from stores');
      const tenants = await raw.query('select count(*)::int as n from tenants');
      expect(stores.rows[0]).toEqual({ n: 0 });
      expect(tenants.rows[0]).toEqual({ n: 0 });
    } finally {
      await raw.query('rollback');
    }
  });

  it('does not leak the tenant setting to the next transaction on the same connection', async () => {
    const a = await createTenant('Zeta Zoo');
    await raw.query('begin');
    await raw.query("select set_config('app.tenant_id', $1, true)", [a.tenantId]);
    const inside = await raw.query('select count(*)::int as n from stores');
    await raw.query('commit');
    const after = await raw.query('select count(*)::int as n from stores');
    expect(inside.rows[0]).toEqual({ n: 1 });
    expect(after.rows[0]).toEqual({ n: 0 });
  });

  it('refuses a foreign key that points into another tenant', async () => {
    const a = await createTenant('Eta Eyewear');
    const b = await createTenant('Theta Toys');
    const crossRegister = db.withTenant(a, (tx) =>
      tx.execute(
        sql`insert into registers (tenant_id, store_id, name) values (${a.tenantId}, ${b.storeId}, 'Till 1')`,
      ),
    );
    await expect(crossRegister).rejects.toMatchObject({ code: '23503' });
  });

  it('refuses withTenant without a valid tenant id', async () => {
    await expect(db.withTenant({ tenantId: '' }, async () => 1)).rejects.toBeInstanceOf(
      MissingTenantError,
    );
  });

  it('keeps system mode away from tenant tables that do not opt in', async () => {
    await createTenant('Iota Ink');
    const stores = await db.withSystem('test: probe', (tx) => tx.query(sql`select id from stores`));
    expect(stores).toEqual([]);
  });
});
