// Helpers for the catalog CSV tests: multipart uploads, CSV files from rows, waiting for a job.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'csv-stringify/sync';
import type { Caller, Response } from '../../../testing/index.ts';
import type { CatalogImportView } from './import-schemas.ts';

export interface FilePart {
  readonly field?: string;
  readonly fileName?: string;
  readonly contentType?: string;
}

/** A multipart/form-data body with one file part, as a browser or curl sends it. */
export function multipartBody(
  content: string | Uint8Array,
  part: FilePart = {},
): { payload: Buffer; contentType: string } {
  const boundary = `----tillpoint${randomBytes(8).toString('hex')}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="${part.field ?? 'file'}"; ` +
    `filename="${part.fileName ?? 'catalog.csv'}"\r\nContent-Type: ${part.contentType ?? 'text/csv'}\r\n\r\n`;
  const payload = Buffer.concat([
    Buffer.from(head, 'utf8'),
    typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
    Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

export function uploadCsv(
  caller: Caller,
  content: string | Uint8Array,
  part: FilePart = {},
): Promise<Response<CatalogImportView & { code?: string; message?: string }>> {
  const { payload, contentType } = multipartBody(content, part);
  return caller.request('POST', '/api/v1/catalog/imports', payload, {
    'content-type': contentType,
  });
}

export type CsvRow = Record<string, string>;

/** A CSV with the given columns (or every column any row uses), one line per row. */
export function csvOf(rows: readonly CsvRow[], columns?: readonly string[]): string {
  const header = columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return stringify([header, ...rows.map((row) => header.map((column) => row[column] ?? ''))]);
}

/** Polls until the import has ended; fails the test if it does not end in time. */
export async function waitForImport(
  caller: Caller,
  id: string,
  timeoutMs = 60_000,
): Promise<CatalogImportView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await caller.get<CatalogImportView>(`/api/v1/catalog/imports/${id}`);
    if (response.status !== 200) throw new Error(`import ${id}: ${JSON.stringify(response.body)}`);
    if (response.body.status === 'completed' || response.body.status === 'failed')
      return response.body;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${response.body.status}`);
    await sleep(50);
  }
}

/** Uploads a file and waits for its import to end; fails the test if the upload is refused. */
export async function importCsv(caller: Caller, content: string): Promise<CatalogImportView> {
  const upload = await uploadCsv(caller, content);
  if (upload.status !== 202) throw new Error(`upload refused: ${JSON.stringify(upload.body)}`);
  return waitForImport(caller, upload.body.id);
}

/** The export as text, without its BOM. */
export async function exportCsv(caller: Caller): Promise<string> {
  const response = await caller.app.inject({
    method: 'GET',
    url: '/api/v1/catalog/export',
    headers: caller.cookie
      ? { cookie: caller.cookie }
      : { authorization: `Bearer ${caller.bearer}` },
    remoteAddress: caller.ip,
  });
  if (response.statusCode !== 200) throw new Error(`export failed: ${response.body}`);
  return response.body.replace(/^\uFEFF/, '');
}
