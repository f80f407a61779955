import { type Static, Type } from 'typebox';
import { Closed, Nullable, Timestamp, Uuid } from '../../http/schemas.ts';

// Tax rates: one jurisdiction's percentage each (state, city, GST, PST...). Tax categories list
// which rates they charge (category-rate-*.ts); sales copy the rates they charged onto their lines.

export const RatePpm = Type.Integer({
  minimum: 0,
  maximum: 1_000_000,
  description: 'Parts per million of the taxable amount: 88750 = 8.875 %, 1000000 = 100 %',
});

export const TaxRate = Closed({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  ratePpm: Type.Integer(),
  compound: Type.Boolean(),
  archivedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type TaxRateView = Static<typeof TaxRate>;

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Compound = Type.Boolean({
  description:
    'Charged on the net plus the rates listed before it in a category (e.g. a provincial tax ' +
    'levied on top of a federal one); otherwise charged on the net alone',
});

export const CreateTaxRateBody = Closed({
  code: Type.String({
    pattern: '^[A-Z0-9_-]{1,32}$',
    description: 'Short unique code that never changes, e.g. TX-STATE, GST',
  }),
  name: Name,
  ratePpm: RatePpm,
  compound: Type.Optional(Compound),
});
export type CreateTaxRateInput = Static<typeof CreateTaxRateBody>;

export const UpdateTaxRateBody = Type.Object(
  { name: Type.Optional(Name), ratePpm: Type.Optional(RatePpm), compound: Type.Optional(Compound) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateTaxRateInput = Static<typeof UpdateTaxRateBody>;

export const TaxRateQuery = Closed({
  includeArchived: Type.Optional(Type.Boolean({ default: false })),
});
