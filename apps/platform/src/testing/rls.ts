// Row-level security probes shared by the modules' rls tests: statements run as the app role
// with no application code in between, so a bug that forgets a tenant filter still sees nothing.
import type pg from 'pg';
import { expect } from 'vitest';

/** Runs the work as the app role in a transaction scoped to the tenant (none: null), rolled back. */
export async function inTransaction<T>(
  app: pg.Client,
  tenantId: string | null,
  work: () => Promise<T>,
): Promise<T> {
  await app.query('begin');
  try {
    if (tenantId) await app.query("select set_config('app.tenant_id', $1, true)", [tenantId]);
    return await work();
  } finally {
    await app.query('rollback');
  }
}

/** Rows of the table the app role can see in the current transaction. */
async function count(
  app: pg.Client,
  table: string,
  where = 'true',
  values: unknown[] = [],
): Promise<number> {
  const { rows } = await app.query(
    `select count(*)::int as n from ${table} where ${where}`,
    values,
  );
  return (rows[0] as { n: number }).n;
}

/** Rows a statement touched when run inside the tenant's scope (0: RLS hid the targets). */
export async function rowsChanged(
  app: pg.Client,
  tenantId: string,
  statement: string,
  values: unknown[] = [],
): Promise<number | null> {
  return inTransaction(app, tenantId, async () => (await app.query(statement, values)).rowCount);
}

/**
 * The table shows no rows without a tenant, the tenant's own rows with one (ownRows exactly
 * when given, else at least one) and none of the other tenant's even when asked by id.
 */
export async function expectOnlyOwnRows(
  app: pg.Client,
  table: string,
  tenantId: string,
  otherTenantId: string,
  ownRows?: number,
): Promise<void> {
  expect(await inTransaction(app, null, () => count(app, table))).toBe(0);
  const own = await inTransaction(app, tenantId, () => count(app, table));
  if (ownRows === undefined) expect(own).toBeGreaterThan(0);
  else expect(own).toBe(ownRows);
  expect(
    await inTransaction(app, tenantId, () => count(app, table, 'tenant_id = $1', [otherTenantId])),
  ).toBe(0);
}

/** Every table has row-level security enabled and forced (so even its owner role obeys it). */
export async function expectRlsForced(owner: pg.Client, tables: readonly string[]): Promise<void> {
  const { rows } = await owner.query<{ relname: string; on: boolean; forced: boolean }>(
    `select relname, relrowsecurity as on, relforcerowsecurity as forced from pg_class
     where relname = any($1) order by relname`,
    [tables],
  );
  expect(rows).toHaveLength(tables.length);
  for (const row of rows) expect(row, row.relname).toMatchObject({ on: true, forced: true });
}
