import { isRowLevelSecurityViolation } from '@tillpoint/db';
import { connectAsAppRole } from '@tillpoint/db/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  type Retailer,
  signUpRetailer,
  type TestApp,
} from '../../../testing/index.ts';
import type { CatalogImportPageView } from './import-schemas.ts';
import { csvOf, exportCsv, importCsv } from './testing.ts';

let t: TestApp;
let app: pg.Client;
let a: Retailer;
let b: Retailer;
let aImportId: string;

async function inTenant<T>(tenantId: string | null, work: () => Promise<T>): Promise<T> {
  await app.query('begin');
  try {
    if (tenantId) await app.query("select set_config('app.tenant_id', $1, true)", [tenantId]);
    return await work();
  } finally {
    await app.query('rollback');
  }
}

const count = async (table: string) =>
  ((await app.query(`select count(*)::int as n from ${table}`)).rows[0] as { n: number }).n;

beforeAll(async () => {
  t = await createTestApp();
  app = await connectAsAppRole();
  a = await signUpRetailer(t.app, 'Isolated Imports A');
  b = await signUpRetailer(t.app, 'Isolated Imports B');
  const done = await importCsv(
    a.owner,
    csvOf([{ handle: 'a', name: 'A only', sku: 'ISO-A-1', price: '1.00' }]),
  );
  expect(done.status).toBe('completed');
  aImportId = done.id;
});

afterAll(async () => {
  await app.end();
  await t.close();
});

describe('catalog imports between tenants', () => {
  it("gives 404 for another tenant's import and leaves it out of lists and exports", async () => {
    const read = await b.owner.get(`/api/v1/catalog/imports/${aImportId}`);
    expect(read.status).toBe(404);
    expect(read.body.code).toBe('catalog_import.not_found');
    const list = await b.owner.get<CatalogImportPageView>('/api/v1/catalog/imports');
    expect(list.body.imports).toEqual([]);
    expect(await exportCsv(b.owner)).not.toContain('ISO-A');
    expect((await a.owner.get(`/api/v1/catalog/imports/${aImportId}`)).status).toBe(200);
  });

  it('shows the app role no import rows without a tenant, and only its own with one', async () => {
    await inTenant(null, async () => {
      expect(await count('catalog_imports')).toBe(0);
      expect(await count('catalog_import_chunks')).toBe(0);
    });
    await inTenant(b.tenantId, async () => {
      expect(await count('catalog_imports')).toBe(0);
      const { rows } = await app.query('select id from catalog_imports where id = $1', [aImportId]);
      expect(rows).toEqual([]);
    });
    await inTenant(a.tenantId, async () => {
      expect(await count('catalog_imports')).toBe(1);
      // A chunk of A's, then the same transaction seen as B and as no tenant at all.
      await app.query(
        `insert into catalog_import_chunks (tenant_id, import_id, seq, content)
         values ($1, $2, 99, '\\x00')`,
        [a.tenantId, aImportId],
      );
      expect(await count('catalog_import_chunks')).toBe(1);
      await app.query("select set_config('app.tenant_id', $1, true)", [b.tenantId]);
      expect(await count('catalog_import_chunks')).toBe(0);
      await app.query("select set_config('app.tenant_id', '', true)");
      expect(await count('catalog_import_chunks')).toBe(0);
    });
  });

  it("refuses writing an import or a chunk into another tenant's rows", async () => {
    await inTenant(b.tenantId, async () => {
      const error = await app
        .query(
          `insert into catalog_imports (tenant_id, file_name, file_bytes, chunk_count, total_rows,
             created_by_type, request_id) values ($1, 'x.csv', 1, 1, 1, 'user', 'r')`,
          [a.tenantId],
        )
        .catch((e: unknown) => e);
      expect(isRowLevelSecurityViolation(error)).toBe(true);
    });
    await inTenant(b.tenantId, async () => {
      const updated = await app.query(
        `update catalog_imports set status = 'failed' where id = $1`,
        [aImportId],
      );
      expect(updated.rowCount).toBe(0);
      const error = await app
        .query(
          `insert into catalog_import_chunks (tenant_id, import_id, seq, content)
           values ($1, $2, 99, '\\x00')`,
          [a.tenantId, aImportId],
        )
        .catch((e: unknown) => e);
      expect(isRowLevelSecurityViolation(error)).toBe(true);
    });
  });
});
