import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import { IdParams } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import {
  Count,
  CountEntriesBody,
  CountLineParams,
  CountPage,
  CountQuery,
  CountVarianceReport,
  CreateCountBody,
  UpdateCountBody,
} from './count-schemas.ts';

export const stockCountRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { stockCounts } = services;
  const tags = ['stock counts'];
  const ok = { 200: Count, ...errors };

  app.post(
    '/stores/:id/stock-counts',
    {
      schema: {
        tags,
        summary: 'Start a full or cycle count of a store',
        params: IdParams,
        body: CreateCountBody,
        response: { 201: Count, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await stockCounts.create(request.ctx, request.params.id, request.body)),
  );
  app.get(
    '/stores/:id/stock-counts',
    {
      schema: {
        tags,
        summary: 'Counts of a store, newest first',
        params: IdParams,
        querystring: CountQuery,
        response: { 200: CountPage, ...errors },
      },
    },
    (request) => {
      const { status, cursor, limit } = request.query;
      return stockCounts.list(request.ctx, request.params.id, {
        ...(status ? { status } : {}),
        ...(cursor ? { cursor } : {}),
        limit: limit ?? 50,
      });
    },
  );
  app.get(
    '/stock-counts/:id',
    {
      schema: {
        tags,
        summary: 'A count with its lines and their variance against the level now',
        params: IdParams,
        response: ok,
      },
    },
    (request) => stockCounts.get(request.ctx, request.params.id),
  );
  app.patch(
    '/stock-counts/:id',
    {
      schema: {
        tags,
        summary: 'Rename a count, change its note or "zero uncounted" (until approved)',
        params: IdParams,
        body: UpdateCountBody,
        response: ok,
      },
    },
    (request) => stockCounts.update(request.ctx, request.params.id, request.body),
  );
  app.post(
    '/stock-counts/:id/lines',
    {
      schema: {
        tags,
        summary: 'Enter counted quantities (draft counts)',
        params: IdParams,
        body: CountEntriesBody,
        response: ok,
      },
    },
    (request) => stockCounts.enter(request.ctx, request.params.id, request.body),
  );
  app.delete(
    '/stock-counts/:id/lines/:variantId',
    {
      schema: {
        tags,
        summary: 'Take an item off a draft count',
        params: CountLineParams,
        response: ok,
      },
    },
    (request) => stockCounts.removeLine(request.ctx, request.params.id, request.params.variantId),
  );
  app.get(
    '/stock-counts/:id/variances',
    {
      schema: {
        tags,
        summary: 'What approval posts: each level change, against the levels now',
        params: IdParams,
        response: { 200: CountVarianceReport, ...errors },
      },
    },
    (request) => stockCounts.variances(request.ctx, request.params.id),
  );

  const transitions = [
    ['submit', 'Submit a draft count for approval', stockCounts.submit],
    ['reopen', 'Send a submitted count back for a recount', stockCounts.reopen],
    ['approve', 'Approve: post every variance to the stock ledger', stockCounts.approve],
    ['cancel', 'Cancel a draft or submitted count', stockCounts.cancel],
  ] as const;
  for (const [action, summary, run] of transitions) {
    app.post(
      `/stock-counts/:id/${action}`,
      { schema: { tags, summary, params: IdParams, response: ok } },
      (request) => run(request.ctx, request.params.id),
    );
  }
};
