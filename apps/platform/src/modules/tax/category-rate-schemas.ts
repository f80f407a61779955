import { type Static, Type } from 'typebox';
import { Closed, Nullable, Uuid } from '../../http/schemas.ts';
import { TaxRate } from './rate-schemas.ts';

// Which rates a tax category charges: one tenant-wide set, and optionally a set per store that
// replaces it there (a store in another city or state).

export const MAX_RATES_PER_SET = 20;

export const ReplaceCategoryRatesBody = Closed({
  storeId: Type.Optional(
    Nullable(
      Type.String({
        format: 'uuid',
        description: 'The store whose own set this is; omitted or null: the tenant-wide set',
      }),
    ),
  ),
  rateIds: Type.Array(Uuid, {
    maxItems: MAX_RATES_PER_SET,
    uniqueItems: true,
    description:
      'Active rates in charging order (a compound rate is charged on the rates before it). ' +
      'Empty removes the set: for a store, the store falls back to the tenant-wide set (list a ' +
      '0 ppm rate to charge nothing there); tenant-wide, the category charges nothing.',
  }),
});
export type ReplaceCategoryRatesInput = Static<typeof ReplaceCategoryRatesBody>;

export const CategoryRates = Closed({
  tenantWide: Type.Array(TaxRate, { description: 'Charged in every store without its own set' }),
  stores: Type.Record(Type.String(), Type.Array(TaxRate), {
    description: "Store id -> that store's own set, replacing the tenant-wide one there",
  }),
});
export type CategoryRatesView = Static<typeof CategoryRates>;
