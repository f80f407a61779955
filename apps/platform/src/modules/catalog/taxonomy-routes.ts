import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import { IdParams } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import {
  Category,
  CreateCategoryBody,
  CreateTaxCategoryBody,
  TaxCategory,
  UpdateCategoryBody,
  UpdateTaxCategoryBody,
} from './taxonomy-schemas.ts';

const tags = ['catalog'];

export const taxonomyRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { catalog } = services;

  app.get(
    '/catalog/tax-categories',
    {
      schema: {
        tags,
        summary: 'Tax categories',
        response: { 200: Type.Array(TaxCategory), ...errors },
      },
    },
    (request) => catalog.listTaxCategories(request.ctx),
  );
  app.post(
    '/catalog/tax-categories',
    {
      schema: {
        tags,
        summary: 'Create a tax category',
        body: CreateTaxCategoryBody,
        response: { 201: TaxCategory, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await catalog.createTaxCategory(request.ctx, request.body)),
  );
  app.patch(
    '/catalog/tax-categories/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: UpdateTaxCategoryBody,
        response: { 200: TaxCategory, ...errors },
      },
    },
    (request) => catalog.updateTaxCategory(request.ctx, request.params.id, request.body),
  );

  app.get(
    '/catalog/categories',
    {
      schema: {
        tags,
        summary: 'Every category (a tree through parentId)',
        response: { 200: Type.Array(Category), ...errors },
      },
    },
    (request) => catalog.listCategories(request.ctx),
  );
  app.get(
    '/catalog/categories/:id',
    { schema: { tags, params: IdParams, response: { 200: Category, ...errors } } },
    (request) => catalog.getCategory(request.ctx, request.params.id),
  );
  app.post(
    '/catalog/categories',
    {
      schema: {
        tags,
        summary: 'Create a category, optionally under a parent, with attribute definitions',
        body: CreateCategoryBody,
        response: { 201: Category, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await catalog.createCategory(request.ctx, request.body)),
  );
  app.patch(
    '/catalog/categories/:id',
    {
      schema: {
        tags,
        summary: 'Rename, move or change the attribute definitions of a category',
        params: IdParams,
        body: UpdateCategoryBody,
        response: { 200: Category, ...errors },
      },
    },
    (request) => catalog.updateCategory(request.ctx, request.params.id, request.body),
  );
};
