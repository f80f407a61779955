/**
 * Every catalog rule fails with one of these codes. The server returns them unchanged and the
 * back office and register branch on them, so never rename one.
 */
export type CatalogErrorCode =
  | 'catalog.invalid_barcode'
  | 'catalog.invalid_check_digit'
  | 'catalog.invalid_plu'
  | 'catalog.invalid_barcode_rule'
  | 'catalog.invalid_option_names'
  | 'catalog.option_mismatch'
  | 'catalog.invalid_attribute_definition'
  | 'catalog.unknown_attribute'
  | 'catalog.invalid_attribute'
  | 'catalog.missing_attribute';

export class CatalogError extends Error {
  readonly code: CatalogErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: CatalogErrorCode,
    message: string,
    details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'CatalogError';
    this.code = code;
    this.details = details;
  }
}

export function isCatalogError(error: unknown): error is CatalogError {
  return error instanceof CatalogError;
}
