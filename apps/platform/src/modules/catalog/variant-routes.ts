import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import type { Services } from '../../services.ts';
import {
  BarcodeBody,
  BarcodeParams,
  StorePriceBody,
  StorePriceParams,
  UpdateVariantBody,
  Variant,
  VariantParams,
} from './schemas.ts';

const tags = ['catalog'];

export const variantRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { catalog } = services;
  const ok = { 200: Variant, ...errors };

  app.patch(
    '/catalog/variants/:id',
    { schema: { tags, params: VariantParams, body: UpdateVariantBody, response: ok } },
    (request) => catalog.updateVariant(request.ctx, request.params.id, request.body),
  );
  app.post(
    '/catalog/variants/:id/archive',
    { schema: { tags, summary: 'Archive a variant', params: VariantParams, response: ok } },
    (request) => catalog.archiveVariant(request.ctx, request.params.id),
  );
  app.post(
    '/catalog/variants/:id/restore',
    { schema: { tags, params: VariantParams, response: ok } },
    (request) => catalog.restoreVariant(request.ctx, request.params.id),
  );
  app.post(
    '/catalog/variants/:id/barcodes',
    {
      schema: {
        tags,
        summary: 'Add a barcode (EAN-13, UPC-A, EAN-8 or an internal code)',
        params: VariantParams,
        body: BarcodeBody,
        response: ok,
      },
    },
    (request) => catalog.addBarcode(request.ctx, request.params.id, request.body),
  );
  app.delete(
    '/catalog/variants/:id/barcodes/:code',
    { schema: { tags, params: BarcodeParams, response: ok } },
    (request) => catalog.removeBarcode(request.ctx, request.params.id, request.params.code),
  );
  app.put(
    '/catalog/variants/:id/store-prices/:storeId',
    {
      schema: {
        tags,
        summary: "Set this store's price for the variant",
        params: StorePriceParams,
        body: StorePriceBody,
        response: ok,
      },
    },
    (request) =>
      catalog.setStorePrice(
        request.ctx,
        request.params.id,
        request.params.storeId,
        request.body.priceMinor,
      ),
  );
  app.delete(
    '/catalog/variants/:id/store-prices/:storeId',
    {
      schema: {
        tags,
        summary: 'Go back to the base price in this store',
        params: StorePriceParams,
        response: ok,
      },
    },
    (request) => catalog.removeStorePrice(request.ctx, request.params.id, request.params.storeId),
  );
};
