import type { AttributeDefinition, AttributeValue } from '../catalog/attributes.ts';
import { type NormalizedBarcode, normalizeBarcode } from '../catalog/barcode.ts';
import { isCatalogError } from '../catalog/errors.ts';
import { normalizePlu } from '../catalog/plu.ts';
import type { Currency } from '../pricing/currency.ts';
import { isPricingError } from '../pricing/errors.ts';
import { formatMinor, parseMinor } from '../pricing/format.ts';
import { assertNonNegativeMinor, type Minor } from '../pricing/money.ts';

// Reading and writing single CSV cells. Readers never throw: a file is checked row by row and
// every problem is reported, so each returns either the value or the problem with its stable
// code (the domain's own codes where a domain rule decides, e.g. catalog.invalid_check_digit).

export interface CellProblem {
  readonly code: string;
  readonly message: string;
}

export type CellResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: CellProblem };

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
const problem = <T>(code: string, message: string): CellResult<T> => ({
  ok: false,
  problem: { code, message },
});

/** Runs a domain rule that throws, turning its refusal into a problem. */
function ruled<T>(rule: () => T): CellResult<T> {
  try {
    return ok(rule());
  } catch (error) {
    if (isCatalogError(error) || isPricingError(error)) return problem(error.code, error.message);
    throw error;
  }
}

/** A price or cost as a plain decimal in the currency's own exponent, converted exactly. */
export function readMoneyCell(text: string, currency: Currency): CellResult<Minor> {
  return ruled(() => assertNonNegativeMinor(parseMinor(text, currency), `${currency.code} amount`));
}

export function formatMoneyCell(amount: Minor, currency: Currency): string {
  return formatMinor(amount, currency);
}

const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0']);

export function readBooleanCell(text: string): CellResult<boolean> {
  const lower = text.toLowerCase();
  if (TRUE.has(lower)) return ok(true);
  if (FALSE.has(lower)) return ok(false);
  return problem('catalog_import.invalid_boolean', `Write true or false, not "${text}".`);
}

export function formatBooleanCell(value: boolean): string {
  return value ? 'true' : 'false';
}

export const UNITS = ['each', 'weight'] as const;
export type Unit = (typeof UNITS)[number];

export function readUnitCell(text: string): CellResult<Unit> {
  const lower = text.toLowerCase();
  return lower === 'each' || lower === 'weight'
    ? ok(lower)
    : problem('catalog_import.invalid_unit', `Unit is "each" or "weight", not "${text}".`);
}

/** A variant takes at most this many barcodes, as over the API. */
export const MAX_BARCODES = 20;

/**
 * Barcodes are separated by spaces: no barcode may contain one, while every other printable
 * character can appear in an internal code.
 */
export function readBarcodesCell(text: string): CellResult<NormalizedBarcode[]> {
  const codes = text.split(/\s+/).filter((code) => code.length > 0);
  if (codes.length > MAX_BARCODES) {
    return problem(
      'catalog_import.too_many_barcodes',
      `A variant takes at most ${MAX_BARCODES} barcodes; this cell has ${codes.length}.`,
    );
  }
  const barcodes: NormalizedBarcode[] = [];
  const seen = new Set<string>();
  for (const code of codes) {
    const read = ruled(() => normalizeBarcode({ code }));
    if (!read.ok) return read;
    if (seen.has(read.value.lookupKey)) {
      return problem('catalog_import.duplicate_barcode', `Barcode ${code} appears twice here.`);
    }
    seen.add(read.value.lookupKey);
    barcodes.push(read.value);
  }
  return ok(barcodes);
}

export function formatBarcodesCell(codes: readonly string[]): string {
  return codes.join(' ');
}

export function readPluCell(text: string): CellResult<string> {
  return ruled(() => normalizePlu(text));
}

const NUMBER = /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/;

/** An attribute value typed by its definition: the cell is text, the attribute may not be. */
export function readAttributeCell(
  definition: AttributeDefinition,
  text: string,
): CellResult<AttributeValue> {
  switch (definition.type) {
    case 'number': {
      const value = Number(text);
      return NUMBER.test(text) && Number.isFinite(value)
        ? ok(value)
        : problem(
            'catalog.invalid_attribute',
            `"${definition.key}" must be a number, not "${text}".`,
          );
    }
    case 'boolean': {
      const read = readBooleanCell(text);
      return read.ok
        ? read
        : problem('catalog.invalid_attribute', `"${definition.key}" must be true or false.`);
    }
    case 'text':
    case 'enum':
      return ok(text);
  }
}

export function formatAttributeCell(value: AttributeValue): string {
  return typeof value === 'boolean' ? formatBooleanCell(value) : String(value);
}

/**
 * The comparable form of a category path ("Clothing > Shirts"): segments trimmed, lower-cased
 * (sibling names are unique case-insensitively), joined by " > ". null: an empty segment.
 */
export function categoryPathKey(text: string): string | null {
  const segments = text.split('>').map((segment) => segment.trim().toLowerCase());
  return segments.some((segment) => segment.length === 0) ? null : segments.join(' > ');
}

/** The path an export writes for a category, root first. */
export function formatCategoryPath(names: readonly string[]): string {
  return names.join(' > ');
}
