import { isCatalogError, normalizeOptionValues } from '@tillpoint/domain';
import type { CsvRecord } from './csv-records.ts';
import type { ImportPlan, ProductPlan } from './resolve.ts';
import type { ParsedRow, ReadRow, ReportProblem } from './row-reader.ts';

/**
 * The option values a row's variant ends up with: the file's, or (without option columns) the
 * existing variant's, which stay; null when they break the product's options (reported).
 */
export function finalOptionValues(
  row: ParsedRow,
  plan: ProductPlan,
  existing: boolean,
  report: ReportProblem,
): string[] | null {
  const slots = row.variant?.optionValues;
  if (slots === undefined && existing) return null;
  const names = plan.fields.optionNames;
  const given = slots ?? [];
  const extra = given.slice(names.length).some((value) => value !== '');
  try {
    if (extra) normalizeOptionValues(names, given);
    return normalizeOptionValues(names, given.slice(0, names.length));
  } catch (error) {
    if (!isCatalogError(error)) throw error;
    report(row.line, 'option1_value', error.code, error.message);
    return null;
  }
}

/**
 * Pass 2 of 3: what can only be checked once every product of the file is known: each row's
 * option values against its product's options, and no two active variants of a product with
 * the same values (within the file, or against variants of the product the file leaves alone).
 */
export async function checkPass(
  records: AsyncIterable<CsvRecord>,
  readRow: ReadRow,
  plan: ImportPlan,
  report: ReportProblem,
  onRows: (rows: number) => Promise<void>,
): Promise<void> {
  const taken = new Map<string, Map<string, { line: number; sku: string }>>();
  const takenOf = (product: ProductPlan, hasOptionColumns: boolean) => {
    let map = taken.get(product.handle);
    if (map) return map;
    map = new Map();
    // Values of variants that keep them: all of them without option columns, else those the
    // file does not list (the listed ones get the file's values).
    for (const variant of product.activeOptions) {
      if (hasOptionColumns && plan.existingVariants.has(variant.skuKey)) continue;
      map.set(JSON.stringify(variant.optionValues), { line: 0, sku: variant.sku });
    }
    taken.set(product.handle, map);
    return map;
  };

  let rows = 0;
  for await (const record of records) {
    rows += 1;
    if (rows % 1_000 === 0) await onRows(rows);
    // readRow is a silent reader here: each row's own problems were reported by the first pass.
    const row = readRow(record);
    const product = row.handle === null ? undefined : plan.products.get(row.handle);
    if (!product || !row.variant || row.skuKey === null) continue;
    const existing = plan.existingVariants.has(row.skuKey);
    const values = finalOptionValues(row, product, existing, report);
    if (values === null) continue;
    const seen = takenOf(product, row.variant.optionValues !== undefined);
    const key = JSON.stringify(values);
    const other = seen.get(key);
    if (!other) {
      seen.set(key, { line: row.line, sku: row.variant.sku });
    } else if (other.line === 0) {
      report(
        row.line,
        'option1_value',
        'catalog.options_taken',
        `SKU ${other.sku} of this product already has these option values.`,
      );
    } else {
      report(
        row.line,
        'option1_value',
        'catalog_import.duplicate_options',
        `Line ${other.line} gives this product a variant with the same option values${values.length === 0 ? ' (none: add an option, e.g. option1_name Size)' : ''}.`,
      );
    }
  }
  await onRows(rows);
}
