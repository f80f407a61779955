import { BARCODE_KINDS } from '@tillpoint/domain';
import { type Static, Type } from 'typebox';
import { Closed, Limit, Nullable, Timestamp, Uuid } from '../../http/schemas.ts';

// Products, variants, barcodes and store prices as the back office reads and writes them.

/** Integer minor units of the tenant's currency. Strings and fractions are refused, not coerced. */
export const Money = Type.Integer({
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
  description: 'Integer minor units of the tenant currency (1299 = 12.99)',
});

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Sku = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^\\S(.*\\S)?$',
  description: 'Unique per business, compared case-insensitively',
});
const Plu = Type.String({
  pattern: '^[0-9]{1,10}$',
  description: 'Item code used in price/weight-embedded barcodes; leading zeros are dropped',
});
export const Unit = Type.Enum(['each', 'weight'], {
  description: 'weight: priced per kg and sold in thousandths (quantityMilli = grams)',
});
const OptionNames = Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 3 });
const OptionValues = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 3 });

export const AttributeValues = Type.Record(Type.String(), Type.Unknown(), {
  maxProperties: 100,
  description:
    "Values for the category's attribute definitions (text, number, boolean or enum option)",
});
const AttributeValuesView = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Number(), Type.Boolean()]),
);

export const BarcodeBody = Closed({
  code: Type.String({ minLength: 1, maxLength: 48 }),
  kind: Type.Optional(
    Type.Enum(BARCODE_KINDS, {
      description: 'Omitted: 8/12/13 digits are EAN-8/UPC-A/EAN-13 (check digit verified)',
    }),
  ),
});
export type BarcodeBodyInput = Static<typeof BarcodeBody>;

export const VariantBody = Closed({
  sku: Sku,
  optionValues: Type.Optional(OptionValues),
  priceMinor: Money,
  costMinor: Type.Optional(Nullable(Money)),
  plu: Type.Optional(Nullable(Plu)),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  barcodes: Type.Optional(Type.Array(BarcodeBody, { maxItems: 20 })),
});
export type VariantInput = Static<typeof VariantBody>;

export const UpdateVariantBody = Type.Object(
  {
    sku: Type.Optional(Sku),
    optionValues: Type.Optional(OptionValues),
    priceMinor: Type.Optional(Money),
    costMinor: Type.Optional(Nullable(Money)),
    plu: Type.Optional(Nullable(Plu)),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateVariantInput = Static<typeof UpdateVariantBody>;

const ProductFields = {
  name: Name,
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  categoryId: Type.Optional(Nullable(Uuid)),
  taxCategoryId: Type.Optional(Nullable(Uuid)),
  unit: Type.Optional(Unit),
  trackStock: Type.Optional(Type.Boolean()),
  optionNames: Type.Optional(OptionNames),
  attributes: Type.Optional(AttributeValues),
};

export const CreateProductBody = Closed({
  ...ProductFields,
  variants: Type.Array(VariantBody, { minItems: 1, maxItems: 100 }),
});
export type CreateProductInput = Static<typeof CreateProductBody>;

export const UpdateProductBody = Type.Object(
  { ...ProductFields, name: Type.Optional(Name) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateProductInput = Static<typeof UpdateProductBody>;

export const StorePriceBody = Closed({ priceMinor: Money });

export const Barcode = Closed({ code: Type.String(), kind: Type.String() });
export const StorePrice = Closed({ storeId: Uuid, priceMinor: Type.Integer() });

export const Variant = Closed({
  id: Uuid,
  productId: Uuid,
  sku: Type.String(),
  optionValues: Type.Array(Type.String()),
  label: Type.String({ description: 'Option values joined, e.g. "M / Red"' }),
  priceMinor: Type.Integer(),
  costMinor: Nullable(Type.Integer()),
  plu: Nullable(Type.String()),
  position: Type.Integer(),
  barcodes: Type.Array(Barcode),
  storePrices: Type.Array(StorePrice, {
    description: 'Overrides of priceMinor, for the stores you work in',
  }),
  archivedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type VariantView = Static<typeof Variant>;

export const Product = Closed({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  categoryId: Nullable(Uuid),
  taxCategoryId: Nullable(Uuid),
  unit: Type.String(),
  trackStock: Type.Boolean(),
  optionNames: Type.Array(Type.String()),
  attributes: AttributeValuesView,
  archivedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  variants: Type.Array(Variant),
});
export type ProductView = Static<typeof Product>;

export const ATTRIBUTE_FILTER = '^attr\\.[a-z][a-z0-9_]{0,39}$';

// attr.<key>=<value> filters are open-ended, so they are allowed by pattern; anything else unknown
// is still refused.
export const ProductSearchQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'Fuzzy name, or SKU prefix' }),
    ),
    sku: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Exact SKU' })),
    categoryId: Type.Optional(Uuid),
    includeArchived: Type.Optional(Type.Boolean({ default: false })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
    limit: Type.Optional(Limit),
  },
  {
    additionalProperties: false,
    patternProperties: { [ATTRIBUTE_FILTER]: Type.String({ maxLength: 200 }) },
    description: 'Filter by category attributes with attr.<key>=<value>, e.g. attr.material=cotton',
  },
);

export const ProductPage = Closed({
  products: Type.Array(Product),
  nextCursor: Nullable(Type.String()),
});

export const VariantParams = Closed({ id: Uuid });
export const BarcodeParams = Closed({
  id: Uuid,
  code: Type.String({ minLength: 1, maxLength: 48 }),
});
export const StorePriceParams = Closed({ id: Uuid, storeId: Uuid });
