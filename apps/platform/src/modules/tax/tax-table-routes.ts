import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import type { Services } from '../../services.ts';
import { StoreParams, TaxTable } from './tax-table-schemas.ts';

export const taxTableRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { taxTable } = services;

  app.get(
    '/stores/:storeId/tax-table',
    {
      schema: {
        tags: ['tax'],
        summary: "The store's tax table: what a register needs to price sales offline",
        description:
          'The tenant pricing terms and, for every tax category, the rates charged in this store ' +
          "in charging order (the store's own set where it has one, the tenant-wide set " +
          'otherwise). Products without a tax category use defaultTaxCategoryId. A paired ' +
          'device may read the table of its own store.',
        params: StoreParams,
        response: { 200: TaxTable, ...errors },
      },
    },
    (request) => taxTable.get(request.ctx, request.params.storeId),
  );
};
