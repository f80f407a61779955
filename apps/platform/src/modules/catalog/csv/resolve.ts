import { setImmediate as nextTurn } from 'node:timers/promises';
import { isUuid, type Tx } from '@tillpoint/db';
import type { ProductFields } from '../product-queries.ts';
import type { CatalogReference } from './catalog-reference.ts';
import {
  type ActiveVariantOptions,
  type ExistingProduct,
  type ExistingVariant,
  type Owner,
  selectActiveOptions,
  selectBarcodeOwners,
  selectPluOwners,
  selectProducts,
  selectVariantsBySku,
} from './lookup-queries.ts';
import { resolveProductFields, sameProductFields } from './product-fields.ts';
import type { Claim, FileIndex } from './read-pass.ts';
import type { ReportProblem } from './row-reader.ts';

/** One product of the file, as it will be written. */
export interface ProductPlan {
  readonly handle: string;
  readonly firstLine: number;
  /** The existing product the rows update, or null for a new one. */
  readonly existing: ExistingProduct | null;
  readonly fields: ProductFields;
  readonly changed: boolean;
  /** Active variants of the existing product, whose option values the file must not repeat. */
  readonly activeOptions: readonly ActiveVariantOptions[];
}

/** Everything the later passes need: the file checked against the catalog, by key. */
export interface ImportPlan {
  readonly products: ReadonlyMap<string, ProductPlan>;
  readonly existingVariants: ReadonlyMap<string, ExistingVariant>;
  /** Barcodes and PLUs the file moves from one of its variants to another: freed first. */
  readonly releasedBarcodes: readonly { readonly variantId: string; readonly lookupKey: string }[];
  readonly releasedPlus: readonly string[];
}

const BATCH = 5_000;

/** Runs a lookup over keys in batches, one short read transaction each. */
export type BatchedRead = <K, R>(
  keys: readonly K[],
  lookup: (tx: Tx, batch: readonly K[]) => Promise<R[]>,
) => Promise<R[]>;

export function batchedRead(read: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>): BatchedRead {
  return async (keys, lookup) => {
    const rows = [];
    for (let at = 0; at < keys.length; at += BATCH) {
      const batch = keys.slice(at, at + BATCH);
      rows.push(...(await read((tx) => lookup(tx, batch))));
      await nextTurn();
    }
    return rows;
  };
}

/**
 * Checks the file's indexes against the catalog: which SKUs exist (update) and which products
 * they belong to, whether a barcode or PLU belongs to a variant the file does not hand it over
 * from, and what each product will look like. Problems are reported with the line they are on.
 */
export async function resolvePlan(
  index: FileIndex,
  reference: CatalogReference,
  hasColumn: { readonly barcodes: boolean; readonly plu: boolean },
  read: BatchedRead,
  report: ReportProblem,
): Promise<ImportPlan> {
  const existingVariants = new Map(
    (await read([...index.skus.keys()], selectVariantsBySku)).map((v) => [v.skuKey, v]),
  );

  // Which existing product each group of rows is: the product of its SKUs, or the product whose
  // id is its handle (as an export writes it). A product is one group; a group one product.
  const productOf = new Map<string, string>();
  for (const [skuKey, variant] of existingVariants) {
    const row = index.skus.get(skuKey);
    if (!row || row.handle === null) continue;
    if (variant.archived) {
      report(
        row.line,
        'sku',
        'catalog.variant_archived',
        'This SKU belongs to an archived variant; restore it before importing it.',
      );
    }
    const claimed = productOf.get(row.handle);
    if (claimed === undefined) productOf.set(row.handle, variant.productId);
    else if (claimed !== variant.productId) {
      report(
        row.line,
        'sku',
        'catalog_import.product_conflict',
        `This SKU belongs to another product than the other existing SKUs of handle "${row.handle}".`,
      );
    }
  }
  const handleIds = [...index.groups.keys()].filter((handle) => isUuid(handle));
  const productIds = [
    ...new Set([...productOf.values(), ...handleIds.map((h) => h.toLowerCase())]),
  ];
  const products = new Map((await read(productIds, selectProducts)).map((p) => [p.id, p]));
  const activeOptions = new Map<string, ActiveVariantOptions[]>();
  for (const option of await read([...products.keys()], selectActiveOptions)) {
    const list = activeOptions.get(option.productId) ?? [];
    list.push(option);
    activeOptions.set(option.productId, list);
  }

  const groupOfProduct = new Map<string, string>();
  const plans = new Map<string, ProductPlan>();
  for (const group of index.groups.values()) {
    const bySku = productOf.get(group.handle);
    const byHandle = isUuid(group.handle) ? group.handle.toLowerCase() : undefined;
    const named = byHandle !== undefined && products.has(byHandle) ? byHandle : undefined;
    if (bySku !== undefined && named !== undefined && bySku !== named) {
      report(
        group.firstLine,
        'handle',
        'catalog_import.product_conflict',
        'This handle is the id of one product but its SKUs belong to another.',
      );
      continue;
    }
    const productId = bySku ?? named;
    const existing = productId === undefined ? null : (products.get(productId) ?? null);
    if (existing) {
      const other = groupOfProduct.get(existing.id);
      if (other !== undefined) {
        report(
          group.firstLine,
          'handle',
          'catalog_import.product_conflict',
          `These rows and the rows of handle "${other}" are the same product; give them one handle.`,
        );
        continue;
      }
      groupOfProduct.set(existing.id, group.handle);
      if (existing.archived) {
        report(
          group.firstLine,
          'handle',
          'catalog.product_archived',
          'This product is archived; restore it before importing it.',
        );
        continue;
      }
    }
    const fields = resolveProductFields(group, existing, reference, report);
    if (!fields) continue;
    plans.set(group.handle, {
      handle: group.handle,
      firstLine: group.firstLine,
      existing,
      fields,
      changed: existing !== null && !sameProductFields(fieldsOf(existing), fields),
      activeOptions: existing ? (activeOptions.get(existing.id) ?? []) : [],
    });
  }

  const released = (
    claims: ReadonlyMap<string, Claim>,
    owners: readonly Owner[],
    columnInFile: boolean,
    column: string,
    code: string,
  ) => {
    const freed: Owner[] = [];
    for (const owner of owners) {
      const claim = claims.get(owner.key);
      if (!claim || claim.skuKey === owner.skuKey) continue;
      // Each key is listed once in the file, by the claiming row; when the owner is in the file
      // too and the file has this column, the owner's row gives it up and it may move.
      if (columnInFile && index.skus.has(owner.skuKey)) freed.push(owner);
      else report(claim.line, column, code, `${owner.key} already belongs to SKU ${owner.sku}.`);
    }
    return freed;
  };
  const barcodeOwners = await read([...index.barcodes.keys()], selectBarcodeOwners);
  const pluOwners = await read([...index.plus.keys()], selectPluOwners);
  return {
    products: plans,
    existingVariants,
    releasedBarcodes: released(
      index.barcodes,
      barcodeOwners,
      hasColumn.barcodes,
      'barcodes',
      'catalog.barcode_taken',
    ).map((owner) => ({ variantId: owner.variantId, lookupKey: owner.key })),
    releasedPlus: released(index.plus, pluOwners, hasColumn.plu, 'plu', 'catalog.plu_taken').map(
      (owner) => owner.variantId,
    ),
  };
}

export function fieldsOf(product: ExistingProduct): ProductFields {
  const { id: _id, archived: _archived, maxPosition: _max, ...fields } = product;
  return fields;
}
