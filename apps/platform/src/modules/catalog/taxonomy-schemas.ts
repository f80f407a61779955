import { ATTRIBUTE_TYPES } from '@tillpoint/domain';
import { type Static, Type } from 'typebox';
import { Closed, Nullable, Timestamp, Uuid } from '../../http/schemas.ts';

// Tax categories and categories with their attribute definitions: how a catalog is organised.

const TaxCode = Type.String({
  pattern: '^[A-Z0-9_-]{1,32}$',
  description: 'Short code the sales engine maps to rates, e.g. STANDARD, FOOD, ZERO',
});

export const TaxCategory = Closed({
  id: Uuid,
  name: Type.String(),
  code: Type.String(),
  isDefault: Type.Boolean({
    description: 'Taxes products that have no tax category; at most one category is the default',
  }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type TaxCategoryView = Static<typeof TaxCategory>;

export const CreateTaxCategoryBody = Closed({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  code: TaxCode,
  isDefault: Type.Optional(
    Type.Boolean({
      description:
        'true makes this the default category (the previous default stops being one); false on ' +
        'the default leaves the tenant without one, so products without a category are untaxed',
    }),
  ),
});
export type CreateTaxCategoryInput = Static<typeof CreateTaxCategoryBody>;

export const UpdateTaxCategoryBody = Type.Partial(CreateTaxCategoryBody, {
  additionalProperties: false,
  minProperties: 1,
});
export type UpdateTaxCategoryInput = Static<typeof UpdateTaxCategoryBody>;

export const AttributeDefinition = Closed({
  key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
  label: Type.String({ minLength: 1, maxLength: 100 }),
  type: Type.Enum(ATTRIBUTE_TYPES),
  options: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 200 }),
  ),
  required: Type.Boolean(),
});

const AttributeDefinitions = Type.Array(AttributeDefinition, {
  maxItems: 50,
  description: 'What products of this category (and its subcategories) carry as attributes',
});

export const Category = Closed({
  id: Uuid,
  parentId: Nullable(Uuid),
  name: Type.String(),
  attributeDefinitions: AttributeDefinitions,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type CategoryView = Static<typeof Category>;

export const CreateCategoryBody = Closed({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  parentId: Type.Optional(Nullable(Uuid)),
  attributeDefinitions: Type.Optional(AttributeDefinitions),
});
export type CreateCategoryInput = Static<typeof CreateCategoryBody>;

export const UpdateCategoryBody = Type.Partial(CreateCategoryBody, {
  additionalProperties: false,
  minProperties: 1,
});
export type UpdateCategoryInput = Static<typeof UpdateCategoryBody>;
