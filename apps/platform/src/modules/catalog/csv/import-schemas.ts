import { type Static, Type } from 'typebox';
import { Closed, Limit, Nullable, Timestamp, Uuid } from '../../../http/schemas.ts';

// Catalog imports as the API reports them. The CSV format itself is described in
// docs/catalog-csv.md and in the upload route's OpenAPI description.

export const IMPORT_STATUSES = [
  'queued',
  'validating',
  'importing',
  'completed',
  'failed',
] as const;

export const RowErrorSchema = Closed(
  {
    line: Type.Integer({ description: 'Line of the file where the row starts (1 = header)' }),
    column: Type.String({ description: 'Column name, e.g. sku or attr:material' }),
    code: Type.String({ description: 'Stable code, e.g. catalog.invalid_check_digit' }),
    message: Type.String(),
  },
  'One problem with one cell of the file',
);
export type RowError = Static<typeof RowErrorSchema>;

const summaryFields = {
  id: Uuid,
  status: Type.Enum(IMPORT_STATUSES, {
    description:
      'queued -> validating (every row is checked; nothing is written) -> importing (one ' +
      'transaction) -> completed, or failed (nothing was imported)',
  }),
  fileName: Type.String(),
  fileBytes: Type.Integer(),
  progress: Closed({
    totalRows: Type.Integer({ description: 'Rows after the header; exact once validated' }),
    rowsValidated: Type.Integer(),
    rowsImported: Type.Integer(),
    percent: Type.Integer({ minimum: 0, maximum: 100 }),
  }),
  counts: Closed({
    productsCreated: Type.Integer(),
    productsUpdated: Type.Integer(),
    variantsCreated: Type.Integer(),
    variantsUpdated: Type.Integer(),
    variantsUnchanged: Type.Integer(),
  }),
  error: Nullable(
    Closed(
      { code: Type.String(), message: Type.String() },
      'Why the import failed; catalog_import.invalid_rows when rows did not pass (see rowErrors)',
    ),
  ),
  rowErrorTotal: Type.Integer({
    description: 'All row problems found; rowErrors lists at most 1,000',
  }),
  createdAt: Timestamp,
  startedAt: Nullable(Timestamp),
  finishedAt: Nullable(Timestamp),
};

export const CatalogImportSummary = Closed(summaryFields);
export type CatalogImportSummaryView = Static<typeof CatalogImportSummary>;

export const CatalogImport = Closed({
  ...summaryFields,
  rowErrors: Type.Array(RowErrorSchema, {
    description: 'The first 1,000 row problems in file order',
  }),
});
export type CatalogImportView = Static<typeof CatalogImport>;

export const CatalogImportPage = Closed({
  imports: Type.Array(CatalogImportSummary),
  nextCursor: Nullable(Uuid),
});
export type CatalogImportPageView = Static<typeof CatalogImportPage>;

export const CatalogImportListQuery = Closed({
  cursor: Type.Optional(Uuid),
  limit: Type.Optional(Limit),
});

export const UploadBody = Type.Object(
  { file: Type.String({ format: 'binary', description: 'The CSV file, UTF-8, at most 50 MB' }) },
  { required: ['file'] },
);
