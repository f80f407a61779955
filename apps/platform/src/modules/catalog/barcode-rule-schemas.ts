import { type Static, Type } from 'typebox';
import { Closed, Timestamp, Uuid } from '../../http/schemas.ts';

// A tenant's layouts of price- and weight-embedded barcodes (what its scales print).

export const BarcodeRule = Closed({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String(),
  itemCodeLength: Type.Integer(),
  valueLength: Type.Integer(),
  valueKind: Type.Enum(['price', 'weight']),
  barcodeLength: Type.Integer(),
  createdAt: Timestamp,
});
export type BarcodeRuleView = Static<typeof BarcodeRule>;

export const CreateBarcodeRuleBody = Closed(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    prefix: Type.String({ pattern: '^[0-9]{1,3}$', description: 'e.g. "2" or "20".."29"' }),
    itemCodeLength: Type.Integer({ minimum: 1, maximum: 6 }),
    valueLength: Type.Integer({ minimum: 3, maximum: 6 }),
    valueKind: Type.Enum(['price', 'weight'], {
      description: 'price: minor units; weight: grams',
    }),
  },
  'prefix + item code + value + check digit must be 12 (UPC-A) or 13 (EAN-13) digits',
);
export type CreateBarcodeRuleInput = Static<typeof CreateBarcodeRuleBody>;
