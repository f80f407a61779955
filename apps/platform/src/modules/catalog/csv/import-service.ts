import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { type Database, newId } from '@tillpoint/db';
import { actorId, type RequestContext } from '../../../context.ts';
import { AppError, notFound } from '../../../errors.ts';
import type { JobQueue } from '../../../jobs/queue.ts';
import { recordAudit } from '../../audit/service.ts';
import { authorize } from '../../identity/authorize.ts';
import { noFile, notCsv } from './import-errors.ts';
import { IMPORT_ATTEMPTS } from './import-job.ts';
import { CATALOG_IMPORT_JOB, importJobId } from './import-job-name.ts';
import {
  failImport,
  insertChunk,
  insertImport,
  selectImport,
  selectImports,
} from './import-queries.ts';
import type { CatalogImportPageView, CatalogImportView } from './import-schemas.ts';
import { spoolUpload, type UploadStream } from './upload-spool.ts';

/** One stored chunk of the file; the job reads them one at a time. */
export const CHUNK_BYTES = 1024 * 1024;

/** A file part of a multipart request, as the route hands it over. */
export interface IncomingFile {
  readonly fieldName: string;
  readonly fileName: string;
  readonly mimeType: string;
  readonly stream: UploadStream;
}

// Browsers and tools label CSV files inconsistently (Excel on Windows says vnd.ms-excel, curl
// says octet-stream); the content is checked anyway. Anything else is clearly not a CSV.
const CSV_TYPES = new Set([
  'text/csv',
  'application/csv',
  'text/x-csv',
  'application/vnd.ms-excel',
  'text/plain',
  'application/octet-stream',
]);

function cleanFileName(raw: string): string {
  // Some browsers send "C:\fakepath\catalog.csv"; control characters have no place in a name.
  const name = basename(raw.replaceAll('\\', '/'))
    .replace(/[\p{Cc}]/gu, '')
    .trim();
  return name.slice(0, 255) || 'catalog.csv';
}

/** Uploading a catalog CSV (stored, then imported by a background job) and following it. */
export function createCatalogImportService(db: Database, jobs: JobQueue) {
  return {
    /**
     * Checks the upload as it streams in and stores it with its import record in one
     * transaction; then queues the job. `receive` is only called once the caller may import,
     * so a refused caller's file is never read.
     */
    async startImport(
      ctx: RequestContext,
      receive: () => Promise<IncomingFile | null>,
    ): Promise<CatalogImportView> {
      const authed = authorize(ctx, 'catalog.import');
      const file = await receive();
      if (file?.fieldName !== 'file') throw noFile();
      const mimeType = file.mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
      if (!CSV_TYPES.has(mimeType)) throw notCsv(mimeType);
      const upload = await spoolUpload(file.stream);
      const id = newId();
      const fileName = cleanFileName(file.fileName);
      const chunkCount = Math.ceil(upload.summary.bytes / CHUNK_BYTES);
      try {
        const created = await db.withTenant(authed, async (tx) => {
          await insertImport(tx, authed.tenantId, {
            id,
            fileName,
            fileBytes: upload.summary.bytes,
            chunkCount,
            totalRows: upload.summary.dataRows,
            createdByType: authed.actor.type,
            createdBy: actorId(authed.actor),
            requestId: authed.requestId,
            ip: authed.ip || null,
          });
          let seq = 0;
          for await (const chunk of createReadStream(upload.path, { highWaterMark: CHUNK_BYTES }))
            await insertChunk(tx, authed.tenantId, id, seq++, chunk as Buffer);
          // The job reads exactly chunk_count chunks; a short read here must not store a torn file.
          if (seq !== chunkCount) throw new Error(`stored ${seq} chunks, expected ${chunkCount}`);
          await recordAudit(tx, authed, {
            action: 'catalog_import.created',
            targetType: 'catalog_import',
            targetId: id,
            after: { fileName, fileBytes: upload.summary.bytes, rows: upload.summary.dataRows },
          });
          return selectImport(tx, id);
        });
        if (!created) throw notFound('catalog_import', id);
        await enqueue(authed.tenantId, id);
        return created;
      } finally {
        await upload.discard();
      }
    },

    async getImport(ctx: RequestContext, id: string): Promise<CatalogImportView> {
      const authed = authorize(ctx, 'catalog.import');
      const found = await db.withTenant(authed, (tx) => selectImport(tx, id));
      if (!found) throw notFound('catalog_import', id);
      return found;
    },

    async listImports(
      ctx: RequestContext,
      page: { cursor: string | null; limit: number },
    ): Promise<CatalogImportPageView> {
      const authed = authorize(ctx, 'catalog.import');
      const rows = await db.withTenant(authed, (tx) =>
        selectImports(tx, page.cursor, page.limit + 1),
      );
      const imports = rows.slice(0, page.limit);
      const last = imports.at(-1);
      return { imports, nextCursor: rows.length > page.limit && last ? last.id : null };
    },
  };

  /** The file is stored; if the queue cannot take the job, say so rather than leave it queued. */
  async function enqueue(tenantId: string, id: string): Promise<void> {
    try {
      await jobs.add(
        CATALOG_IMPORT_JOB,
        { tenantId, importId: id },
        { jobId: importJobId(tenantId, id), attempts: IMPORT_ATTEMPTS },
      );
    } catch (error) {
      const message = 'The import could not be queued; upload the file again in a moment.';
      await db
        .withTenant({ tenantId }, (tx) =>
          failImport(tx, id, {
            code: 'unavailable',
            message,
            rowErrors: [],
            rowErrorTotal: 0,
            totalRows: null,
          }),
        )
        .catch(() => {});
      const unavailable = new AppError('unavailable', message);
      // Logged with the 503, so the queue's own error is not lost.
      unavailable.cause = error;
      throw unavailable;
    }
  }
}

export type CatalogImportService = ReturnType<typeof createCatalogImportService>;
