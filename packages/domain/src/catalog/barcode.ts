import { CatalogError } from './errors.ts';
import { gtin14, hasValidCheckDigit, isValidGtin } from './gtin.ts';

export const BARCODE_KINDS = ['ean13', 'upca', 'ean8', 'internal'] as const;
export type BarcodeKind = (typeof BARCODE_KINDS)[number];

const GTIN_LENGTH: Record<Exclude<BarcodeKind, 'internal'>, number> = {
  ean13: 13,
  upca: 12,
  ean8: 8,
};

// Printable ASCII without spaces: what Code 128 / Code 39 labels and keyboard wedges produce.
const INTERNAL_CODE = /^[\x21-\x7E]{1,48}$/;
const DIGITS = /^[0-9]+$/;

export interface BarcodeInput {
  readonly code: string;
  /** Omitted: 8, 12 or 13 digits are taken as EAN-8, UPC-A or EAN-13; anything else as internal. */
  readonly kind?: BarcodeKind | undefined;
}

export interface NormalizedBarcode {
  /** As the retailer entered it (trimmed), for display and labels. */
  readonly code: string;
  readonly kind: BarcodeKind;
  /** What uniqueness and scanning compare; see barcodeLookupKey. */
  readonly lookupKey: string;
}

function detectKind(code: string): BarcodeKind {
  if (!DIGITS.test(code)) return 'internal';
  if (code.length === 13) return 'ean13';
  if (code.length === 12) return 'upca';
  if (code.length === 8) return 'ean8';
  return 'internal';
}

/**
 * The key a code is stored and scanned under. A scanner cannot tell an "internal" code from a
 * GTIN that happens to have the same digits, so any valid GTIN is keyed as GTIN-14 whatever the
 * retailer called it; everything else is compared exactly as printed.
 */
export function barcodeLookupKey(code: string): string {
  const trimmed = code.trim();
  return isValidGtin(trimmed) ? gtin14(trimmed) : trimmed;
}

/** Checks a barcode a retailer assigns to a variant: format, then GS1 check digit. */
export function normalizeBarcode(input: BarcodeInput): NormalizedBarcode {
  const code = input.code.trim();
  const kind = input.kind ?? detectKind(code);
  if (kind === 'internal') {
    if (!INTERNAL_CODE.test(code)) {
      throw new CatalogError(
        'catalog.invalid_barcode',
        'An internal code is 1 to 48 printable characters without spaces.',
        { code, kind },
      );
    }
    return { code, kind, lookupKey: barcodeLookupKey(code) };
  }
  const length = GTIN_LENGTH[kind];
  if (code.length !== length || !DIGITS.test(code)) {
    throw new CatalogError(
      'catalog.invalid_barcode',
      `An ${kind.toUpperCase()} barcode is exactly ${length} digits; got "${code}".`,
      { code, kind },
    );
  }
  if (!hasValidCheckDigit(code)) {
    throw new CatalogError(
      'catalog.invalid_check_digit',
      `The check digit of ${kind.toUpperCase()} ${code} is wrong; check the number for a typo.`,
      { code, kind },
    );
  }
  return { code, kind, lookupKey: gtin14(code) };
}
