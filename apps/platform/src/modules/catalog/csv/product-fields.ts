import {
  type AttributeValue,
  attributeProblems,
  categoryPathKey,
  isCatalogError,
  normalizeOptionNames,
  readAttributeCell,
  readBooleanCell,
  readUnitCell,
} from '@tillpoint/domain';
import type { ProductFields } from '../product-queries.ts';
import type { CatalogReference } from './catalog-reference.ts';
import type { ExistingProduct } from './lookup-queries.ts';
import type { GroupDraft } from './read-pass.ts';
import type { ReportProblem } from './row-reader.ts';

const MAX_NAME = 200;
const MAX_DESCRIPTION = 5000;

/** Stable text of a value for comparison: attribute objects compare by content, not key order. */
function canonical(value: unknown): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sameProductFields(a: ProductFields, b: ProductFields): boolean {
  return canonical(a) === canonical(b);
}

/**
 * The product a group of rows describes, from its first row: new, or the existing product with
 * the file's columns applied (columns the file does not have keep their values). Problems are
 * reported at the first row; null when there were any.
 */
export function resolveProductFields(
  group: GroupDraft,
  existing: ExistingProduct | null,
  reference: CatalogReference,
  report: ReportProblem,
): ProductFields | null {
  const { cells, firstLine: line } = group;
  let ok = true;
  const fail = (column: string, code: string, message: string) => {
    ok = false;
    report(line, column, code, message);
  };

  const name = cells.name;
  if (name === '') fail('name', 'catalog_import.required', 'name is required.');
  if (name.length > MAX_NAME)
    fail('name', 'catalog_import.too_long', `name is at most ${MAX_NAME} characters.`);
  const description = cells.description ?? existing?.description ?? '';
  if (description.length > MAX_DESCRIPTION) {
    fail(
      'description',
      'catalog_import.too_long',
      `description is at most ${MAX_DESCRIPTION} characters.`,
    );
  }

  let categoryId = existing?.categoryId ?? null;
  if (cells.category !== undefined) {
    categoryId = null;
    if (cells.category !== '') {
      const key = categoryPathKey(cells.category);
      const ref = key === null ? undefined : reference.categoryByPath.get(key);
      if (ref === undefined) {
        fail(
          'category',
          'catalog_import.unknown_category',
          `There is no category "${cells.category}"; write its path like "Clothing > Shirts".`,
        );
      } else if (ref === null) {
        fail(
          'category',
          'catalog_import.ambiguous_category',
          `Two categories have the path "${cells.category}"; rename one of them.`,
        );
      } else {
        categoryId = ref.id;
      }
    }
  }

  let taxCategoryId = existing?.taxCategoryId ?? null;
  if (cells.taxCode !== undefined) {
    taxCategoryId = null;
    if (cells.taxCode !== '') {
      const id = reference.taxIdByCode.get(cells.taxCode.toUpperCase());
      if (id === undefined)
        fail(
          'tax_code',
          'catalog_import.unknown_tax_code',
          `There is no tax category with code "${cells.taxCode}".`,
        );
      else taxCategoryId = id;
    }
  }

  let unit = existing?.unit ?? 'each';
  if (cells.unit !== undefined) {
    const read = cells.unit === '' ? null : readUnitCell(cells.unit);
    if (read && !read.ok) fail('unit', read.problem.code, read.problem.message);
    unit = read?.ok ? read.value : 'each';
  }

  let trackStock = existing?.trackStock ?? true;
  if (cells.trackStock !== undefined) {
    const read = cells.trackStock === '' ? null : readBooleanCell(cells.trackStock);
    if (read && !read.ok) fail('track_stock', read.problem.code, read.problem.message);
    trackStock = read?.ok ? read.value : true;
  }

  let optionNames: string[] = [...(existing?.optionNames ?? [])];
  if (cells.optionNames !== undefined) {
    const given = [...cells.optionNames];
    while (given.at(-1) === '') given.pop();
    try {
      optionNames = normalizeOptionNames(given);
    } catch (error) {
      if (!isCatalogError(error)) throw error;
      fail('option1_name', error.code, error.message);
    }
    if (existing && optionNames.length !== existing.optionNames.length) {
      fail(
        'option1_name',
        'catalog.option_mismatch',
        `The product has ${existing.optionNames.length} options (${existing.optionNames.join(', ') || 'none'}); they can be renamed but not added or removed.`,
      );
    }
  }

  const definitions = (categoryId && reference.categoryById.get(categoryId)?.definitions) || [];
  const attributes: Record<string, AttributeValue> = { ...(existing?.attributes ?? {}) };
  for (const [key, value] of cells.attributes) {
    const column = `attr:${key}`;
    if (value === '') {
      delete attributes[key];
      continue;
    }
    const definition = definitions.find((d) => d.key === key);
    if (!definition) {
      fail(
        column,
        'catalog.unknown_attribute',
        `"${key}" is not an attribute of this product's category.`,
      );
      continue;
    }
    const read = readAttributeCell(definition, value);
    if (read.ok) attributes[key] = read.value;
    else fail(column, read.problem.code, read.problem.message);
  }
  // As in updateProduct: attributes are re-checked only when they or the category change, so a
  // category that gained a required attribute does not block re-importing its older products.
  const recheck =
    !existing ||
    categoryId !== existing.categoryId ||
    canonical(attributes) !== canonical(existing.attributes);
  if (ok && recheck) {
    for (const problem of attributeProblems(definitions, attributes))
      fail(`attr:${problem.key}`, problem.code, `${problem.message}.`);
  }

  if (!ok) return null;
  return {
    name,
    description,
    categoryId,
    taxCategoryId,
    unit,
    trackStock,
    optionNames,
    attributes,
  };
}
