import type { Database, TenantScope } from '@tillpoint/db';
import type { CsvHeader } from '@tillpoint/domain';
import { type CatalogReference, loadCatalogReference } from './catalog-reference.ts';
import { checkPass } from './check-pass.ts';
import { type CsvFile, openCsvFile } from './csv-file.ts';
import { noRows } from './import-errors.ts';
import { percentOf } from './import-progress.ts';
import type { ImportFailure, ImportTask, ProgressUpdate } from './import-queries.ts';
import { selectChunk } from './import-queries.ts';
import { readPass } from './read-pass.ts';
import { batchedRead, type ImportPlan, resolvePlan } from './resolve.ts';
import { RowErrorReport } from './row-errors.ts';
import { rowReader } from './row-reader.ts';
import { storedFile } from './stored-file.ts';

export interface CheckedFile {
  readonly plan: ImportPlan;
  readonly header: CsvHeader;
  readonly reference: CatalogReference;
  readonly totalRows: number;
}

const silent = () => {};

/**
 * Checks every row of a stored file against the format and the catalog, writing nothing to the
 * catalog: pass 1 reads the rows and the file against itself, the lookups check it against the
 * catalog, pass 2 the options of each product. Either the plan to import, or the full report.
 */
export async function checkFile(
  db: Database,
  scope: TenantScope,
  task: ImportTask,
  progress: (update: ProgressUpdate, now?: boolean) => Promise<void>,
): Promise<CheckedFile | ImportFailure> {
  const report = new RowErrorReport();
  const problem = report.add.bind(report);
  const open = (reportMalformed: boolean): Promise<CsvFile> =>
    openCsvFile(
      storedFile(
        (seq) => db.withTenant(scope, (tx) => selectChunk(tx, task.id, seq)),
        task.chunkCount,
      ),
      reportMalformed
        ? ({ line, message }) => report.add(line, '', 'catalog_import.malformed_row', message)
        : silent,
    );
  const reference = await db.withTenant(scope, loadCatalogReference);

  const first = await open(true);
  const estimate = task.totalRows;
  const index = await readPass(
    first.rows,
    rowReader(first.header, reference.currency, problem),
    problem,
    (rows) => progress({ percent: percentOf('read', rows, estimate) }),
  );
  const totalRows = index.totalRows;
  await progress({ totalRows }, true);
  if (totalRows === 0) {
    const { code, message } = noRows();
    return { code, message, rowErrors: [], rowErrorTotal: 0, totalRows };
  }
  const plan = await resolvePlan(
    index,
    reference,
    { barcodes: first.header.columns.has('barcodes'), plu: first.header.columns.has('plu') },
    batchedRead((work) => db.withTenant(scope, work)),
    problem,
  );
  const second = await open(false);
  await checkPass(
    second.rows,
    rowReader(second.header, reference.currency, silent),
    plan,
    problem,
    (rows) => progress({ rowsValidated: rows, percent: percentOf('check', rows, totalRows) }),
  );

  if (report.total > 0) {
    return {
      code: 'catalog_import.invalid_rows',
      message: `The file has ${report.total} problem${report.total === 1 ? '' : 's'}; nothing was imported. Fix the rows listed and upload it again.`,
      rowErrors: report.list(),
      rowErrorTotal: report.total,
      totalRows,
    };
  }
  return { plan, header: first.header, reference, totalRows };
}
