import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import { IdParams } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import {
  CreatePurchaseOrderBody,
  PurchaseOrder,
  PurchaseOrderPage,
  PurchaseOrderQuery,
  ReceivePurchaseOrderBody,
  UpdatePurchaseOrderBody,
} from './purchase-order-schemas.ts';

export const purchaseOrderRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { purchaseOrders } = services;
  const tags = ['purchasing'];
  const ok = { 200: PurchaseOrder, ...errors };

  app.post(
    '/purchase-orders',
    {
      schema: {
        tags,
        summary: 'Draft a purchase order for a store',
        body: CreatePurchaseOrderBody,
        response: { 201: PurchaseOrder, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await purchaseOrders.create(request.ctx, request.body)),
  );
  app.get(
    '/purchase-orders',
    {
      schema: {
        tags,
        summary: 'Purchase orders of the stores you work in, newest first',
        querystring: PurchaseOrderQuery,
        response: { 200: PurchaseOrderPage, ...errors },
      },
    },
    (request) => {
      const { storeId, supplierId, status, cursor, limit } = request.query;
      return purchaseOrders.list(request.ctx, {
        ...(storeId ? { storeId } : {}),
        ...(supplierId ? { supplierId } : {}),
        ...(status ? { status } : {}),
        ...(cursor ? { cursor } : {}),
        limit: limit ?? 50,
      });
    },
  );
  app.get(
    '/purchase-orders/:id',
    {
      schema: {
        tags,
        summary: 'A purchase order with lines and totals',
        params: IdParams,
        response: ok,
      },
    },
    (request) => purchaseOrders.get(request.ctx, request.params.id),
  );
  app.patch(
    '/purchase-orders/:id',
    {
      schema: {
        tags,
        summary: 'Edit a purchase order (supplier and lines only while draft)',
        params: IdParams,
        body: UpdatePurchaseOrderBody,
        response: ok,
      },
    },
    (request) => purchaseOrders.update(request.ctx, request.params.id, request.body),
  );
  app.post(
    '/purchase-orders/:id/receive',
    {
      schema: {
        tags,
        summary: 'Receive a delivery (everything outstanding when lines are omitted)',
        params: IdParams,
        body: ReceivePurchaseOrderBody,
        response: ok,
      },
    },
    (request) => purchaseOrders.receive(request.ctx, request.params.id, request.body),
  );

  const transitions = [
    [
      'order',
      'Place the order with the supplier (lines are fixed from now on)',
      purchaseOrders.order,
    ],
    ['cancel', 'Cancel an order nothing has arrived for', purchaseOrders.cancel],
    ['close', 'Close a partly received order: the rest will not come', purchaseOrders.close],
  ] as const;
  for (const [action, summary, run] of transitions) {
    app.post(
      `/purchase-orders/:id/${action}`,
      { schema: { tags, summary, params: IdParams, response: ok } },
      (request) => run(request.ctx, request.params.id),
    );
  }
};
