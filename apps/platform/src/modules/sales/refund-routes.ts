import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import { IdParams } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import {
  CreateRefundBody,
  Refund,
  RefundPage,
  RefundQuery,
  ReverseBody,
} from './refund-schemas.ts';

export const refundRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { refunds, reversals } = services;
  const tags = ['refunds'];

  app.post(
    '/refunds',
    {
      schema: {
        tags,
        summary: 'Refund lines of a completed sale, or items without a receipt',
        description:
          'With saleId: the returned quantities are repriced from the stored sale and the money ' +
          'goes back to the tenders it came from (cards and other tenders first, cash last) or ' +
          "to store credit. Without saleId: priced at the store's current price, paid in cash or " +
          "store credit, with a manager's approval (refund.without_receipt) for a cashier. " +
          'Cash needs an open cash session on the register. External card payments are recorded ' +
          'and listed in terminalRefunds: give them back on the card terminal. A replay of the ' +
          'same id and body answers 200 with the stored refund.',
        body: CreateRefundBody,
        response: { 201: Refund, 200: Refund, ...errors },
      },
    },
    async (request, reply) => {
      const { refund, replayed } = await refunds.create(request.ctx, request.body);
      return reply.status(replayed ? 200 : 201).send(refund);
    },
  );
  app.get(
    '/refunds',
    {
      schema: {
        tags,
        summary: 'Refunds in the stores you work in, newest first',
        querystring: RefundQuery,
        response: { 200: RefundPage, ...errors },
      },
    },
    (request) => {
      const { storeId, registerId, cursor, limit } = request.query;
      return refunds.list(request.ctx, {
        ...(storeId ? { storeId } : {}),
        ...(registerId ? { registerId } : {}),
        ...(cursor ? { cursor } : {}),
        limit: limit ?? 50,
      });
    },
  );
  app.get(
    '/refunds/:id',
    {
      schema: {
        tags,
        summary: 'A refund with its lines and payments',
        params: IdParams,
        response: { 200: Refund, ...errors },
      },
    },
    (request) => refunds.get(request.ctx, request.params.id),
  );
  app.get(
    '/sales/:id/refunds',
    {
      schema: {
        tags,
        summary: "A sale's refunds (exchange returns and its reversal included), oldest first",
        params: IdParams,
        response: { 200: Type.Array(Refund), ...errors },
      },
    },
    (request) => refunds.ofSale(request.ctx, request.params.id),
  );
  app.post(
    '/sales/:id/reverse',
    {
      schema: {
        tags,
        summary: 'Reverse a sale on the day it was completed',
        description:
          'Gives back everything not refunded yet: tracked items go back on the shelf and every ' +
          'tender gets back exactly what it kept. Once per sale, same business day only (in the ' +
          "store's timezone); a cashier needs a manager's approval (sale.reverse). The sale stays " +
          'completed; the reversal is a refund document of kind reversal.',
        params: IdParams,
        body: ReverseBody,
        response: { 201: Refund, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await reversals.reverse(request.ctx, request.params.id, request.body)),
  );
};
