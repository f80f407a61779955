import type { Tx } from '@tillpoint/db';
import { variantLabel } from '@tillpoint/domain';
import { type ProductRow, selectProductRows } from './product-queries.ts';
import type { ProductView, VariantView } from './schemas.ts';
import {
  type BarcodeRow,
  type StorePriceRow,
  selectBarcodes,
  selectStorePrices,
  selectVariantRows,
  type VariantRow,
} from './variant-queries.ts';

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

function variantView(
  row: VariantRow,
  barcodes: readonly BarcodeRow[],
  prices: readonly StorePriceRow[],
): VariantView {
  return {
    ...row,
    optionValues: [...row.optionValues],
    label: variantLabel(row.optionValues),
    barcodes: barcodes.map(({ code, kind }) => ({ code, kind })),
    storePrices: prices.map(({ storeId, priceMinor }) => ({ storeId, priceMinor })),
  };
}

function productView(row: ProductRow, variants: VariantView[]): ProductView {
  return { ...row, optionNames: [...row.optionNames], attributes: { ...row.attributes }, variants };
}

/**
 * Whole products (variants, barcodes, store prices) in the order of `ids`, in four queries however
 * many products. storeIds limits which store prices a caller sees (null: all stores).
 */
export async function loadProductViews(
  tx: Tx,
  ids: readonly string[],
  storeIds: readonly string[] | null,
): Promise<ProductView[]> {
  if (ids.length === 0) return [];
  const products = await selectProductRows(tx, ids);
  const variants = await selectVariantRows(tx, ids);
  const variantIds = variants.map((variant) => variant.id);
  const [barcodes, prices] =
    variantIds.length === 0
      ? [[], []]
      : [await selectBarcodes(tx, variantIds), await selectStorePrices(tx, variantIds, storeIds)];
  const barcodesOf = groupBy(barcodes, (row) => row.variantId);
  const pricesOf = groupBy(prices, (row) => row.variantId);
  const variantsOf = groupBy(
    variants.map((row) =>
      variantView(row, barcodesOf.get(row.id) ?? [], pricesOf.get(row.id) ?? []),
    ),
    (view) => view.productId,
  );
  const byId = new Map(products.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [productView(row, variantsOf.get(id) ?? [])] : [];
  });
}

export async function loadProductView(
  tx: Tx,
  id: string,
  storeIds: readonly string[] | null,
): Promise<ProductView | null> {
  const [view] = await loadProductViews(tx, [id], storeIds);
  return view ?? null;
}
