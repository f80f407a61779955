import type { Tx } from '@tillpoint/db';
import {
  type AttributeValue,
  assertAttributes,
  effectiveAttributeDefinitions,
  type NormalizedBarcode,
} from '@tillpoint/domain';
import { AppError, notFound } from '../../errors.ts';
import { taxCategoryExists } from './product-queries.ts';
import { selectCategoryPath } from './taxonomy-queries.ts';
import { selectTakenBarcodes, selectTakenPlus, selectTakenSkus } from './variant-queries.ts';

// Checks that need the tenant's data, run inside the writing transaction. Unique indexes stay the
// last guard against a concurrent writer; these give the precise, friendly conflict first.

/** Attribute values against the definitions of the category and its ancestors. */
export async function assertAttributesFit(
  tx: Tx,
  categoryId: string | null,
  values: Readonly<Record<string, unknown>>,
): Promise<Record<string, AttributeValue>> {
  const path = categoryId ? await selectCategoryPath(tx, categoryId) : [];
  if (categoryId && path.length === 0) throw notFound('category', categoryId);
  const definitions = effectiveAttributeDefinitions(path.map((c) => c.attributeDefinitions));
  return assertAttributes(definitions, values);
}

export async function assertTaxCategory(tx: Tx, taxCategoryId: string | null): Promise<void> {
  if (taxCategoryId && !(await taxCategoryExists(tx, taxCategoryId)))
    throw notFound('tax_category', taxCategoryId);
}

export async function assertSkusFree(
  tx: Tx,
  skus: readonly string[],
  exceptVariantId: string | null = null,
): Promise<void> {
  const [taken] = await selectTakenSkus(tx, skus, exceptVariantId);
  if (taken) {
    throw new AppError(
      'catalog.sku_taken',
      `SKU "${taken.sku}" is already used by another variant.`,
      {
        sku: taken.sku,
        variantId: taken.variantId,
      },
    );
  }
}

export async function assertBarcodesFree(
  tx: Tx,
  barcodes: readonly NormalizedBarcode[],
): Promise<void> {
  if (barcodes.length === 0) return;
  const [taken] = await selectTakenBarcodes(
    tx,
    barcodes.map((b) => b.lookupKey),
  );
  if (taken) {
    throw new AppError(
      'catalog.barcode_taken',
      `Barcode ${taken.code} already belongs to another variant (archived ones keep theirs).`,
      { code: taken.code, variantId: taken.variantId },
    );
  }
}

export async function assertPlusFree(
  tx: Tx,
  plus: readonly string[],
  exceptVariantId: string | null = null,
): Promise<void> {
  if (plus.length === 0) return;
  const [taken] = await selectTakenPlus(tx, plus, exceptVariantId);
  if (taken) {
    throw new AppError(
      'catalog.plu_taken',
      `PLU ${taken.plu} is already used by another variant.`,
      {
        plu: taken.plu,
        variantId: taken.variantId,
      },
    );
  }
}
