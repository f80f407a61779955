import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import type { Services } from '../../services.ts';
import { SalesSettings, UpdateSalesSettingsBody } from './settings-schemas.ts';

export const salesSettingsRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { salesSettings } = services;
  const tags = ['sales settings'];
  const ok = { 200: SalesSettings, ...errors };

  app.get(
    '/settings/sales',
    { schema: { tags, summary: "The tenant's selling rules", response: ok } },
    (request) => salesSettings.get(request.ctx),
  );
  app.patch(
    '/settings/sales',
    {
      schema: {
        tags,
        summary: 'Change the selling rules for sales opened from now on',
        description:
          'Each sale fixes its tax mode, tax rounding, rounding mode and cash increment when it ' +
          'opens. Changing them here (the tax mode included) does not touch open or parked ' +
          'sales, which finish under their own terms, nor any completed sale.',
        body: UpdateSalesSettingsBody,
        response: ok,
      },
    },
    (request) => salesSettings.update(request.ctx, request.body),
  );
};
