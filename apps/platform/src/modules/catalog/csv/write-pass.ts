import { newId, type Tx } from '@tillpoint/db';
import type { VariantFields } from '../variant-queries.ts';
import { finalOptionValues } from './check-pass.ts';
import type { CsvRecord } from './csv-records.ts';
import type { ImportCounts } from './import-queries.ts';
import type { ImportPlan } from './resolve.ts';
import type { ParsedRow, ReadRow } from './row-reader.ts';
import {
  type BarcodeWrite,
  clearPlus,
  deleteBarcodes,
  insertBarcodes,
  insertProducts,
  insertVariants,
  lockProducts,
  type ProductWrite,
  selectBarcodesOf,
  selectVariantsForWrite,
  updateProducts,
  updateVariants,
  type VariantNow,
  type VariantWrite,
} from './write-queries.ts';

/**
 * The catalog moved under the import between checking and writing (a SKU created, a product
 * archived by someone else). Nothing was written; running the job again re-checks the file.
 */
export class CatalogChangedError extends Error {
  constructor(detail: string) {
    super(`The catalog changed while the file was being imported: ${detail}`);
    this.name = 'CatalogChangedError';
  }
}

const ROW_BATCH = 2_000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < items.length; at += size) out.push(items.slice(at, at + size));
  return out;
}

function sameVariant(a: VariantFields, b: VariantFields): boolean {
  return (
    a.sku === b.sku &&
    a.priceMinor === b.priceMinor &&
    a.costMinor === b.costMinor &&
    a.plu === b.plu &&
    JSON.stringify(a.optionValues) === JSON.stringify(b.optionValues)
  );
}

interface WriteInput {
  readonly tenantId: string;
  readonly plan: ImportPlan;
  readonly records: AsyncIterable<CsvRecord>;
  /** A silent reader: the file was checked, so no row can have problems now. */
  readonly readRow: ReadRow;
  readonly onRows: (rows: number) => Promise<void>;
}

/**
 * Pass 3 of 3, inside the one transaction of the import: products first (new ones inserted,
 * changed ones updated), then the rows in batches of 2,000, each batch a handful of set-based
 * statements. Rows that change nothing write nothing, so re-importing an export is a no-op.
 */
export async function writePass(tx: Tx, input: WriteInput): Promise<ImportCounts> {
  const { tenantId, plan } = input;
  const existingIds = [...plan.products.values()].flatMap((p) =>
    p.existing ? [p.existing.id] : [],
  );
  for (const batch of chunks(existingIds, 5_000)) {
    const locked = await lockProducts(tx, batch);
    if (locked.length !== batch.length || locked.some((p) => p.archived))
      throw new CatalogChangedError('a product of the file was archived');
  }
  // Barcodes and PLUs the file moves between its variants are freed before anything claims them.
  await deleteBarcodes(tx, plan.releasedBarcodes);
  await clearPlus(tx, plan.releasedPlus);

  const productIdOf = new Map<string, string>();
  const nextPosition = new Map<string, number>();
  const inserts: ProductWrite[] = [];
  const updates: ProductWrite[] = [];
  for (const product of plan.products.values()) {
    const id = product.existing?.id ?? newId();
    productIdOf.set(product.handle, id);
    nextPosition.set(product.handle, (product.existing?.maxPosition ?? -1) + 1);
    if (!product.existing) inserts.push({ id, ...product.fields });
    else if (product.changed) updates.push({ id, ...product.fields });
  }
  for (const batch of chunks(inserts, ROW_BATCH)) await insertProducts(tx, tenantId, batch);
  for (const batch of chunks(updates, ROW_BATCH)) await updateProducts(tx, batch);

  const counts = {
    productsCreated: inserts.length,
    productsUpdated: updates.length,
    variantsCreated: 0,
    variantsUpdated: 0,
    variantsUnchanged: 0,
  };
  let done = 0;

  async function writeBatch(rows: readonly ParsedRow[]): Promise<void> {
    const now = new Map(
      (
        await selectVariantsForWrite(
          tx,
          rows.flatMap((r) => (r.skuKey ? [r.skuKey] : [])),
        )
      ).map((v): [string, VariantNow] => [v.skuKey, v]),
    );
    const barcodesNow = new Map<string, { code: string; lookupKey: string }[]>();
    if (rows.some((row) => row.variant?.barcodes !== undefined)) {
      for (const b of await selectBarcodesOf(
        tx,
        [...now.values()].map((v) => v.id),
      ))
        barcodesNow.set(b.variantId, [...(barcodesNow.get(b.variantId) ?? []), b]);
    }
    const variantInserts: VariantWrite[] = [];
    const variantUpdates: VariantWrite[] = [];
    const barcodeInserts: BarcodeWrite[] = [];
    const barcodeDeletes: { variantId: string; lookupKey: string }[] = [];

    for (const row of rows) {
      const { variant, skuKey, handle } = row;
      const product = handle === null ? undefined : plan.products.get(handle);
      const productId = handle === null ? undefined : productIdOf.get(handle);
      if (!variant || skuKey === null || !product || !productId)
        throw new Error(`line ${row.line} passed the checks but cannot be written`);
      const current = now.get(skuKey);
      if (current && (current.productId !== productId || current.archived))
        throw new CatalogChangedError(`SKU ${variant.sku} was moved or archived`);
      if (!current && plan.existingVariants.has(skuKey))
        throw new CatalogChangedError(`SKU ${variant.sku} no longer exists`);
      const optionValues = finalOptionValues(row, product, current !== undefined, () => {
        throw new Error(`line ${row.line} passed the checks but its options do not fit`);
      });
      const fields: VariantFields = {
        sku: variant.sku,
        optionValues: optionValues ?? current?.optionValues ?? [],
        priceMinor: variant.priceMinor,
        costMinor:
          variant.costMinor === undefined ? (current?.costMinor ?? null) : variant.costMinor,
        plu: variant.plu === undefined ? (current?.plu ?? null) : variant.plu,
        position: current?.position ?? 0,
      };
      const id = current?.id ?? newId();
      let changed = current ? !sameVariant(current, fields) : true;
      if (variant.barcodes !== undefined) {
        const had = barcodesNow.get(id) ?? [];
        const wanted = new Map(variant.barcodes.map((b) => [b.lookupKey, b]));
        for (const old of had) {
          if (wanted.get(old.lookupKey)?.code === old.code) wanted.delete(old.lookupKey);
          else {
            barcodeDeletes.push({ variantId: id, lookupKey: old.lookupKey });
            changed = true;
          }
        }
        for (const barcode of wanted.values()) {
          barcodeInserts.push({ variantId: id, ...barcode });
          changed = true;
        }
      }
      if (!current) {
        const position = nextPosition.get(product.handle) ?? 0;
        nextPosition.set(product.handle, position + 1);
        variantInserts.push({ id, productId, ...fields, position });
        counts.variantsCreated += 1;
      } else if (changed) {
        if (!sameVariant(current, fields)) variantUpdates.push({ id, productId, ...fields });
        counts.variantsUpdated += 1;
      } else {
        counts.variantsUnchanged += 1;
      }
    }
    await deleteBarcodes(tx, barcodeDeletes);
    await updateVariants(tx, variantUpdates);
    await insertVariants(tx, tenantId, variantInserts);
    await insertBarcodes(tx, tenantId, barcodeInserts);
    done += rows.length;
    await input.onRows(done);
  }

  let batch: ParsedRow[] = [];
  for await (const record of input.records) {
    batch.push(input.readRow(record));
    if (batch.length === ROW_BATCH) {
      await writeBatch(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await writeBatch(batch);
  return counts;
}
