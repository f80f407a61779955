import type { ServiceContext } from '../context.ts';
import type { Services } from '../services.ts';
import { DEMO_PRODUCTS, type DemoProduct, EXAMPLE_SKUS, inStoreEan13 } from './demo-products.ts';

// The demo store's catalog, made through the same use cases the API routes call (so it is
// audited, validated and stamped for the registers' change feed like anything a retailer adds).

export interface DemoItem {
  readonly name: string;
  readonly sku: string;
  readonly variantId: string;
  readonly barcode: string;
  readonly priceMinor: number;
}

export interface DemoCatalog {
  readonly taxRate: { readonly id: string; readonly name: string; readonly ratePpm: number };
  readonly productCount: number;
  /** Every sellable variant, in catalog order. */
  readonly items: readonly DemoItem[];
  /** A few items to scan first, by EXAMPLE_SKUS. */
  readonly examples: readonly DemoItem[];
  /** The weighed item cashiers key by PLU. */
  readonly produce: {
    readonly name: string;
    readonly plu: string;
    readonly pricePerKgMinor: number;
  };
}

const NYC_RATE = { code: 'NY-NYC', name: 'New York City sales tax', ratePpm: 88_750 } as const;

async function createTaxes(services: Services, ctx: ServiceContext) {
  const rate = await services.taxRates.create(ctx, NYC_RATE);
  // The default category taxes every product that names no category of its own.
  const standard = await services.catalog.createTaxCategory(ctx, {
    name: 'Standard',
    code: 'STANDARD',
    isDefault: true,
  });
  await services.taxCategoryRates.replace(ctx, standard.id, { rateIds: [rate.id] });
  // Food for home consumption is exempt from New York sales tax: a category charging nothing.
  const food = await services.catalog.createTaxCategory(ctx, {
    name: 'Grocery food (exempt)',
    code: 'FOOD',
  });
  return { rate, foodCategoryId: food.id };
}

function productInput(product: DemoProduct, foodCategoryId: string) {
  return {
    name: product.name,
    description: product.description,
    ...(product.taxExemptFood ? { taxCategoryId: foodCategoryId } : {}),
    ...(product.unit ? { unit: product.unit } : {}),
    ...(product.trackStock === undefined ? {} : { trackStock: product.trackStock }),
    ...(product.optionNames ? { optionNames: [...product.optionNames] } : {}),
    variants: product.variants.map((variant) => ({
      sku: variant.sku,
      ...(variant.optionValues ? { optionValues: [...variant.optionValues] } : {}),
      priceMinor: variant.priceMinor,
      costMinor: variant.costMinor,
      ...(variant.plu ? { plu: variant.plu } : {}),
      barcodes: [{ code: inStoreEan13(variant.itemNumber), kind: 'ean13' as const }],
    })),
  };
}

/** Tax, products with barcodes and opening stock for the demo store; expects an empty tenant. */
export async function seedDemoCatalog(
  services: Services,
  ctx: ServiceContext,
  storeId: string,
): Promise<DemoCatalog> {
  const { rate, foodCategoryId } = await createTaxes(services, ctx);
  const items: DemoItem[] = [];
  const received: { variantId: string; quantity: number; reason: 'received'; unitCost: number }[] =
    [];
  for (const product of DEMO_PRODUCTS) {
    const created = await services.catalog.createProduct(
      ctx,
      productInput(product, foodCategoryId),
    );
    for (const variant of product.variants) {
      const view = created.variants.find((v) => v.sku === variant.sku);
      if (!view) throw new Error(`demo product ${product.name} lost variant ${variant.sku}`);
      items.push({
        // As registers show it (catalog item-queries): "T-Shirt - M".
        name: view.label ? `${product.name} - ${view.label}` : product.name,
        sku: variant.sku,
        variantId: view.id,
        barcode: inStoreEan13(variant.itemNumber),
        priceMinor: variant.priceMinor,
      });
      if (variant.openingStock !== undefined)
        received.push({
          variantId: view.id,
          quantity: variant.openingStock,
          reason: 'received',
          unitCost: variant.costMinor,
        });
    }
  }
  // One receiving document for the whole delivery: one transaction, one audit event.
  await services.inventory.adjust(ctx, storeId, {
    lines: received,
    note: 'Opening stock (demo)',
  });
  const produce = DEMO_PRODUCTS.flatMap((product) =>
    product.variants.flatMap((variant) =>
      variant.plu
        ? [{ name: product.name, plu: variant.plu, pricePerKgMinor: variant.priceMinor }]
        : [],
    ),
  )[0];
  if (!produce) throw new Error('the demo catalog has no item sold by PLU');
  return {
    taxRate: { id: rate.id, name: rate.name, ratePpm: rate.ratePpm },
    productCount: DEMO_PRODUCTS.length,
    items,
    examples: EXAMPLE_SKUS.flatMap((sku) => items.filter((item) => item.sku === sku)),
    produce,
  };
}
