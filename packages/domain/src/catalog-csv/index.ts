/**
 * The catalog CSV format (import and export): its columns and how each cell is read and written.
 * Pure, so the back office can check a file before uploading it with the same rules.
 */
export type { CellProblem, CellResult, Unit } from './cells.ts';
export {
  categoryPathKey,
  formatAttributeCell,
  formatBarcodesCell,
  formatBooleanCell,
  formatCategoryPath,
  formatMoneyCell,
  MAX_BARCODES,
  readAttributeCell,
  readBarcodesCell,
  readBooleanCell,
  readMoneyCell,
  readPluCell,
  readUnitCell,
  UNITS,
} from './cells.ts';
export type { CsvColumn, CsvHeader, CsvHeaderProblems } from './columns.ts';
export {
  ATTRIBUTE_COLUMN_PREFIX,
  CSV_COLUMNS,
  csvHeaderRow,
  OPTION_COLUMNS,
  REQUIRED_CSV_COLUMNS,
  readCsvHeader,
} from './columns.ts';
