import { type Database, sql, type TenantScope, type Tx } from '@tillpoint/db';
import type { RequestContext } from '../../../context.ts';
import { AppError } from '../../../errors.ts';
import { type JobHandler, PermanentJobError } from '../../../jobs/queue.ts';
import { recordAudit } from '../../audit/service.ts';
import { toCatalogError } from '../errors.ts';
import { type CheckedFile, checkFile } from './check-file.ts';
import { openCsvFile } from './csv-file.ts';
import { percentOf, progressWriter } from './import-progress.ts';
import {
  claimImport,
  completeImport,
  failImport,
  type ImportFailure,
  type ImportTask,
  selectChunk,
  updateProgress,
} from './import-queries.ts';
import { rowReader } from './row-reader.ts';
import { storedFile } from './stored-file.ts';
import { CatalogChangedError, writePass } from './write-pass.ts';
import { lockTenantImports } from './write-queries.ts';

/** Retries cover a moved catalog or a lost connection; a bad file fails at once. */
export const IMPORT_ATTEMPTS = 3;

/** The uploader's request, so the job's audit events name who imported and from where. */
function uploaderContext(task: ImportTask, tenantId: string) {
  const ctx: RequestContext & { tenantId: string } = {
    tenantId,
    requestId: task.requestId,
    ip: task.ip ?? '',
    userAgent: null,
    actor: null,
  };
  return { ctx, actor: { type: task.createdByType, id: task.createdBy } };
}

function failureOf(error: unknown): { code: string; message: string } {
  if (error instanceof CatalogChangedError) {
    return {
      code: 'catalog_import.catalog_changed',
      message: `${error.message}. Upload the file again.`,
    };
  }
  const known = toCatalogError(error);
  if (known instanceof AppError) return { code: known.code, message: known.message };
  return {
    code: 'internal',
    message: 'The import failed on our side and nothing was imported; upload the file again.',
  };
}

/**
 * Runs one uploaded catalog CSV: claim it, check every row (writing nothing to the catalog),
 * then import it in ONE transaction with its audit event, or record why not. Safe to run twice:
 * an ended import is left alone, and imports of one tenant take turns.
 */
export function createCatalogImportJob(db: Database): JobHandler {
  return async (data, run) => {
    const importId = data.importId;
    if (typeof importId !== 'string')
      throw new PermanentJobError('catalog import job without importId');
    const scope: TenantScope = { tenantId: data.tenantId };
    const claimed = await db.withTenant(scope, async (tx) => {
      const claim = await claimImport(tx, importId);
      if (claim) return claim;
      const ended = await tx.maybeOne(sql`select 1 from catalog_imports where id = ${importId}`);
      // Enqueued only after the upload commits, so a missing row means this worker reads another
      // database: two deployments share a Redis queue. Fail loudly (and let another worker try).
      if (!ended) throw new Error(`catalog import ${importId} not found in this database`);
      return null;
    });
    if (!claimed) return;
    const task: ImportTask = claimed;
    const uploader = uploaderContext(task, data.tenantId);
    const write = (update: Parameters<typeof updateProgress>[2]) =>
      db.withTenant(scope, (tx) => updateProgress(tx, task.id, update));
    const progress = progressWriter(write);

    const fail = (failure: ImportFailure) =>
      db.withTenant(scope, async (tx) => {
        if (!(await failImport(tx, task.id, failure))) return;
        await recordAudit(
          tx,
          uploader.ctx,
          {
            action: 'catalog_import.failed',
            targetType: 'catalog_import',
            targetId: task.id,
            after: { code: failure.code, rowErrorTotal: failure.rowErrorTotal },
          },
          uploader.actor,
        );
      });

    let checked: CheckedFile;
    try {
      const outcome = await checkFile(db, scope, task, progress);
      if (!('plan' in outcome)) return await fail(outcome);
      checked = outcome;
    } catch (error) {
      // The file itself is refused (e.g. a header stored under older rules): no retry helps.
      if (error instanceof AppError && error.status < 500) {
        return await fail({
          ...failureOf(error),
          rowErrors: [],
          rowErrorTotal: 0,
          totalRows: null,
        });
      }
      return retryOrFail(error);
    }

    try {
      await progress(
        {
          status: 'importing',
          rowsValidated: checked.totalRows,
          percent: percentOf('write', 0, 1),
        },
        true,
      );
      await db.withTenant(scope, (tx) => importChecked(tx, checked));
    } catch (error) {
      return retryOrFail(error);
    }

    async function retryOrFail(error: unknown): Promise<void> {
      if (run.attempt < IMPORT_ATTEMPTS) throw error;
      await fail({ ...failureOf(error), rowErrors: [], rowErrorTotal: 0, totalRows: null });
      if (!(error instanceof CatalogChangedError)) {
        throw new PermanentJobError(`catalog import ${task.id} failed: ${String(error)}`);
      }
    }

    async function importChecked(tx: Tx, file: CheckedFile): Promise<void> {
      await lockTenantImports(tx);
      // A stalled run may have finished it while this one waited for the lock.
      const { status } = await tx.one<{ status: string }>(
        sql`select status from catalog_imports where id = ${task.id}`,
      );
      if (status === 'completed' || status === 'failed') return;
      const silent = () => {};
      const stored = await openCsvFile(
        storedFile((seq) => selectChunk(tx, task.id, seq), task.chunkCount),
        silent,
      );
      // Progress goes through its own connection so it shows before this transaction commits;
      // embedded PGlite has only one connection, so there the bar jumps at the end instead.
      const onRows =
        db.kind === 'postgres'
          ? (rows: number) =>
              progress({ rowsImported: rows, percent: percentOf('write', rows, file.totalRows) })
          : async () => {};
      const counts = await writePass(tx, {
        tenantId: scope.tenantId,
        plan: file.plan,
        records: stored.rows,
        readRow: rowReader(file.header, file.reference.currency, silent),
        onRows,
      });
      await completeImport(tx, task.id, file.totalRows, counts);
      await recordAudit(
        tx,
        uploader.ctx,
        {
          action: 'catalog.imported',
          targetType: 'catalog_import',
          targetId: task.id,
          after: { fileName: task.fileName, rows: file.totalRows, ...counts },
        },
        uploader.actor,
      );
    }
  };
}
