import {
  type CellResult,
  type CsvColumn,
  type CsvHeader,
  type Currency,
  type NormalizedBarcode,
  OPTION_COLUMNS,
  readBarcodesCell,
  readMoneyCell,
  readPluCell,
} from '@tillpoint/domain';
import type { CsvRecord } from './csv-records.ts';

// One CSV record read into what it says about its product and its variant. Cells are trimmed
// (descriptions excepted). `undefined` always means "the file has no such column": the field is
// then left as it is on an existing product or variant, and defaulted on a new one.

/** Product-level cells, as written: they are read once per product (see product-fields.ts). */
export interface ProductCells {
  readonly name: string;
  readonly description: string | undefined;
  readonly category: string | undefined;
  readonly taxCode: string | undefined;
  readonly unit: string | undefined;
  readonly trackStock: string | undefined;
  /** One per option pair in the header, in order; '' where the row leaves it blank. */
  readonly optionNames: readonly string[] | undefined;
  readonly attributes: ReadonlyMap<string, string>;
}

export interface VariantCells {
  readonly sku: string;
  readonly priceMinor: number;
  readonly costMinor: number | null | undefined;
  readonly plu: string | null | undefined;
  readonly barcodes: readonly NormalizedBarcode[] | undefined;
  /** One per option pair in the header, in order. */
  readonly optionValues: readonly string[] | undefined;
}

export interface ParsedRow {
  readonly line: number;
  /** null when the cell is unusable; the problem has been reported. */
  readonly handle: string | null;
  readonly skuKey: string | null;
  readonly product: ProductCells;
  /** null when any variant cell has a problem (reported). */
  readonly variant: VariantCells | null;
}

export type ReportProblem = (line: number, column: string, code: string, message: string) => void;

const LIMITS = { handle: 200, sku: 64 } as const;

export function rowReader(header: CsvHeader, currency: Currency, report: ReportProblem) {
  const present = (column: CsvColumn) => header.columns.has(column);
  const optionPairs = OPTION_COLUMNS.filter(([name]) => present(name));

  return function readRow(record: CsvRecord): ParsedRow {
    const { line, cells } = record;
    let usable = true;
    const raw = (column: CsvColumn): string | undefined => {
      const index = header.columns.get(column);
      // A row may stop short of the last columns: those cells are blank.
      return index === undefined ? undefined : (cells[index] ?? '');
    };
    const text = (column: CsvColumn): string | undefined => raw(column)?.trim();
    const fail = (column: string, code: string, message: string): undefined => {
      usable = false;
      report(line, column, code, message);
      return undefined;
    };
    const required = (column: 'handle' | 'sku' | 'price'): string | undefined => {
      const value = text(column) ?? '';
      if (value === '') return fail(column, 'catalog_import.required', `${column} is required.`);
      if (column !== 'price' && value.length > LIMITS[column]) {
        return fail(
          column,
          'catalog_import.too_long',
          `${column} is at most ${LIMITS[column]} characters.`,
        );
      }
      return value;
    };
    const cell = <T>(column: CsvColumn, value: string, read: (v: string) => CellResult<T>) => {
      const result = read(value);
      return result.ok ? result.value : fail(column, result.problem.code, result.problem.message);
    };
    /** An optional cell: undefined (no column), null (blank: cleared), or the value read. */
    const optional = <T>(column: CsvColumn, read: (v: string) => CellResult<T>) => {
      const value = text(column);
      if (value === undefined) return undefined;
      return value === '' ? null : (cell(column, value, read) ?? null);
    };

    const handle = required('handle') ?? null;
    const sku = required('sku');
    const skuKey = sku === undefined ? null : sku.toLowerCase();
    const price = required('price');
    const priceMinor =
      price === undefined ? undefined : cell('price', price, (v) => readMoneyCell(v, currency));
    const costMinor = optional('cost', (v) => readMoneyCell(v, currency));
    const plu = optional('plu', readPluCell);
    const barcodeText = text('barcodes');
    const barcodes =
      barcodeText === undefined ? undefined : cell('barcodes', barcodeText, readBarcodesCell);

    const product: ProductCells = {
      name: text('name') ?? '',
      description: raw('description'),
      category: text('category'),
      taxCode: text('tax_code'),
      unit: text('unit'),
      trackStock: text('track_stock'),
      optionNames:
        optionPairs.length === 0 ? undefined : optionPairs.map(([name]) => text(name) ?? ''),
      attributes: new Map(
        [...header.attributes].map(([key, index]) => [key, (cells[index] ?? '').trim()]),
      ),
    };
    const variant: VariantCells | null =
      usable && sku !== undefined && priceMinor !== undefined
        ? {
            sku,
            priceMinor,
            costMinor,
            plu,
            barcodes,
            optionValues:
              optionPairs.length === 0
                ? undefined
                : optionPairs.map(([, value]) => text(value) ?? ''),
          }
        : null;
    return { line, handle, skuKey, product, variant };
  };
}

export type ReadRow = ReturnType<typeof rowReader>;
