import { isUniqueViolation } from '@tillpoint/db';
import { isCatalogError } from '@tillpoint/domain';
import { AppError } from '../../errors.ts';

// Catalog rules fail in the domain (CatalogError) or, as the last guard against races, in a
// unique index. Both become the same stable AppError codes.

const UNIQUE_CONFLICTS: Record<string, readonly [code: string, message: string]> = {
  variants_sku_key: ['catalog.sku_taken', 'Another variant already uses this SKU.'],
  variant_barcodes_pkey: ['catalog.barcode_taken', 'Another variant already has this barcode.'],
  variants_plu_key: ['catalog.plu_taken', 'Another variant already uses this PLU.'],
  variants_options_key: [
    'catalog.options_taken',
    'This product already has an active variant with these option values.',
  ],
  tax_categories_code_key: ['catalog.tax_code_taken', 'Another tax category has this code.'],
  categories_name_key: [
    'catalog.category_name_taken',
    'A category with this name already exists at this level.',
  ],
  embedded_barcode_rules_prefix_key: [
    'catalog.barcode_rule_taken',
    'A rule for this prefix and barcode length exists already.',
  ],
};

export function toCatalogError(error: unknown): unknown {
  if (isCatalogError(error)) return new AppError(error.code, error.message, error.details);
  for (const [constraint, [code, message]] of Object.entries(UNIQUE_CONFLICTS)) {
    if (isUniqueViolation(error, constraint)) return new AppError(code, message);
  }
  return error;
}

/** Runs a use case and reports catalog rule failures with their stable codes. */
export async function catalogRules<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toCatalogError(error);
  }
}

export function productArchived(productId: string): AppError {
  return new AppError(
    'catalog.product_archived',
    'This product is archived; restore it before changing it.',
    { productId },
  );
}

export function variantArchived(variantId: string): AppError {
  return new AppError(
    'catalog.variant_archived',
    'This variant is archived; restore it before changing it.',
    { variantId },
  );
}

export function invalidCursor(): AppError {
  return new AppError(
    'catalog.invalid_cursor',
    'This cursor is not one this list gave out; start again without it.',
  );
}
