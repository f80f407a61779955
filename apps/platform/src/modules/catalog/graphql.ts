import type { RequestContext } from '../../context.ts';
import type { Services } from '../../services.ts';
import type { ProductView } from './schemas.ts';

// Money is Float here: GraphQL's Int is 32-bit, and minor units pass 2^31 (21 million dollars in
// cents). The values are still whole numbers of minor units, exact up to 2^53.
export const catalogTypeDefs = /* GraphQL */ `
  type CatalogBarcode {
    code: String!
    kind: String!
  }
  type CatalogStorePrice {
    storeId: ID!
    priceMinor: Float!
  }
  type CatalogVariant {
    id: ID!
    productId: ID!
    sku: String!
    optionValues: [String!]!
    label: String!
    priceMinor: Float!
    costMinor: Float
    plu: String
    position: Int!
    barcodes: [CatalogBarcode!]!
    storePrices: [CatalogStorePrice!]!
    archivedAt: String
    createdAt: String!
    updatedAt: String!
  }
  type CatalogProduct {
    id: ID!
    name: String!
    description: String!
    categoryId: ID
    taxCategoryId: ID
    unit: String!
    trackStock: Boolean!
    optionNames: [String!]!
    "JSON text of the attribute values"
    attributes: String!
    archivedAt: String
    createdAt: String!
    updatedAt: String!
    variants: [CatalogVariant!]!
  }
  type CatalogProductPage {
    products: [CatalogProduct!]!
    nextCursor: String
  }
  type CatalogItem {
    variantId: ID!
    productId: ID!
    name: String!
    productName: String!
    variantLabel: String!
    sku: String!
    barcodes: [String!]!
    plu: String
    priceMinor: Float!
    basePriceMinor: Float!
    taxCategoryId: ID
    taxCategoryCode: String
    unit: String!
    trackStock: Boolean!
    archived: Boolean!
  }
  type CatalogEmbeddedValue {
    kind: String!
    priceMinor: Float
    quantityMilli: Float
  }
  type CatalogLookup {
    item: CatalogItem!
    embedded: CatalogEmbeddedValue
  }
  type CatalogAttributeDefinition {
    key: String!
    label: String!
    type: String!
    options: [String!]
    required: Boolean!
  }
  type CatalogCategory {
    id: ID!
    parentId: ID
    name: String!
    attributeDefinitions: [CatalogAttributeDefinition!]!
  }
  type CatalogTaxCategory {
    id: ID!
    name: String!
    code: String!
  }
  input CatalogAttributeFilter {
    key: String!
    value: String!
  }
  extend type Query {
    catalogProducts(
      q: String
      sku: String
      categoryId: ID
      attributes: [CatalogAttributeFilter!]
      includeArchived: Boolean = false
      cursor: String
      limit: Int = 50
    ): CatalogProductPage!
    catalogProduct(id: ID!): CatalogProduct!
    catalogLookup(barcode: String, plu: String, storeId: ID): CatalogLookup!
    catalogCategories: [CatalogCategory!]!
    catalogTaxCategories: [CatalogTaxCategory!]!
  }
`;

type Ctx = { ctx: RequestContext };

interface ProductSearchArgs {
  q?: string | null;
  sku?: string | null;
  categoryId?: string | null;
  attributes?: { key: string; value: string }[] | null;
  includeArchived: boolean;
  cursor?: string | null;
  limit: number;
}

function productOut(product: ProductView) {
  return { ...product, attributes: JSON.stringify(product.attributes) };
}

export function catalogResolvers(services: Services) {
  const { catalog } = services;
  return {
    Query: {
      catalogProducts: async (_: unknown, args: ProductSearchArgs, { ctx }: Ctx) => {
        const page = await catalog.searchProducts(ctx, {
          q: args.q ?? undefined,
          sku: args.sku ?? undefined,
          categoryId: args.categoryId ?? undefined,
          includeArchived: args.includeArchived,
          cursor: args.cursor ?? undefined,
          limit: Math.min(Math.max(args.limit, 1), 200),
          attributes: Object.fromEntries((args.attributes ?? []).map((f) => [f.key, f.value])),
        });
        return { ...page, products: page.products.map(productOut) };
      },
      catalogProduct: async (_: unknown, args: { id: string }, { ctx }: Ctx) =>
        productOut(await catalog.getProduct(ctx, args.id)),
      catalogLookup: (
        _: unknown,
        args: { barcode?: string | null; plu?: string | null; storeId?: string | null },
        { ctx }: Ctx,
      ) =>
        catalog.lookup(ctx, {
          barcode: args.barcode ?? undefined,
          plu: args.plu ?? undefined,
          storeId: args.storeId ?? undefined,
        }),
      catalogCategories: (_: unknown, __: unknown, { ctx }: Ctx) => catalog.listCategories(ctx),
      catalogTaxCategories: (_: unknown, __: unknown, { ctx }: Ctx) =>
        catalog.listTaxCategories(ctx),
    },
  };
}
