import { ATTRIBUTE_KEY } from '../catalog/attributes.ts';

/**
 * The catalog CSV: one row per variant. Product-level columns repeat on every row of the
 * product (a later row may leave them blank); `attr:<key>` columns carry category attributes.
 * docs/catalog-csv.md describes the format for people; this is the same list for code.
 */
export const CSV_COLUMNS = [
  'handle',
  'name',
  'description',
  'category',
  'tax_code',
  'unit',
  'track_stock',
  'option1_name',
  'option1_value',
  'option2_name',
  'option2_value',
  'option3_name',
  'option3_value',
  'sku',
  'price',
  'cost',
  'plu',
  'barcodes',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Without these a row cannot say which variant it is, which product it belongs to, or its price. */
export const REQUIRED_CSV_COLUMNS = [
  'handle',
  'name',
  'sku',
  'price',
] as const satisfies readonly CsvColumn[];

export const ATTRIBUTE_COLUMN_PREFIX = 'attr:';

/** option1_name .. option3_value, as [name column, value column] per option. */
export const OPTION_COLUMNS = [
  ['option1_name', 'option1_value'],
  ['option2_name', 'option2_value'],
  ['option3_name', 'option3_value'],
] as const satisfies readonly (readonly [CsvColumn, CsvColumn])[];

/** Where each known column sits in the file. Absent optional columns leave fields untouched. */
export interface CsvHeader {
  readonly columns: ReadonlyMap<CsvColumn, number>;
  /** Attribute key (material) -> index of its attr:material column. */
  readonly attributes: ReadonlyMap<string, number>;
  readonly width: number;
}

export interface CsvHeaderProblems {
  readonly missing: readonly string[];
  readonly unknown: readonly string[];
  readonly duplicate: readonly string[];
}

const KNOWN = new Set<string>(CSV_COLUMNS);

function isColumn(name: string): name is CsvColumn {
  return KNOWN.has(name);
}

/** Column names are matched case-insensitively, ignoring surrounding spaces. */
function canonical(cell: string): string {
  return cell.trim().toLowerCase();
}

/**
 * Reads the header row. Every missing required column, unknown column (a misspelt optional
 * column would otherwise be ignored silently) and repeated column is reported at once.
 */
export function readCsvHeader(
  cells: readonly string[],
): { readonly header: CsvHeader } | { readonly problems: CsvHeaderProblems } {
  const columns = new Map<CsvColumn, number>();
  const attributes = new Map<string, number>();
  const unknown: string[] = [];
  const duplicate: string[] = [];
  cells.forEach((cell, index) => {
    const name = canonical(cell);
    if (name.startsWith(ATTRIBUTE_COLUMN_PREFIX)) {
      const key = name.slice(ATTRIBUTE_COLUMN_PREFIX.length);
      if (!ATTRIBUTE_KEY.test(key)) unknown.push(cell.trim());
      else if (attributes.has(key)) duplicate.push(name);
      else attributes.set(key, index);
    } else if (!isColumn(name)) {
      unknown.push(cell.trim());
    } else if (columns.has(name)) {
      duplicate.push(name);
    } else {
      columns.set(name, index);
    }
  });
  const missing: string[] = REQUIRED_CSV_COLUMNS.filter((column) => !columns.has(column));
  // An option needs its name and its value; one without the other cannot be read.
  for (const pair of OPTION_COLUMNS) {
    const [name, value] = pair;
    if (columns.has(name) !== columns.has(value)) missing.push(columns.has(name) ? value : name);
  }
  if (missing.length + unknown.length + duplicate.length > 0)
    return { problems: { missing, unknown, duplicate } };
  return { header: { columns, attributes, width: cells.length } };
}

/** The header an export writes: every column, then the attribute columns in the given order. */
export function csvHeaderRow(attributeKeys: readonly string[]): string[] {
  return [...CSV_COLUMNS, ...attributeKeys.map((key) => `${ATTRIBUTE_COLUMN_PREFIX}${key}`)];
}
