import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import { IdParams } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import {
  CreateProductBody,
  Product,
  ProductPage,
  ProductSearchQuery,
  UpdateProductBody,
  Variant,
  VariantBody,
} from './schemas.ts';

const tags = ['catalog'];
const ATTRIBUTE_PREFIX = 'attr.';

/** attr.material=cotton query parameters as { material: 'cotton' }. */
function attributeFilters(query: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query).flatMap(([name, value]) =>
      name.startsWith(ATTRIBUTE_PREFIX) && typeof value === 'string'
        ? [[name.slice(ATTRIBUTE_PREFIX.length), value]]
        : [],
    ),
  );
}

export const productRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { catalog } = services;

  app.get(
    '/catalog/products',
    {
      schema: {
        tags,
        summary: 'Search products by name (fuzzy), SKU, category and attributes',
        querystring: ProductSearchQuery,
        response: { 200: ProductPage, ...errors },
      },
    },
    (request) => {
      const { q, sku, categoryId, includeArchived, cursor, limit } = request.query;
      return catalog.searchProducts(request.ctx, {
        q,
        sku,
        categoryId,
        includeArchived,
        cursor,
        limit: limit ?? 50,
        attributes: attributeFilters(request.query),
      });
    },
  );
  app.post(
    '/catalog/products',
    {
      schema: {
        tags,
        summary: 'Create a product with its variants',
        body: CreateProductBody,
        response: { 201: Product, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await catalog.createProduct(request.ctx, request.body)),
  );
  app.get(
    '/catalog/products/:id',
    { schema: { tags, params: IdParams, response: { 200: Product, ...errors } } },
    (request) => catalog.getProduct(request.ctx, request.params.id),
  );
  app.patch(
    '/catalog/products/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: UpdateProductBody,
        response: { 200: Product, ...errors },
      },
    },
    (request) => catalog.updateProduct(request.ctx, request.params.id, request.body),
  );
  app.post(
    '/catalog/products/:id/archive',
    {
      schema: {
        tags,
        summary: 'Archive a product: gone from search and scans, kept for history',
        params: IdParams,
        response: { 200: Product, ...errors },
      },
    },
    (request) => catalog.archiveProduct(request.ctx, request.params.id),
  );
  app.post(
    '/catalog/products/:id/restore',
    { schema: { tags, params: IdParams, response: { 200: Product, ...errors } } },
    (request) => catalog.restoreProduct(request.ctx, request.params.id),
  );
  app.post(
    '/catalog/products/:id/variants',
    {
      schema: {
        tags,
        summary: 'Add a variant to a product',
        params: IdParams,
        body: VariantBody,
        response: { 201: Variant, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await catalog.addVariant(request.ctx, request.params.id, request.body)),
  );
};
