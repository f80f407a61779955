import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import { Closed, IdParams, Uuid } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import {
  AdjustmentBody,
  AdjustmentResult,
  InventorySettings,
  MovementPage,
  MovementQuery,
  RebuildResult,
  ReorderPointBody,
  StockLevel,
  StockPage,
  StockQuery,
} from './schemas.ts';

const StoreVariantParams = Closed({ id: Uuid, variantId: Uuid });

export const inventoryRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { inventory } = services;
  const tags = ['inventory'];

  app.get(
    '/stores/:id/stock',
    {
      schema: {
        tags,
        summary: 'Stock levels of a store',
        params: IdParams,
        querystring: StockQuery,
        response: { 200: StockPage, ...errors },
      },
    },
    (request) => {
      const { variantId, belowReorderPoint, cursor, limit } = request.query;
      return inventory.levels(request.ctx, request.params.id, {
        ...(variantId ? { variantIds: variantId } : {}),
        ...(belowReorderPoint ? { belowReorderPoint } : {}),
        ...(cursor ? { cursor } : {}),
        limit: limit ?? 50,
      });
    },
  );
  app.get(
    '/variants/:id/stock',
    {
      schema: {
        tags,
        summary: 'Stock of one item in every store you can see',
        params: IdParams,
        response: { 200: Type.Array(StockLevel), ...errors },
      },
    },
    (request) => inventory.variantLevels(request.ctx, request.params.id),
  );
  app.post(
    '/stores/:id/stock-adjustments',
    {
      schema: {
        tags,
        summary: 'Adjust stock with a reason per line (all lines or none)',
        params: IdParams,
        body: AdjustmentBody,
        response: { 201: AdjustmentResult, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ levels: await inventory.adjust(request.ctx, request.params.id, request.body) }),
  );
  app.put(
    '/stores/:id/stock/:variantId/reorder-point',
    {
      schema: {
        tags,
        summary: 'Low-stock threshold (null clears it)',
        params: StoreVariantParams,
        body: ReorderPointBody,
        response: { 200: StockLevel, ...errors },
      },
    },
    (request) =>
      inventory.setReorderPoint(
        request.ctx,
        request.params.id,
        request.params.variantId,
        request.body.reorderPoint,
      ),
  );
  app.get(
    '/stores/:id/stock-movements',
    {
      schema: {
        tags,
        summary: 'The stock ledger, newest first',
        params: IdParams,
        querystring: MovementQuery,
        response: { 200: MovementPage, ...errors },
      },
    },
    (request) => {
      const { variantId, cursor, limit } = request.query;
      return inventory.movements(request.ctx, request.params.id, {
        ...(variantId ? { variantId } : {}),
        ...(cursor ? { cursor } : {}),
        limit: limit ?? 50,
      });
    },
  );
  app.post(
    '/stores/:id/stock/rebuild',
    {
      schema: {
        tags,
        summary: 'Recompute levels from the ledger and report differences',
        params: IdParams,
        response: { 200: RebuildResult, ...errors },
      },
    },
    (request) => inventory.rebuild(request.ctx, request.params.id),
  );
  app.get(
    '/inventory/settings',
    { schema: { tags, response: { 200: InventorySettings, ...errors } } },
    (request) => inventory.settings(request.ctx),
  );
  app.put(
    '/inventory/settings',
    {
      schema: {
        tags,
        summary: 'Whether stock may go negative (needed for offline sales)',
        body: InventorySettings,
        response: { 200: InventorySettings, ...errors },
      },
    },
    (request) => inventory.updateSettings(request.ctx, request.body.allowNegativeStock),
  );
};
