import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import { IdParams } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import {
  CreateTransferBody,
  InTransitItem,
  InTransitQuery,
  ReceiveTransferBody,
  Transfer,
  TransferPage,
  TransferQuery,
  UpdateTransferBody,
} from './transfer-schemas.ts';

export const transferRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { transfers } = services;
  const tags = ['stock transfers'];
  const ok = { 200: Transfer, ...errors };

  app.post(
    '/stock-transfers',
    {
      schema: {
        tags,
        summary: 'Draft a transfer from a store you manage to another store',
        body: CreateTransferBody,
        response: { 201: Transfer, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await transfers.create(request.ctx, request.body)),
  );
  app.get(
    '/stock-transfers',
    {
      schema: {
        tags,
        summary: 'Transfers from or to the stores you work in, newest first',
        querystring: TransferQuery,
        response: { 200: TransferPage, ...errors },
      },
    },
    (request) => {
      const { storeId, direction, status, cursor, limit } = request.query;
      return transfers.list(request.ctx, {
        ...(storeId ? { storeId } : {}),
        ...(direction ? { direction } : {}),
        ...(status ? { status } : {}),
        ...(cursor ? { cursor } : {}),
        limit: limit ?? 50,
      });
    },
  );
  app.get(
    '/stock-in-transit',
    {
      schema: {
        tags,
        summary: 'Quantities sent and not yet received, per item and pair of stores',
        querystring: InTransitQuery,
        response: { 200: Type.Array(InTransitItem), ...errors },
      },
    },
    (request) => {
      const { storeId, variantId } = request.query;
      return transfers.inTransit(request.ctx, {
        ...(storeId ? { storeId } : {}),
        ...(variantId ? { variantId } : {}),
      });
    },
  );
  app.get(
    '/stock-transfers/:id',
    { schema: { tags, summary: 'A transfer with its lines', params: IdParams, response: ok } },
    (request) => transfers.get(request.ctx, request.params.id),
  );
  app.patch(
    '/stock-transfers/:id',
    {
      schema: {
        tags,
        summary: 'Change the note or replace the lines of a draft transfer',
        params: IdParams,
        body: UpdateTransferBody,
        response: ok,
      },
    },
    (request) => transfers.update(request.ctx, request.params.id, request.body),
  );
  app.post(
    '/stock-transfers/:id/send',
    {
      schema: {
        tags,
        summary: 'Send: the stock leaves the source store and is in transit',
        params: IdParams,
        response: ok,
      },
    },
    (request) => transfers.send(request.ctx, request.params.id),
  );
  app.post(
    '/stock-transfers/:id/receive',
    {
      schema: {
        tags,
        summary: 'Receive what arrived at the destination (all in transit when lines are omitted)',
        params: IdParams,
        body: ReceiveTransferBody,
        response: ok,
      },
    },
    (request) => transfers.receive(request.ctx, request.params.id, request.body),
  );
  app.post(
    '/stock-transfers/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel; whatever is still in transit goes back to the source store',
        params: IdParams,
        response: ok,
      },
    },
    (request) => transfers.cancel(request.ctx, request.params.id),
  );
};
