import {
  type NormalizedBarcode,
  normalizeBarcode,
  normalizeOptionValues,
  normalizePlu,
} from '@tillpoint/domain';
import { AppError } from '../../errors.ts';
import type { VariantInput } from './schemas.ts';
import type { VariantFields } from './variant-queries.ts';

export interface PreparedVariant {
  readonly fields: VariantFields;
  readonly barcodes: readonly NormalizedBarcode[];
}

/** Checks one variant of a request against the domain rules, before any transaction opens. */
export function prepareVariant(
  optionNames: readonly string[],
  input: VariantInput,
  position: number,
): PreparedVariant {
  return {
    fields: {
      sku: input.sku.trim(),
      optionValues: normalizeOptionValues(optionNames, input.optionValues ?? []),
      priceMinor: input.priceMinor,
      costMinor: input.costMinor ?? null,
      plu: input.plu ? normalizePlu(input.plu) : null,
      position: input.position ?? position,
    },
    barcodes: (input.barcodes ?? []).map((barcode) => normalizeBarcode(barcode)),
  };
}

function firstRepeat(values: readonly string[]): string | null {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return null;
}

/** The same SKU, barcode, PLU or option values twice in one request: refused like a clash. */
export function assertDistinctWithinRequest(variants: readonly PreparedVariant[]): void {
  const sku = firstRepeat(variants.map((v) => v.fields.sku.toLowerCase()));
  if (sku !== null)
    throw new AppError('catalog.sku_taken', `SKU "${sku}" appears twice in this request.`, { sku });
  const barcode = firstRepeat(variants.flatMap((v) => v.barcodes.map((b) => b.lookupKey)));
  if (barcode !== null) {
    throw new AppError(
      'catalog.barcode_taken',
      `Barcode ${barcode} appears twice in this request.`,
      {
        code: barcode,
      },
    );
  }
  const plu = firstRepeat(variants.flatMap((v) => (v.fields.plu ? [v.fields.plu] : [])));
  if (plu !== null)
    throw new AppError('catalog.plu_taken', `PLU ${plu} appears twice in this request.`, { plu });
  const options = firstRepeat(variants.map((v) => JSON.stringify(v.fields.optionValues)));
  if (options !== null) {
    throw new AppError(
      'catalog.options_taken',
      'Two variants in this request have the same option values.',
      { optionValues: JSON.parse(options) },
    );
  }
}
