import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import { IdParams } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import { BarcodeRule, CreateBarcodeRuleBody } from './barcode-rule-schemas.ts';

const tags = ['catalog'];

export const barcodeRuleRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { catalog } = services;

  app.get(
    '/catalog/barcode-rules',
    {
      schema: {
        tags,
        summary: 'Layouts of price- and weight-embedded barcodes',
        response: { 200: Type.Array(BarcodeRule), ...errors },
      },
    },
    (request) => catalog.listBarcodeRules(request.ctx),
  );
  app.post(
    '/catalog/barcode-rules',
    {
      schema: {
        tags,
        body: CreateBarcodeRuleBody,
        response: { 201: BarcodeRule, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await catalog.createBarcodeRule(request.ctx, request.body)),
  );
  app.delete(
    '/catalog/barcode-rules/:id',
    { schema: { tags, params: IdParams, response: { 200: BarcodeRule, ...errors } } },
    (request) => catalog.deleteBarcodeRule(request.ctx, request.params.id),
  );
};
