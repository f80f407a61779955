import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import type { Services } from '../../services.ts';
import { ChangesPage, ChangesQuery, LookupQuery, LookupResult } from './register-schemas.ts';

const tags = ['catalog'];

export const registerCatalogRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { catalog } = services;

  app.get(
    '/catalog/lookup',
    {
      schema: {
        tags,
        summary: 'Scan: the item for a barcode (or PLU), with any embedded price or weight',
        querystring: LookupQuery,
        response: { 200: LookupResult, ...errors },
      },
    },
    (request) => catalog.lookup(request.ctx, request.query),
  );
  app.get(
    '/catalog/changes',
    {
      schema: {
        tags,
        summary: "Delta feed for a register's offline catalog, priced for one store",
        querystring: ChangesQuery,
        response: { 200: ChangesPage, ...errors },
      },
    },
    (request) =>
      catalog.changes(request.ctx, {
        storeId: request.query.storeId,
        cursor: request.query.cursor,
        limit: request.query.limit ?? 500,
      }),
  );
};
