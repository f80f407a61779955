import { type Static, Type } from 'typebox';
import { Closed, Nullable, Uuid } from '../../http/schemas.ts';

// Everything a register needs to price offline with the shared money engine (priceSale): the
// tenant's pricing terms and, per tax category, the rates charged in this store in order.

const TaxTableRate = Closed({
  id: Uuid,
  ratePpm: Type.Integer(),
  compound: Type.Boolean(),
});

const TaxTableCategory = Closed({
  id: Uuid,
  code: Type.String(),
  rates: Type.Array(TaxTableRate, {
    description: 'In charging order; empty: products of this category are not taxed here',
  }),
});

export const TaxTable = Closed({
  taxMode: Type.Enum(['exclusive', 'inclusive']),
  taxRounding: Type.Enum(['line', 'document']),
  roundingMode: Type.Enum(['half_up', 'half_even']),
  currency: Type.String(),
  cashIncrementMinor: Type.Integer({ description: 'Cash totals round to this many minor units' }),
  defaultTaxCategoryId: Nullable(
    Type.String({
      format: 'uuid',
      description: 'Taxes products without a tax category; null: such products are untaxed',
    }),
  ),
  categories: Type.Array(TaxTableCategory),
});
export type TaxTableView = Static<typeof TaxTable>;

export const StoreParams = Closed({ storeId: Uuid });
