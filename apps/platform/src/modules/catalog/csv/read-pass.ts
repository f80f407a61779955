import type { CsvRecord } from './csv-records.ts';
import type { ProductCells, ReadRow, ReportProblem } from './row-reader.ts';

/** A product as the file first describes it (its first row), with every later row checked against it. */
export interface GroupDraft {
  readonly handle: string;
  readonly firstLine: number;
  readonly cells: ProductCells;
}

export interface Claim {
  readonly line: number;
  readonly skuKey: string;
}

/** What the first pass learns about the whole file: enough to look it up against the catalog. */
export interface FileIndex {
  readonly totalRows: number;
  readonly skus: ReadonlyMap<string, { readonly line: number; readonly handle: string | null }>;
  /** Barcode lookup key -> the row that lists it. */
  readonly barcodes: ReadonlyMap<string, Claim>;
  readonly plus: ReadonlyMap<string, Claim>;
  readonly groups: ReadonlyMap<string, GroupDraft>;
}

type Cells = Record<string, string | undefined>;

/** Product cells by column name, for comparing rows of one product. */
function flatten(cells: ProductCells): Cells {
  const flat: Cells = {
    name: cells.name,
    description: cells.description,
    category: cells.category,
    tax_code: cells.taxCode,
    unit: cells.unit,
    track_stock: cells.trackStock,
  };
  cells.optionNames?.forEach((name, index) => {
    flat[`option${index + 1}_name`] = name;
  });
  for (const [key, value] of cells.attributes) flat[`attr:${key}`] = value;
  return flat;
}

/**
 * Pass 1 of 3: reads every row, checks each on its own (formats, check digits, amounts) and the
 * file against itself (a SKU, barcode or PLU twice; rows of one product that disagree about it).
 * Keeps indexes of the file, never its rows.
 */
export async function readPass(
  records: AsyncIterable<CsvRecord>,
  readRow: ReadRow,
  report: ReportProblem,
  onRows: (rows: number) => Promise<void>,
): Promise<FileIndex> {
  const skus = new Map<string, { line: number; handle: string | null }>();
  const barcodes = new Map<string, Claim>();
  const plus = new Map<string, Claim>();
  const groups = new Map<string, GroupDraft & { flat: Cells }>();
  let totalRows = 0;

  for await (const record of records) {
    totalRows += 1;
    const row = readRow(record);
    const { line, skuKey, variant, handle } = row;
    if (skuKey !== null) {
      const first = skus.get(skuKey);
      if (first) {
        report(
          line,
          'sku',
          'catalog_import.duplicate_sku',
          `This SKU is also on line ${first.line}.`,
        );
      } else {
        skus.set(skuKey, { line, handle });
      }
    }
    if (variant && skuKey !== null) {
      for (const barcode of variant.barcodes ?? []) {
        const first = barcodes.get(barcode.lookupKey);
        if (first) {
          report(
            line,
            'barcodes',
            'catalog_import.duplicate_barcode',
            `Barcode ${barcode.code} is also on line ${first.line}.`,
          );
        } else {
          barcodes.set(barcode.lookupKey, { line, skuKey });
        }
      }
      if (variant.plu) {
        const first = plus.get(variant.plu);
        if (first) {
          report(
            line,
            'plu',
            'catalog_import.duplicate_plu',
            `This PLU is also on line ${first.line}.`,
          );
        } else {
          plus.set(variant.plu, { line, skuKey });
        }
      }
    }
    if (handle !== null) {
      const group = groups.get(handle);
      if (!group) {
        groups.set(handle, {
          handle,
          firstLine: line,
          cells: row.product,
          flat: flatten(row.product),
        });
      } else {
        // A later row may leave product cells blank; what it does say must match the first row.
        for (const [column, value] of Object.entries(flatten(row.product))) {
          if (value === undefined || value.trim() === '' || value === group.flat[column]) continue;
          report(
            line,
            column,
            'catalog_import.product_mismatch',
            `This row says "${value}" but line ${group.firstLine} (the product's first row) says "${group.flat[column] ?? ''}".`,
          );
        }
      }
    }
    if (totalRows % 1_000 === 0) await onRows(totalRows);
  }
  await onRows(totalRows);
  const drafts = new Map<string, GroupDraft>();
  for (const [handle, { flat: _flat, ...draft }] of groups) drafts.set(handle, draft);
  return { totalRows, skus, barcodes, plus, groups: drafts };
}
