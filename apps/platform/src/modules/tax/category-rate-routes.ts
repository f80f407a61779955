import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import { IdParams } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import { CategoryRates, ReplaceCategoryRatesBody } from './category-rate-schemas.ts';

export const categoryRateRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { taxCategoryRates } = services;
  const tags = ['tax'];
  const ok = { 200: CategoryRates, ...errors };

  app.get(
    '/tax-categories/:id/rates',
    {
      schema: {
        tags,
        summary: "A tax category's rates: the tenant-wide set and each store's own set",
        params: IdParams,
        response: ok,
      },
    },
    (request) => taxCategoryRates.get(request.ctx, request.params.id),
  );
  app.put(
    '/tax-categories/:id/rates',
    {
      schema: {
        tags,
        summary: "Replace a tax category's tenant-wide set of rates, or one store's own set",
        description:
          'A store with its own set charges only that set for this category; every other store ' +
          'charges the tenant-wide set. Applies to sales opened afterwards (sales keep the rates ' +
          'they were priced with).',
        params: IdParams,
        body: ReplaceCategoryRatesBody,
        response: ok,
      },
    },
    (request) => taxCategoryRates.replace(request.ctx, request.params.id, request.body),
  );
};
