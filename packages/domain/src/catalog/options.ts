import { CatalogError } from './errors.ts';

/** Size, Colour, Material: more than three axes is a different product, not a variant. */
export const MAX_OPTIONS = 3;

/** Trims and checks a product's option names (unique, case-insensitively). */
export function normalizeOptionNames(names: readonly string[]): string[] {
  const trimmed = names.map((name) => name.trim());
  const lower = trimmed.map((name) => name.toLowerCase());
  if (
    trimmed.length > MAX_OPTIONS ||
    trimmed.some((name) => name.length === 0 || name.length > 50) ||
    new Set(lower).size !== lower.length
  ) {
    throw new CatalogError(
      'catalog.invalid_option_names',
      `Give up to ${MAX_OPTIONS} different option names (e.g. Size, Colour), each 1 to 50 characters.`,
      { optionNames: names },
    );
  }
  return trimmed;
}

/** A variant names one value per option of its product, in the same order. */
export function normalizeOptionValues(
  optionNames: readonly string[],
  values: readonly string[],
): string[] {
  const trimmed = values.map((value) => value.trim());
  if (
    trimmed.length !== optionNames.length ||
    trimmed.some((value) => value.length === 0 || value.length > 100)
  ) {
    throw new CatalogError(
      'catalog.option_mismatch',
      optionNames.length === 0
        ? 'This product has no options, so its variant takes no option values.'
        : `Give one value (1 to 100 characters) for each option: ${optionNames.join(', ')}.`,
      { optionNames, optionValues: values },
    );
  }
  return trimmed;
}

/** "Red / M": how a variant is told apart from its siblings on screens and receipts. */
export function variantLabel(optionValues: readonly string[]): string {
  return optionValues.join(' / ');
}
