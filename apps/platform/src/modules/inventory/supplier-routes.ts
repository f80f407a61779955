import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import { IdParams } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import {
  CreateSupplierBody,
  Supplier,
  SupplierQuery,
  UpdateSupplierBody,
} from './supplier-schemas.ts';

export const supplierRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { suppliers } = services;
  const tags = ['purchasing'];

  app.get(
    '/suppliers',
    {
      schema: {
        tags,
        summary: 'Suppliers, by name',
        querystring: SupplierQuery,
        response: { 200: Type.Array(Supplier), ...errors },
      },
    },
    (request) => suppliers.list(request.ctx, request.query.includeArchived ?? false),
  );
  app.post(
    '/suppliers',
    {
      schema: {
        tags,
        summary: 'Add a supplier',
        body: CreateSupplierBody,
        response: { 201: Supplier, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await suppliers.create(request.ctx, request.body)),
  );
  app.get(
    '/suppliers/:id',
    { schema: { tags, params: IdParams, response: { 200: Supplier, ...errors } } },
    (request) => suppliers.get(request.ctx, request.params.id),
  );
  app.patch(
    '/suppliers/:id',
    {
      schema: {
        tags,
        summary: 'Change contact details, or archive (archived: true) / restore',
        params: IdParams,
        body: UpdateSupplierBody,
        response: { 200: Supplier, ...errors },
      },
    },
    (request) => suppliers.update(request.ctx, request.params.id, request.body),
  );
};
