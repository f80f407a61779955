/**
 * Catalog rules shared by the server and the register: barcodes (GS1 check digits, price- and
 * weight-embedded in-store codes), PLUs, variant options and category attributes. Pure.
 */
export type {
  AttributeDefinition,
  AttributeProblem,
  AttributeType,
  AttributeValue,
} from './attributes.ts';
export {
  ATTRIBUTE_KEY,
  ATTRIBUTE_TYPES,
  assertAttributeDefinitions,
  assertAttributes,
  attributeFilterValues,
  attributeProblems,
  effectiveAttributeDefinitions,
} from './attributes.ts';
export type { BarcodeInput, BarcodeKind, NormalizedBarcode } from './barcode.ts';
export { BARCODE_KINDS, barcodeLookupKey, normalizeBarcode } from './barcode.ts';
export type { EmbeddedBarcodeReading, EmbeddedBarcodeRule } from './embedded-barcode.ts';
export {
  assertEmbeddedBarcodeRule,
  composeEmbeddedBarcode,
  EMBEDDED_BARCODE_LENGTHS,
  embeddedBarcodeLength,
  readEmbeddedBarcode,
} from './embedded-barcode.ts';
export type { CatalogErrorCode } from './errors.ts';
export { CatalogError, isCatalogError } from './errors.ts';
export { gtin14, gtinCheckDigit, hasValidCheckDigit, isValidGtin, withCheckDigit } from './gtin.ts';
export {
  MAX_OPTIONS,
  normalizeOptionNames,
  normalizeOptionValues,
  variantLabel,
} from './options.ts';
export { normalizePlu } from './plu.ts';
