import { type Static, Type } from 'typebox';
import { Closed, Nullable, Uuid } from '../../http/schemas.ts';

// What a register needs: one flat record per sellable variant, from a scan or the delta feed.

export const CatalogItem = Closed({
  variantId: Uuid,
  productId: Uuid,
  name: Type.String({ description: 'Product name plus the variant label' }),
  productName: Type.String(),
  variantLabel: Type.String(),
  sku: Type.String(),
  barcodes: Type.Array(Type.String()),
  plu: Nullable(Type.String()),
  priceMinor: Type.Integer({ description: 'Effective price in this store (override or base)' }),
  basePriceMinor: Type.Integer(),
  taxCategoryId: Nullable(Uuid),
  taxCategoryCode: Nullable(Type.String()),
  unit: Type.String(),
  trackStock: Type.Boolean(),
  archived: Type.Boolean({ description: 'Archived variant or product: drop it from the till' }),
});
export type CatalogItemView = Static<typeof CatalogItem>;

export const LookupQuery = Type.Object(
  {
    barcode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    plu: Type.Optional(Type.String({ pattern: '^[0-9]{1,10}$' })),
    storeId: Type.Optional(Uuid),
  },
  {
    additionalProperties: false,
    description: 'barcode or plu. storeId defaults to the signed-in register store',
  },
);

const Embedded = Type.Union([
  Closed({ kind: Type.Literal('price'), priceMinor: Type.Integer() }),
  Closed({
    kind: Type.Literal('weight'),
    quantityMilli: Type.Integer({ description: 'Thousandths of a kg (grams)' }),
  }),
]);

export const LookupResult = Closed({
  item: CatalogItem,
  embedded: Nullable(Embedded),
});
export type LookupResultView = Static<typeof LookupResult>;

export const ChangesQuery = Closed({
  storeId: Uuid,
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 500 })),
});

export const ChangesPage = Closed({
  items: Type.Array(CatalogItem),
  nextCursor: Type.String({ description: 'Send it back next time; never skips a change' }),
  hasMore: Type.Boolean({ description: 'More changes are ready now: ask again straight away' }),
});
export type ChangesPageView = Static<typeof ChangesPage>;
