import { CatalogError } from './errors.ts';
import { gtinCheckDigit, hasValidCheckDigit } from './gtin.ts';

/**
 * A tenant's layout for in-store barcodes that carry a price or a weight, as printed by scales
 * and markdown labellers: prefix, item code (the variant's PLU), value, GS1 check digit.
 * EAN-13 with prefix 20..29 (or "2") and UPC-A number system 2 are the usual ranges.
 */
export interface EmbeddedBarcodeRule {
  readonly id: string;
  readonly prefix: string;
  readonly itemCodeLength: number;
  readonly valueLength: number;
  /** price: minor units; weight: grams (thousandths of a kilogram). */
  readonly valueKind: 'price' | 'weight';
}

export const EMBEDDED_BARCODE_LENGTHS = [12, 13] as const;

export function embeddedBarcodeLength(rule: Omit<EmbeddedBarcodeRule, 'id'>): number {
  return rule.prefix.length + rule.itemCodeLength + rule.valueLength + 1;
}

/** Refuses a layout that cannot describe an EAN-13 or UPC-A. */
export function assertEmbeddedBarcodeRule(rule: Omit<EmbeddedBarcodeRule, 'id'>): void {
  const problems: string[] = [];
  if (!/^[0-9]{1,3}$/.test(rule.prefix)) problems.push('prefix is 1 to 3 digits');
  if (!Number.isInteger(rule.itemCodeLength) || rule.itemCodeLength < 1 || rule.itemCodeLength > 6)
    problems.push('item code length is 1 to 6 digits');
  if (!Number.isInteger(rule.valueLength) || rule.valueLength < 3 || rule.valueLength > 6)
    problems.push('value length is 3 to 6 digits');
  const length = embeddedBarcodeLength(rule);
  if (!(EMBEDDED_BARCODE_LENGTHS as readonly number[]).includes(length))
    problems.push(`prefix + item code + value + check digit is ${length}, not 12 or 13`);
  if (problems.length > 0) {
    throw new CatalogError(
      'catalog.invalid_barcode_rule',
      `This barcode layout does not work: ${problems.join('; ')}.`,
      { problems },
    );
  }
}

export interface EmbeddedBarcodeReading {
  readonly ruleId: string;
  /** The item code digits as printed (leading zeros kept); normalizePlu gives the PLU. */
  readonly itemCode: string;
  readonly valueKind: 'price' | 'weight';
  /** Minor units for price, grams (= quantityMilli of a kilogram) for weight. */
  readonly value: number;
}

/**
 * Reads a scanned code with the tenant's rules. The longest matching prefix wins, so a "2" rule
 * and a "21" rule can live side by side. null: no rule describes this code.
 */
export function readEmbeddedBarcode(
  scanned: string,
  rules: readonly EmbeddedBarcodeRule[],
): EmbeddedBarcodeReading | null {
  if (!/^[0-9]+$/.test(scanned) || !hasValidCheckDigit(scanned)) return null;
  const rule = rules
    .filter((r) => embeddedBarcodeLength(r) === scanned.length && scanned.startsWith(r.prefix))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
  if (!rule) return null;
  const itemStart = rule.prefix.length;
  const valueStart = itemStart + rule.itemCodeLength;
  return {
    ruleId: rule.id,
    itemCode: scanned.slice(itemStart, valueStart),
    valueKind: rule.valueKind,
    value: Number(scanned.slice(valueStart, valueStart + rule.valueLength)),
  };
}

/** The code a scale would print: for label printing, and to test readEmbeddedBarcode against. */
export function composeEmbeddedBarcode(
  rule: Omit<EmbeddedBarcodeRule, 'id'>,
  itemCode: string,
  value: number,
): string {
  const item = itemCode.padStart(rule.itemCodeLength, '0');
  const digits = String(value).padStart(rule.valueLength, '0');
  if (
    !/^[0-9]+$/.test(item) ||
    item.length !== rule.itemCodeLength ||
    !Number.isSafeInteger(value) ||
    value < 0 ||
    digits.length !== rule.valueLength
  ) {
    throw new RangeError(
      `item code ${itemCode} or value ${value} does not fit ${rule.itemCodeLength}+${rule.valueLength} digits`,
    );
  }
  const body = `${rule.prefix}${item}${digits}`;
  return `${body}${gtinCheckDigit(body)}`;
}
