// "A refusal wrote nothing", checked the same way by every module's tests: a digest of the
// tenant's rows in the tables the module writes, read as the migration owner (no RLS, no
// application code), taken before and after the refused request.
import type pg from 'pg';
import { expect } from 'vitest';
import type { Response } from './index.ts';

/** Per table, a query yielding one jsonb `r` per row of tenant $1 (what the digest covers). */
export type WrittenRows = Readonly<Record<string, string>>;

/**
 * The tenant's whole rows of each table, minus columns that move on their own (the outbox
 * relay's published_at by default), so each module names only its table list.
 */
export function wholeRows(
  tables: readonly string[],
  ignoredColumns: readonly string[] = ['published_at'],
): WrittenRows {
  const minus = ignoredColumns.map((column) => ` - '${column}'`).join('');
  return Object.fromEntries(
    tables.map((table) => [
      table,
      `select to_jsonb(x)${minus} as r from ${table} x where tenant_id = $1`,
    ]),
  );
}

/** A digest per table of the tenant's rows, as the owner sees them. */
export async function fingerprintOf(
  written: WrittenRows,
  owner: pg.Client,
  tenantId: string,
): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const [table, query] of Object.entries(written)) {
    const { rows } = await owner.query<{ digest: string | null }>(
      `select md5(string_agg(r::text, ',' order by r::text)) as digest from (${query}) rows`,
      [tenantId],
    );
    result[table] = rows[0]?.digest ?? '';
  }
  return result;
}

/** A module's pair of checks bound to its tables, so its tests call them without the list. */
export function refusalChecks(written: WrittenRows) {
  const fingerprint = (owner: pg.Client, tenantId: string) =>
    fingerprintOf(written, owner, tenantId);

  /** Runs the attempt and checks it was refused with the code and wrote nothing at all. */
  async function expectRefusedWithoutTrace(
    owner: pg.Client,
    tenantId: string,
    attempt: () => Promise<Response<unknown>>,
    status: number,
    code: string,
  ): Promise<Response> {
    const before = await fingerprint(owner, tenantId);
    const response = (await attempt()) as Response;
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.body.code).toBe(code);
    expect(await fingerprint(owner, tenantId)).toEqual(before);
    return response;
  }

  return { fingerprint, expectRefusedWithoutTrace };
}
