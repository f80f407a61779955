// The retailer's shelf: a few items at prices that exercise rounding (x.99, x.25, x.50), a weighed
// item and the scale labels that carry a price or a weight inside the barcode.
import { composeEmbeddedBarcode, withCheckDigit } from '@tillpoint/domain';

export interface ShelfItem {
  readonly name: string;
  readonly sku: string;
  readonly priceMinor: number;
  readonly unit: 'each' | 'weight';
  /** EAN-13 of the pack; null for items sold by PLU or scale label. */
  readonly barcode: string | null;
  readonly plu: string | null;
  /** Units on the shelf (kilograms for a weighed item). */
  readonly stock: number;
}

// GS1 company prefix 0614141 is the one GS1's own examples use; the item references are ours.
const ean = (itemReference: string) => withCheckDigit(`0614141${itemReference}`);

export const SHELF: readonly ShelfItem[] = [
  {
    name: 'Sparkling Water 500 ml',
    sku: 'WATER-500',
    priceMinor: 199,
    unit: 'each',
    barcode: ean('00001'),
    plu: null,
    stock: 200,
  },
  {
    name: 'Trail Mix 200 g',
    sku: 'TRAIL-200',
    priceMinor: 425,
    unit: 'each',
    barcode: ean('00002'),
    plu: null,
    stock: 200,
  },
  {
    name: 'Notebook A5',
    sku: 'NOTE-A5',
    priceMinor: 1250,
    unit: 'each',
    barcode: ean('00003'),
    plu: null,
    stock: 200,
  },
  {
    name: 'Mint Gum',
    sku: 'GUM-MINT',
    priceMinor: 99,
    unit: 'each',
    barcode: ean('00004'),
    plu: null,
    stock: 200,
  },
  {
    name: 'Espresso Beans 1 kg',
    sku: 'BEANS-1KG',
    priceMinor: 1735,
    unit: 'each',
    barcode: ean('00005'),
    plu: null,
    stock: 200,
  },
  {
    name: 'Bananas',
    sku: 'BANANA-KG',
    priceMinor: 149,
    unit: 'weight',
    barcode: null,
    plu: '4011',
    stock: 500,
  },
  {
    name: 'Deli Cheddar',
    sku: 'DELI-CHEDDAR',
    priceMinor: 1299,
    unit: 'each',
    barcode: null,
    plu: '201',
    stock: 200,
  },
];

/** EAN-13 scale labels: "20" + PLU + price in cents, "21" + PLU + grams. */
export const PRICE_RULE = {
  name: 'Deli price labels',
  prefix: '20',
  itemCodeLength: 5,
  valueLength: 5,
  valueKind: 'price',
} as const;
export const WEIGHT_RULE = {
  name: 'Scale weight labels',
  prefix: '21',
  itemCodeLength: 5,
  valueLength: 5,
  valueKind: 'weight',
} as const;

export const LABELS = [
  {
    productName: 'Deli Cheddar',
    barcode: composeEmbeddedBarcode(PRICE_RULE, '201', 349),
    valueKind: 'price',
    value: 349,
  },
  {
    productName: 'Bananas',
    barcode: composeEmbeddedBarcode(WEIGHT_RULE, '4011', 1250),
    valueKind: 'weight',
    value: 1250,
  },
] as const;
