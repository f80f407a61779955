import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStaff,
  Caller,
  type Response,
  type Retailer,
  type StaffMember,
  signUpRetailer,
  type TestApp,
} from '../../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../../testing/suite.ts';
import { createProduct, freshEan13 } from '../testing.ts';
import { MAX_IMPORT_BYTES } from './import-errors.ts';
import { csvOf, multipartBody, uploadCsv, waitForImport } from './testing.ts';

let t: TestApp;
let owner: pg.Client;
let retailer: Retailer;
let cashier: StaffMember;
const takenBarcode = freshEan13();

const TABLES = [
  'products',
  'variants',
  'variant_barcodes',
  'catalog_imports',
  'catalog_import_chunks',
  'audit_events',
] as const;

async function snapshot(tables: readonly string[] = TABLES): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of tables) {
    const { rows } = await owner.query(
      `select to_jsonb(x) as row from ${table} x where tenant_id = $1 order by to_jsonb(x)::text`,
      [retailer.tenantId],
    );
    result[table] = rows.map((row: { row: unknown }) => row.row);
  }
  return result;
}

/** Refused with this status and code, nothing at all written, and the API still answering. */
async function expectRefused(
  send: () => Promise<Response>,
  status: number,
  code: string,
): Promise<Response> {
  const before = await snapshot();
  const response = await send();
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.code).toBe(code);
  expect(await snapshot()).toEqual(before);
  const stores = await retailer.owner.get('/api/v1/stores');
  expect(stores.status).toBe(200);
  return response;
}

const HEADER = 'handle,name,sku,price\n';

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  retailer = await signUpRetailer(t.app, 'Refusal Hardware');
  cashier = await addStaff(t.app, retailer, 'cashier');
  await retailer.owner.post('/api/v1/catalog/categories', {
    name: 'Clothing',
    attributeDefinitions: [
      {
        key: 'material',
        label: 'Material',
        type: 'enum',
        options: ['cotton', 'wool'],
        required: true,
      },
    ],
  });
  await retailer.owner.post('/api/v1/catalog/tax-categories', {
    name: 'Standard',
    code: 'STANDARD',
  });
  await createProduct(retailer.owner, {
    name: 'Existing',
    variants: [{ sku: 'EXIST-1', priceMinor: 100, barcodes: [{ code: takenBarcode }] }],
  });
});

afterAll(() => closeAppWithOwner({ t, owner }));

