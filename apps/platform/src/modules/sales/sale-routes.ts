import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { standardErrors as errors } from '../../http/route-errors.ts';
import { IdParams } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import {
  AddLineBody,
  CompleteBody,
  CreateSaleBody,
  CustomerBody,
  LineParams,
  OrderDiscountBody,
  PaymentBody,
  PaymentResult,
  Sale,
  SalePage,
  SaleQuery,
  SubmitBody,
  UpdateLineBody,
  VoidBody,
  VoidResult,
} from './sale-schemas.ts';

/** A document the client chose the id of: 201 when created, 200 with the header on a replay. */
function created<T>(reply: FastifyReply, outcome: { replayed: boolean }, body: T) {
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  return reply.status(outcome.replayed ? 200 : 201).send(body);
}

export const saleRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { sales } = services;
  const tags = ['sales'];
  const ok = { 200: Sale, ...errors };
  const made = { 200: Sale, 201: Sale, ...errors };

  app.post(
    '/sales',
    {
      schema: {
        tags,
        summary: 'Open a sale on a register',
        description:
          'Fixes the pricing terms (currency, tax mode and rounding, cash increment) on the sale. ' +
          'A client-chosen id makes it safe to retry: the same request returns the sale (200).',
        body: CreateSaleBody,
        response: made,
      },
    },
    async (request, reply) => {
      const outcome = await sales.create(request.ctx, request.body);
      return created(reply, outcome, outcome.sale);
    },
  );
  app.get(
    '/sales',
    {
      schema: {
        tags,
        summary: 'Sales in the stores you work in, newest first',
        querystring: SaleQuery,
        response: { 200: SalePage, ...errors },
      },
    },
    (request) => sales.list(request.ctx, request.query),
  );
  app.post(
    '/sales/submit',
    {
      schema: {
        tags,
        summary: "A register's finished sale, in one call (the offline outbox)",
        description:
          'Creates, prices, pays and completes the sale in one transaction. Replays of the same ' +
          'id and body return the stored sale (200, Idempotent-Replayed: true); another body ' +
          'under that id is refused (409 sale.id_conflict).',
        body: SubmitBody,
        response: made,
      },
    },
    async (request, reply) => {
      const outcome = await sales.submit(request.ctx, request.body);
      return created(reply, outcome, outcome.sale);
    },
  );
  app.get(
    '/sales/:id',
    {
      schema: {
        tags,
        summary: 'A sale with its lines and payments',
        params: IdParams,
        response: ok,
      },
    },
    (request) => sales.get(request.ctx, request.params.id),
  );
  app.post(
    '/sales/:id/lines',
    {
      schema: {
        tags,
        summary: 'Add an item, or a gift card to sell or top up',
        params: IdParams,
        body: AddLineBody,
        response: made,
      },
    },
    async (request, reply) => {
      const outcome = await sales.addLine(request.ctx, request.params.id, request.body);
      return created(reply, outcome, outcome.sale);
    },
  );
  app.patch(
    '/sales/:id/lines/:lineId',
    {
      schema: {
        tags,
        summary: "Change a line's quantity, price override or discount",
        params: LineParams,
        body: UpdateLineBody,
        response: ok,
      },
    },
    (request) =>
      sales.updateLine(request.ctx, request.params.id, request.params.lineId, request.body),
  );
  app.delete(
    '/sales/:id/lines/:lineId',
    { schema: { tags, summary: 'Remove a line', params: LineParams, response: ok } },
    (request) => sales.removeLine(request.ctx, request.params.id, request.params.lineId),
  );
  app.put(
    '/sales/:id/discount',
    {
      schema: {
        tags,
        summary: 'Set or clear the order discount (spread over every line)',
        params: IdParams,
        body: OrderDiscountBody,
        response: ok,
      },
    },
    (request) => sales.setOrderDiscount(request.ctx, request.params.id, request.body),
  );
  app.put(
    '/sales/:id/customer',
    {
      schema: {
        tags,
        summary: "Set or clear the customer (the sale follows the customer's tax exemption)",
        params: IdParams,
        body: CustomerBody,
        response: ok,
      },
    },
    (request) => sales.setCustomer(request.ctx, request.params.id, request.body.customerId),
  );
  app.post(
    '/sales/:id/park',
    { schema: { tags, summary: 'Put the sale aside', params: IdParams, response: ok } },
    (request) => sales.park(request.ctx, request.params.id),
  );
  app.post(
    '/sales/:id/resume',
    { schema: { tags, summary: 'Pick a parked sale up again', params: IdParams, response: ok } },
    (request) => sales.resume(request.ctx, request.params.id),
  );
  app.post(
    '/sales/:id/void',
    {
      schema: {
        tags,
        summary: "Void an unfinished sale (a sale with items needs a manager's approval)",
        description:
          'Captured payments are given back in the same transaction; terminalVoids lists the ' +
          'external card payments to void on the card terminal too.',
        params: IdParams,
        body: VoidBody,
        response: { 200: VoidResult, ...errors },
      },
    },
    (request) => sales.voidSale(request.ctx, request.params.id, request.body),
  );
  app.post(
    '/sales/:id/payments',
    {
      schema: {
        tags,
        summary: 'Take a payment; completes the sale when nothing is left due',
        description:
          'Cash may exceed the balance and gives change; cash that settles the rest is rounded ' +
          'to the cash increment. Other tenders may not exceed the balance.',
        params: IdParams,
        body: PaymentBody,
        response: { 200: PaymentResult, 201: PaymentResult, ...errors },
      },
    },
    async (request, reply) => {
      const outcome = await sales.pay(request.ctx, request.params.id, request.body);
      return created(reply, outcome, outcome.result);
    },
  );
  app.post(
    '/sales/:id/complete',
    {
      schema: {
        tags,
        summary: 'Complete a sale with nothing left due (e.g. fully discounted)',
        params: IdParams,
        body: CompleteBody,
        response: ok,
      },
    },
    (request) => sales.complete(request.ctx, request.params.id, request.body.expectedTotalMinor),
  );
};
