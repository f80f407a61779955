import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services.ts';
import { barcodeRuleRoutes } from './barcode-rule-routes.ts';
import { productRoutes } from './product-routes.ts';
import { registerCatalogRoutes } from './register-routes.ts';
import { taxonomyRoutes } from './taxonomy-routes.ts';
import { variantRoutes } from './variant-routes.ts';

/** Every catalog endpoint, under /api/v1/catalog. */
export const catalogRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  options,
) => {
  await app.register(taxonomyRoutes, options);
  await app.register(productRoutes, options);
  await app.register(variantRoutes, options);
  await app.register(registerCatalogRoutes, options);
  await app.register(barcodeRuleRoutes, options);
};
