import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAsAppRole, connectAsOwner } from './testing.ts';

// A net under every migration, present and future: any table that carries tenant_id must have
// row-level security enabled AND forced, with a policy, and show nothing to the app role outside
// a tenant transaction. A new table that forgets this fails here, not in production.
let owner: pg.Client;
let app: pg.Client;
let tables: string[];

beforeAll(async () => {
  owner = await connectAsOwner();
  app = await connectAsAppRole();
  const { rows } = await owner.query<{ table_name: string }>(
    `select table_name from information_schema.columns
     where table_schema = 'public' and column_name = 'tenant_id' order by table_name`,
  );
  tables = rows.map((row) => row.table_name);
});

afterAll(async () => {
  await app.end();
  await owner.end();
});

describe('row-level security coverage', () => {
  it('finds the tenant tables', () => {
    expect(tables).toEqual(expect.arrayContaining(['stores', 'users', 'audit_events']));
  });

  it('enables and forces RLS with at least one policy on every tenant table (and tenants)', async () => {
    const { rows } = await owner.query<{
      relname: string;
      enabled: boolean;
      forced: boolean;
      policies: number;
    }>(
      `select c.relname, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
         (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relname = any($1::text[])`,
      [[...tables, 'tenants']],
    );
    const weak = rows
      .filter((row) => !row.enabled || !row.forced || row.policies === 0)
      .map((row) => row.relname);
    expect(weak).toEqual([]);
    expect(rows).toHaveLength(tables.length + 1);
  });

  it('shows the app role no tenant rows outside a tenant transaction', async () => {
    const counts: Record<string, number> = {};
    for (const table of [...tables, 'tenants']) {
      const { rows } = await app.query(`select count(*)::int as n from ${table}`);
      counts[table] = rows[0].n;
    }
    expect(Object.entries(counts).filter(([, n]) => n > 0)).toEqual([]);
  });

  it('never lets the app role bypass RLS or own the tables', async () => {
    const { rows } = await app.query(
      `select rolsuper, rolbypassrls,
         (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relowner = r.oid) as owned
       from pg_roles r where rolname = current_user`,
    );
    expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false, owned: 0 }]);
  });
});
