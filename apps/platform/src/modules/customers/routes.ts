import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import { IdParams } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import {
  CreateCustomerBody,
  Customer,
  CustomerPage,
  CustomerQuery,
  EntryPageQuery,
  PageQuery,
  PurchasePage,
  StoreCredit,
  StoreCreditAdjustment,
  StoreCreditAdjustmentBody,
  UpdateCustomerBody,
} from './schemas.ts';

export const customerRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { customers, storeCredit } = services;
  const tags = ['customers'];
  const ok = { 200: Customer, ...errors };

  app.post(
    '/customers',
    {
      schema: {
        tags,
        summary: 'Add a customer',
        body: CreateCustomerBody,
        response: { 201: Customer, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await customers.create(request.ctx, request.body)),
  );
  app.get(
    '/customers',
    {
      schema: {
        tags,
        summary: 'Customers by name, or matching q (name words, email prefix, phone digits)',
        querystring: CustomerQuery,
        response: { 200: CustomerPage, ...errors },
      },
    },
    (request) => customers.list(request.ctx, request.query),
  );
  app.get('/customers/:id', { schema: { tags, params: IdParams, response: ok } }, (request) =>
    customers.get(request.ctx, request.params.id),
  );
  app.patch(
    '/customers/:id',
    {
      schema: {
        tags,
        summary: 'Change contact details, notes or tax exemption',
        params: IdParams,
        body: UpdateCustomerBody,
        response: ok,
      },
    },
    (request) => customers.update(request.ctx, request.params.id, request.body),
  );
  app.post(
    '/customers/:id/archive',
    {
      schema: {
        tags,
        summary: 'Archive (refused while they hold store credit)',
        params: IdParams,
        response: ok,
      },
    },
    (request) => customers.archive(request.ctx, request.params.id),
  );
  app.post(
    '/customers/:id/restore',
    {
      schema: {
        tags,
        summary: 'Bring an archived customer back (their email must be free)',
        params: IdParams,
        response: ok,
      },
    },
    (request) => customers.restore(request.ctx, request.params.id),
  );
  app.get(
    '/customers/:id/purchases',
    {
      schema: {
        tags,
        summary: 'Completed sales and refunds of the customer, newest first (customers.read)',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: PurchasePage, ...errors },
      },
    },
    (request) => customers.purchases(request.ctx, request.params.id, request.query),
  );
  app.get(
    '/customers/:id/store-credit',
    {
      schema: {
        tags,
        summary: 'Store credit balance and its ledger, newest first',
        params: IdParams,
        querystring: EntryPageQuery,
        response: { 200: StoreCredit, ...errors },
      },
    },
    (request) => storeCredit.get(request.ctx, request.params.id, request.query),
  );
  app.post(
    '/customers/:id/store-credit/adjustments',
    {
      schema: {
        tags,
        summary: "A manager's correction of store credit (never below zero)",
        params: IdParams,
        body: StoreCreditAdjustmentBody,
        response: { 201: StoreCreditAdjustment, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await storeCredit.adjust(request.ctx, request.params.id, request.body)),
  );
};