describe('uploads refused before anything is stored', () => {
  it('refuses a request without a file field', async () => {
    await expectRefused(
      () => uploadCsv(retailer.owner, `${HEADER}a,A,A-1,1\n`, { field: 'upload' }),
      422,
      'catalog_import.no_file',
    );
    const fieldOnly =
      '--b\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--b--\r\n';
    await expectRefused(
      () =>
        retailer.owner.request('POST', '/api/v1/catalog/imports', fieldOnly, {
          'content-type': 'multipart/form-data; boundary=b',
        }),
      422,
      'catalog_import.no_file',
    );
  });

  it('refuses bodies that are not a multipart upload, and files that are not CSV', async () => {
    await expectRefused(
      () => retailer.owner.post('/api/v1/catalog/imports', { file: 'x' }),
      415,
      'request.unsupported_media_type',
    );
    await expectRefused(
      () =>
        retailer.owner.request('POST', '/api/v1/catalog/imports', `${HEADER}a,A,A-1,1\n`, {
          'content-type': 'text/csv',
        }),
      415,
      'request.unsupported_media_type',
    );
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await expectRefused(
      () => uploadCsv(retailer.owner, png, { fileName: 'logo.png', contentType: 'image/png' }),
      415,
      'request.unsupported_media_type',
    );
  });

  it('refuses empty files and files without rows', async () => {
    await expectRefused(() => uploadCsv(retailer.owner, ''), 422, 'catalog_import.empty_file');
    await expectRefused(
      () => uploadCsv(retailer.owner, '\uFEFF'),
      422,
      'catalog_import.empty_file',
    );
    await expectRefused(() => uploadCsv(retailer.owner, HEADER), 422, 'catalog_import.no_rows');
    await expectRefused(
      () => uploadCsv(retailer.owner, `${HEADER},,,\n\n`),
      422,
      'catalog_import.no_rows',
    );
  });

  it('refuses a header without the required columns, listing every one missing', async () => {
    const response = await expectRefused(
      () => uploadCsv(retailer.owner, 'Handle,Name,Prise\nt,Tee,1\n'),
      422,
      'catalog_import.missing_columns',
    );
    expect(response.body.details).toEqual({
      missing: ['sku', 'price'],
      duplicate: [],
      unknown: ['Prise'],
    });
  });

  it('refuses a Latin-1 file, naming the line', async () => {
    const latin1 = Buffer.from(`${HEADER}a,Apple,A-1,1\nc,Caf\xe9 cr\xe8me,C-1,2\n`, 'latin1');
    const response = await expectRefused(
      () => uploadCsv(retailer.owner, latin1),
      422,
      'catalog_import.encoding',
    );
    expect(response.body.details).toEqual({ line: 3, byte: '0xE9' });
    expect(response.body.message).toContain('Line 3');
  });

  it('refuses 10 MB of random bytes quickly', async () => {
    const started = performance.now();
    await expectRefused(
      () => uploadCsv(retailer.owner, randomBytes(10 * 1024 * 1024)),
      422,
      'catalog_import.encoding',
    );
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('refuses a quote that is never closed, naming the line it opens on', async () => {
    const response = await expectRefused(
      () => uploadCsv(retailer.owner, `${HEADER}a,Apple,A-1,1\nb,"Banana,B-1,2\nc,Cherry,C-1,3\n`),
      422,
      'catalog_import.unbalanced_quotes',
    );
    expect(response.body.details).toEqual({ line: 3 });
  });

  it(`refuses a file over ${MAX_IMPORT_BYTES / 1024 / 1024} MB with 413`, async () => {
    const row = 'handle-xxxxxxxx,A product with a long enough name,SKU-XXXXXXXXXXXX,12.99\n';
    const big = Buffer.alloc(MAX_IMPORT_BYTES + 1024, row);
    big.write(HEADER);
    const response = await expectRefused(
      () => uploadCsv(retailer.owner, big),
      413,
      'request.too_large',
    );
    expect(response.body.details).toEqual({ limitBytes: MAX_IMPORT_BYTES });
  });

  it('refuses callers without catalog.import before reading the file', async () => {
    await expectRefused(
      () => uploadCsv(cashier.caller, `${HEADER}a,A,A-1,1\n`),
      403,
      'auth.forbidden',
    );
    const { payload, contentType } = multipartBody(`${HEADER}a,A,A-1,1\n`);
    await expectRefused(
      () =>
        new Caller(t.app).request('POST', '/api/v1/catalog/imports', payload, {
          'content-type': contentType,
        }),
      401,
      'auth.unauthenticated',
    );
  });
});

describe('files refused by the job, with every problem listed and nothing imported', () => {
  async function importFails(content: string) {
    const catalogBefore = await snapshot(['products', 'variants', 'variant_barcodes']);
    const upload = await uploadCsv(retailer.owner, content);
    expect(upload.status, JSON.stringify(upload.body)).toBe(202);
    const done = await waitForImport(retailer.owner, upload.body.id);
    expect(done.status).toBe('failed');
    expect(await snapshot(['products', 'variants', 'variant_barcodes'])).toEqual(catalogBefore);
    const { rows } = await owner.query(
      'select count(*)::int as n from catalog_import_chunks where import_id = $1',
      [done.id],
    );
    expect(rows[0].n).toBe(0);
    return done;
  }

  it('reports each bad row with its line, column and code', async () => {
    const shared = freshEan13();
    const columns = [
      'handle',
      'name',
      'category',
      'tax_code',
      'sku',
      'price',
      'plu',
      'barcodes',
      'attr:material',
      'attr:colour',
    ];
    const rows = [
      { handle: 'a', name: 'Apple', sku: 'A-1', price: '1.00' }, // 2: fine
      { handle: 'b', name: 'Bad digit', sku: 'B-1', price: '1', barcodes: '4006381333932' }, // 3
      { handle: 'a2', name: 'Again', sku: 'a-1', price: '1' }, // 4: SKU again (any case)
      { handle: 'c', name: 'Shares', sku: 'C-1', price: '1', barcodes: shared }, // 5
      { handle: 'd', name: 'Shares too', sku: 'D-1', price: '1', barcodes: shared }, // 6
      { handle: 'e', name: 'Taken', sku: 'E-1', price: '1', barcodes: takenBarcode }, // 7
      { handle: 'f', name: 'Negative', sku: 'F-1', price: '-1.00' }, // 8
      { handle: 'g', name: 'Precise', sku: 'G-1', price: '1.999' }, // 9
      { handle: 'h', name: 'Lost', category: 'Nope > Never', sku: 'H-1', price: '1' }, // 10
      { handle: 'i', name: 'Untaxed', tax_code: 'ZZZ', sku: 'I-1', price: '1' }, // 11
      {
        handle: 'j',
        name: 'Colourful',
        category: 'Clothing',
        sku: 'J-1',
        price: '1',
        'attr:material': 'wool',
        'attr:colour': 'red',
      }, // 12
      {
        handle: 'k',
        name: 'Silky',
        category: 'Clothing',
        sku: 'K-1',
        price: '1',
        'attr:material': 'silk',
      }, // 13
      { handle: 'l', name: 'Bare', category: 'Clothing', sku: 'L-1', price: '1' }, // 14
      { handle: 'm', name: 'No SKU', sku: '', price: '1' }, // 15
      { handle: 'n', name: 'N one', sku: 'N-1', price: '1' }, // 16
      { handle: 'n', name: 'N two', sku: 'N-2', price: '1' }, // 17: disagrees with line 16
      { handle: 'p', name: 'Bad PLU', sku: 'P-1', price: '1', plu: '12a' }, // 18
    ];
    // Line 19: a stray quote in the middle of a value, which no CSV reader can take.
    const file = `${csvOf(rows, columns)}q,"Q"x,,,Q-1,1,,,,\n`;
    const done = await importFails(file);
    const found = done.rowErrors.map(({ line, column, code }) => ({ line, column, code }));
    expect(found).toEqual([
      { line: 3, column: 'barcodes', code: 'catalog.invalid_check_digit' },
      { line: 4, column: 'sku', code: 'catalog_import.duplicate_sku' },
      { line: 6, column: 'barcodes', code: 'catalog_import.duplicate_barcode' },
      { line: 7, column: 'barcodes', code: 'catalog.barcode_taken' },
      { line: 8, column: 'price', code: 'pricing.negative_amount' },
      { line: 9, column: 'price', code: 'pricing.too_many_decimals' },
      { line: 10, column: 'category', code: 'catalog_import.unknown_category' },
      { line: 11, column: 'tax_code', code: 'catalog_import.unknown_tax_code' },
      { line: 12, column: 'attr:colour', code: 'catalog.unknown_attribute' },
      { line: 13, column: 'attr:material', code: 'catalog.invalid_attribute' },
      { line: 14, column: 'attr:material', code: 'catalog.missing_attribute' },
      { line: 15, column: 'sku', code: 'catalog_import.required' },
      { line: 17, column: 'name', code: 'catalog_import.product_mismatch' },
      { line: 17, column: 'option1_value', code: 'catalog_import.duplicate_options' },
      { line: 18, column: 'plu', code: 'catalog.invalid_plu' },
      { line: 19, column: '', code: 'catalog_import.malformed_row' },
    ]);
    expect(done.rowErrorTotal).toBe(found.length);
    expect(done.error).toEqual({
      code: 'catalog_import.invalid_rows',
      message: expect.stringContaining('nothing was imported'),
    });
    expect(done.counts).toMatchObject({ productsCreated: 0, variantsCreated: 0 });
  });

  it('lists at most 1,000 problems in file order, with the total', async () => {
    const rows = Array.from({ length: 1_500 }, (_, i) => ({
      handle: `h${i}`,
      name: `N${i}`,
      sku: `S-${i}`,
      price: '-0.01',
    }));
    const done = await importFails(csvOf(rows));
    expect(done.rowErrorTotal).toBe(1_500);
    expect(done.rowErrors).toHaveLength(1_000);
    expect(done.rowErrors[0]).toMatchObject({
      line: 2,
      column: 'price',
      code: 'pricing.negative_amount',
    });
    expect(done.rowErrors.at(-1)?.line).toBe(1_001);
    expect(done.progress.totalRows).toBe(1_500);
  });

  it('records a failed import in the audit trail', async () => {
    const { rows } = await owner.query(
      `select after from audit_events where tenant_id = $1 and action = 'catalog_import.failed'`,
      [retailer.tenantId],
    );
    expect(rows.map((row: { after: unknown }) => row.after)).toContainEqual({
      code: 'catalog_import.invalid_rows',
      rowErrorTotal: 1_500,
    });
  });
});
