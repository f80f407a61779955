import { sql, type Tx } from '@tillpoint/db';
import type { CatalogImportSummaryView, CatalogImportView, RowError } from './import-schemas.ts';

// The catalog_imports row as the API shows it, and the writes the upload and the job make to it.

const summaryColumns = sql`id, status, file_name as "fileName", file_bytes as "fileBytes",
  json_build_object('totalRows', total_rows, 'rowsValidated', rows_validated,
    'rowsImported', rows_imported, 'percent', progress_percent) as progress,
  json_build_object('productsCreated', products_created, 'productsUpdated', products_updated,
    'variantsCreated', variants_created, 'variantsUpdated', variants_updated,
    'variantsUnchanged', variants_unchanged) as counts,
  case when error_code is null then null
    else json_build_object('code', error_code, 'message', error_message) end as error,
  error_total as "rowErrorTotal",
  to_json(created_at) #>> '{}' as "createdAt", to_json(started_at) #>> '{}' as "startedAt",
  to_json(finished_at) #>> '{}' as "finishedAt"`;

export function selectImport(tx: Tx, id: string): Promise<CatalogImportView | null> {
  return tx.maybeOne<CatalogImportView>(
    sql`select ${summaryColumns}, row_errors as "rowErrors" from catalog_imports where id = ${id}`,
  );
}

/** Newest first; ids are UUIDv7, so id order is upload order. */
export function selectImports(
  tx: Tx,
  before: string | null,
  limit: number,
): Promise<CatalogImportSummaryView[]> {
  const after = before ? sql`where id < ${before}` : sql.empty;
  return tx.query<CatalogImportSummaryView>(
    sql`select ${summaryColumns} from catalog_imports ${after} order by id desc limit ${limit}`,
  );
}

export interface NewImport {
  readonly id: string;
  readonly fileName: string;
  readonly fileBytes: number;
  readonly chunkCount: number;
  readonly totalRows: number;
  readonly createdByType: 'user' | 'device' | 'api_token';
  readonly createdBy: string;
  readonly requestId: string;
  readonly ip: string | null;
}

export async function insertImport(tx: Tx, tenantId: string, row: NewImport): Promise<void> {
  await tx.execute(sql`insert into catalog_imports (tenant_id, id, file_name, file_bytes,
      chunk_count, total_rows, created_by_type, created_by, request_id, ip)
    values (${tenantId}, ${row.id}, ${row.fileName}, ${row.fileBytes}, ${row.chunkCount},
      ${row.totalRows}, ${row.createdByType}, ${row.createdBy}, ${row.requestId}, ${row.ip})`);
}

export async function insertChunk(
  tx: Tx,
  tenantId: string,
  importId: string,
  seq: number,
  content: Buffer,
): Promise<void> {
  await tx.execute(sql`insert into catalog_import_chunks (tenant_id, import_id, seq, content)
    values (${tenantId}, ${importId}, ${seq}, ${content})`);
}

export async function selectChunk(tx: Tx, importId: string, seq: number): Promise<Buffer | null> {
  const row = await tx.maybeOne<{ content: Buffer }>(sql`select content
    from catalog_import_chunks where import_id = ${importId} and seq = ${seq}`);
  return row?.content ?? null;
}

/** What the job needs to run an import: the file's shape and in whose name it writes. */
export interface ImportTask {
  readonly id: string;
  readonly status: CatalogImportView['status'];
  readonly fileName: string;
  readonly fileBytes: number;
  readonly chunkCount: number;
  readonly totalRows: number;
  readonly createdByType: 'user' | 'device' | 'api_token';
  readonly createdBy: string | null;
  readonly requestId: string;
  readonly ip: string | null;
}

/**
 * Takes the import for one run of the job: back to validating, whatever an interrupted earlier
 * run got to (nothing of it was committed). null: it ended already, or does not exist.
 */
export function claimImport(tx: Tx, id: string): Promise<ImportTask | null> {
  return tx.maybeOne<ImportTask>(sql`update catalog_imports
    set status = 'validating', started_at = coalesce(started_at, now()), attempts = attempts + 1,
      rows_validated = 0, rows_imported = 0, progress_percent = 0
    where id = ${id} and status not in ('completed', 'failed')
    returning id, status, file_name as "fileName", file_bytes as "fileBytes",
      chunk_count as "chunkCount", total_rows as "totalRows",
      created_by_type as "createdByType", created_by as "createdBy",
      request_id as "requestId", ip`);
}

export interface ProgressUpdate {
  readonly status?: 'validating' | 'importing';
  readonly totalRows?: number;
  readonly rowsValidated?: number;
  readonly rowsImported?: number;
  readonly percent?: number;
}

export async function updateProgress(tx: Tx, id: string, update: ProgressUpdate): Promise<void> {
  await tx.execute(sql`update catalog_imports set
      status = coalesce(${update.status ?? null}, status),
      total_rows = coalesce(${update.totalRows ?? null}::int, total_rows),
      rows_validated = coalesce(${update.rowsValidated ?? null}::int, rows_validated),
      rows_imported = coalesce(${update.rowsImported ?? null}::int, rows_imported),
      progress_percent = coalesce(${update.percent ?? null}::smallint, progress_percent)
    where id = ${id} and status not in ('completed', 'failed')`);
}

export interface ImportCounts {
  readonly productsCreated: number;
  readonly productsUpdated: number;
  readonly variantsCreated: number;
  readonly variantsUpdated: number;
  readonly variantsUnchanged: number;
}

/** The end of a successful import, written in the transaction that imported it. */
export async function completeImport(
  tx: Tx,
  id: string,
  totalRows: number,
  counts: ImportCounts,
): Promise<void> {
  await tx.execute(sql`update catalog_imports set status = 'completed', finished_at = now(),
      total_rows = ${totalRows}, rows_validated = ${totalRows}, rows_imported = ${totalRows},
      progress_percent = 100,
      products_created = ${counts.productsCreated}, products_updated = ${counts.productsUpdated},
      variants_created = ${counts.variantsCreated}, variants_updated = ${counts.variantsUpdated},
      variants_unchanged = ${counts.variantsUnchanged}
    where id = ${id}`);
  await deleteChunks(tx, id);
}

export interface ImportFailure {
  readonly code: string;
  readonly message: string;
  readonly rowErrors: readonly RowError[];
  readonly rowErrorTotal: number;
  readonly totalRows: number | null;
}

/** Returns false when the import had already ended (a concurrent run got there first). */
export async function failImport(tx: Tx, id: string, failure: ImportFailure): Promise<boolean> {
  const written = await tx.execute(sql`update catalog_imports set status = 'failed',
      finished_at = now(), error_code = ${failure.code}, error_message = ${failure.message},
      row_errors = ${sql.json(failure.rowErrors)}, error_total = ${failure.rowErrorTotal},
      total_rows = coalesce(${failure.totalRows}::int, total_rows)
    where id = ${id} and status not in ('completed', 'failed')`);
  if (written > 0) await deleteChunks(tx, id);
  return written > 0;
}

async function deleteChunks(tx: Tx, id: string): Promise<void> {
  await tx.execute(sql`delete from catalog_import_chunks where import_id = ${id}`);
}
