import type { Receipt as ReceiptModel } from '@tillpoint/domain';
import { type Static, Type } from 'typebox';
import { Closed, Nullable } from '../../http/schemas.ts';

// The receipt model (packages/domain/src/receipt/model.ts) as an API schema: the JSON format of
// GET /sales/{id}/receipt and /refunds/{id}/receipt, which registers render offline themselves.

const Minor = Type.Integer({ description: 'Integer minor units of the currency' });

const ReceiptStore = Closed({
  name: Type.String(),
  addressLines: Type.Array(Type.String()),
  phone: Nullable(Type.String()),
  taxNumber: Nullable(Type.String()),
});

const ReceiptLine = Closed({
  description: Type.String(),
  sku: Nullable(Type.String()),
  unit: Type.Enum(['each', 'weight']),
  quantityMilli: Type.Integer({ description: 'Thousandths of the unit (0.250 kg = 250)' }),
  unitPriceMinor: Minor,
  grossMinor: { ...Minor, description: 'Unit price x quantity, before discounts' },
  discountMinor: {
    ...Minor,
    description: "The line's discount plus its share of order discounts",
  },
  amountMinor: {
    ...Minor,
    description: 'gross - discount: what the customer pays, tax included when prices include it',
  },
  discountLabel: Nullable(Type.String()),
});

const ReceiptTax = Closed({
  name: Type.String(),
  rateLabel: Type.String({ description: 'e.g. 8.25%' }),
  taxableMinor: Minor,
  taxMinor: Minor,
});

const ReceiptTender = Closed({
  kind: Type.String({
    description: 'cash, card, gift_card, store_credit, external, other, exchange',
  }),
  label: Type.String({ description: 'e.g. "Visa •••• 4242"' }),
  amountMinor: { ...Minor, description: 'What the store kept (refunds: what went back)' },
  tenderedMinor: { ...Minor, description: 'What the customer handed over' },
  reference: Nullable(Type.String()),
});

export const RECEIPT_SCHEMA_ID = 'Receipt';

export const Receipt = Type.Object(
  {
    kind: Type.Enum(['sale', 'refund']),
    documentId: Type.String({ format: 'uuid' }),
    receiptNumber: Type.String(),
    originalReceiptNumber: Nullable(Type.String()),
    currency: Type.String(),
    locale: Type.String({ description: 'BCP 47, e.g. en-US' }),
    issuedAt: Type.String({ format: 'date-time' }),
    timeZone: Type.String({ description: "The store's IANA zone to print issuedAt in" }),
    store: ReceiptStore,
    registerName: Type.String(),
    cashierName: Nullable(Type.String()),
    customerName: Nullable(Type.String()),
    lines: Type.Array(ReceiptLine),
    subtotalMinor: { ...Minor, description: "Sum of the lines' gross" },
    discountTotalMinor: Minor,
    taxIncluded: Type.Boolean(),
    taxes: Type.Array(ReceiptTax),
    totalMinor: Minor,
    tenders: Type.Array(ReceiptTender),
    changeMinor: Minor,
    cashRoundingMinor: Type.Integer({
      description: 'Positive: the customer paid (or, on refunds, got back) more than the total',
    }),
    offline: Type.Boolean(),
    headerLines: Type.Array(Type.String()),
    footerLines: Type.Array(Type.String()),
  },
  {
    $id: RECEIPT_SCHEMA_ID,
    additionalProperties: false,
    description:
      'Finished figures only, as stored: subtotal - discounts (+ taxes unless included) = total; ' +
      'tenders - cash rounding = total',
  },
);

// The schema and the model must describe the same object (arrays aside: the model's are
// readonly): a change to one breaks one of these lines.
type Writable<T> = T extends readonly (infer E)[]
  ? Writable<E>[]
  : T extends object
    ? { -readonly [K in keyof T]: Writable<T[K]> }
    : T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesModel: Same<Static<typeof Receipt>, Writable<ReceiptModel>> = true;
void schemaMatchesModel;

export const RECEIPT_FORMATS = ['json', 'text', 'html', 'escpos'] as const;
export type ReceiptFormat = (typeof RECEIPT_FORMATS)[number];
export const RECEIPT_COPIES = ['customer', 'gift', 'reprint', 'merchant'] as const;

export const ReceiptQuery = Closed({
  format: Type.Optional(
    Type.Enum(RECEIPT_FORMATS, {
      default: 'json',
      description:
        'json: the receipt model; text: plain text; html: a self-contained page (email, ' +
        "browser reprint); escpos: printer bytes from the business's printer plugin",
    }),
  ),
  copy: Type.Optional(
    Type.Enum(RECEIPT_COPIES, {
      default: 'customer',
      description:
        'For text, html and escpos. gift: no prices; reprint: marked (and audited in every ' +
        'format); merchant: the signature copy',
    }),
  ),
  columns: Type.Optional(
    Type.Union([Type.Literal(32), Type.Literal(42), Type.Literal(48)], {
      default: 42,
      description: 'Characters per line of the text format',
    }),
  ),
  openDrawer: Type.Optional(
    Type.Boolean({
      default: false,
      description: 'escpos: end with a drawer kick, when the document moved cash',
    }),
  ),
});
export type ReceiptQueryInput = Static<typeof ReceiptQuery>;
