import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import { IdParams } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import { CreateTaxRateBody, TaxRate, TaxRateQuery, UpdateTaxRateBody } from './rate-schemas.ts';

export const taxRateRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { taxRates } = services;
  const tags = ['tax'];
  const ok = { 200: TaxRate, ...errors };

  app.get(
    '/tax-rates',
    {
      schema: {
        tags,
        summary: 'Tax rates, by code (archived ones only when asked)',
        querystring: TaxRateQuery,
        response: { 200: Type.Array(TaxRate), ...errors },
      },
    },
    (request) => taxRates.list(request.ctx, request.query.includeArchived ?? false),
  );
  app.post(
    '/tax-rates',
    {
      schema: {
        tags,
        summary: 'Add a tax rate; list it on tax categories to charge it',
        body: CreateTaxRateBody,
        response: { 201: TaxRate, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await taxRates.create(request.ctx, request.body)),
  );
  app.get(
    '/tax-rates/:id',
    { schema: { tags, summary: 'A tax rate', params: IdParams, response: ok } },
    (request) => taxRates.get(request.ctx, request.params.id),
  );
  app.patch(
    '/tax-rates/:id',
    {
      schema: {
        tags,
        summary: 'Rename or change a tax rate',
        description:
          'A new rate or compound setting applies to sales opened after the change. Sales ' +
          'already open or completed keep the rates they were priced with (each sale stores ' +
          'its rates), so nothing sold is repriced. The code cannot change.',
        params: IdParams,
        body: UpdateTaxRateBody,
        response: ok,
      },
    },
    (request) => taxRates.update(request.ctx, request.params.id, request.body),
  );
  app.post(
    '/tax-rates/:id/archive',
    {
      schema: {
        tags,
        summary: 'Archive a tax rate: it stops being charged wherever it is listed',
        description:
          'Applies to sales opened afterwards. The rate stays listed on its tax categories ' +
          '(shown with archivedAt) until their sets are replaced without it.',
        params: IdParams,
        response: ok,
      },
    },
    (request) => taxRates.archive(request.ctx, request.params.id),
  );
};
