import type { Database } from '@tillpoint/db';
import { createBarcodeRuleService } from './barcode-rule-service.ts';
import { createBarcodeService } from './barcode-service.ts';
import { createProductService } from './product-service.ts';
import { createRegisterService } from './register-service.ts';
import { createSearchService } from './search-service.ts';
import { createStorePriceService } from './store-price-service.ts';
import { createTaxonomyService } from './taxonomy-service.ts';
import { createVariantService } from './variant-service.ts';

/** Every catalog use case, as one service for routes and resolvers. */
export function createCatalogService(db: Database) {
  return {
    ...createTaxonomyService(db),
    ...createProductService(db),
    ...createVariantService(db),
    ...createBarcodeService(db),
    ...createStorePriceService(db),
    ...createSearchService(db),
    ...createRegisterService(db),
    ...createBarcodeRuleService(db),
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
