import type { Database, TenantScope } from '@tillpoint/db';
import {
  csvHeaderRow,
  formatAttributeCell,
  formatBarcodesCell,
  formatBooleanCell,
  formatCategoryPath,
  formatMoneyCell,
} from '@tillpoint/domain';
import { stringify } from 'csv-stringify/sync';
import type { RequestContext } from '../../../context.ts';
import { authorize } from '../../identity/authorize.ts';
import { type CatalogReference, loadCatalogReference } from './catalog-reference.ts';
import {
  type ExportRow,
  selectAttributeKeys,
  selectExportPageIds,
  selectExportRows,
} from './export-queries.ts';

const PRODUCTS_PER_PAGE = 500;
// Spreadsheet programs only read a CSV as UTF-8 when it starts with a BOM; the import accepts it.
const BOM = '\uFEFF';

function toCells(row: ExportRow, reference: CatalogReference, keys: readonly string[]): string[] {
  const category = row.categoryId ? reference.categoryById.get(row.categoryId) : undefined;
  const options = [0, 1, 2].flatMap((i) => [row.optionNames[i] ?? '', row.optionValues[i] ?? '']);
  return [
    row.productId,
    row.name,
    row.description,
    category ? formatCategoryPath(category.path) : '',
    row.taxCategoryId ? (reference.taxCodeById.get(row.taxCategoryId) ?? '') : '',
    row.unit,
    formatBooleanCell(row.trackStock),
    ...options,
    row.sku,
    formatMoneyCell(row.priceMinor, reference.currency),
    row.costMinor === null ? '' : formatMoneyCell(row.costMinor, reference.currency),
    row.plu ?? '',
    formatBarcodesCell(row.barcodes),
    ...keys.map((key) => {
      const value = row.attributes[key];
      return value === undefined ? '' : formatAttributeCell(value);
    }),
  ];
}

async function* exportLines(
  db: Database,
  scope: TenantScope,
  reference: CatalogReference,
  keys: readonly string[],
): AsyncGenerator<string> {
  yield BOM + stringify([csvHeaderRow(keys)]);
  let after: string | null = null;
  for (;;) {
    // Each page is its own short transaction: a slow download holds no connection while it waits.
    const page: { ids: string[]; rows: ExportRow[] } = await db.withTenant(scope, async (tx) => {
      const ids = await selectExportPageIds(tx, after, PRODUCTS_PER_PAGE);
      return { ids, rows: ids.length === 0 ? [] : await selectExportRows(tx, ids) };
    });
    if (page.ids.length === 0) return;
    if (page.rows.length > 0)
      yield stringify(page.rows.map((row) => toCells(row, reference, keys)));
    after = page.ids.at(-1) ?? null;
  }
}

/** The live catalog as CSV in the import format: importing an export back changes nothing. */
export function createCatalogExportService(db: Database) {
  return {
    /**
     * Checks access and reads what the header needs before returning, so a refusal is a proper
     * error response; the rows then stream page by page as the client reads them.
     */
    async exportCatalog(ctx: RequestContext): Promise<AsyncIterable<string>> {
      const authed = authorize(ctx, 'catalog.read');
      const { reference, keys } = await db.withTenant(authed, async (tx) => ({
        reference: await loadCatalogReference(tx),
        keys: await selectAttributeKeys(tx),
      }));
      return exportLines(db, { tenantId: authed.tenantId }, reference, keys);
    },
  };
}

export type CatalogExportService = ReturnType<typeof createCatalogExportService>;
