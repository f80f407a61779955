import { withCheckDigit } from '@tillpoint/domain';

// What the demo store sells: a small general store in New York City, prices in US cents.
// Weighed items are priced per kilogram and stocked in kilograms (the catalog's unit).

export interface DemoVariant {
  readonly sku: string;
  readonly optionValues?: readonly string[];
  /** The store's own item number: the middle of its in-store EAN-13 (see inStoreEan13). */
  readonly itemNumber: number;
  readonly priceMinor: number;
  readonly costMinor: number;
  /** The produce code cashiers key (and scales print) for weighed items. */
  readonly plu?: string;
  /** Opening stock received at the store; absent for items that do not track stock. */
  readonly openingStock?: number;
}

export interface DemoProduct {
  readonly name: string;
  readonly description: string;
  /** Groceries NYC does not tax (coffee beans, fruit, honey); everything else is taxed. */
  readonly taxExemptFood?: boolean;
  readonly unit?: 'each' | 'weight';
  readonly trackStock?: boolean;
  readonly optionNames?: readonly string[];
  readonly variants: readonly DemoVariant[];
}

/**
 * GS1 keeps prefixes 200-299 for numbers a store assigns itself, so these codes can never be a
 * real manufacturer's product. Prefix 200, a 9-digit item number, the GS1 check digit.
 */
export function inStoreEan13(itemNumber: number): string {
  if (!Number.isInteger(itemNumber) || itemNumber < 0 || itemNumber > 999_999_999)
    throw new RangeError(`item number ${itemNumber} does not fit 9 digits`);
  return withCheckDigit(`200${String(itemNumber).padStart(9, '0')}`);
}

const one = (
  sku: string,
  itemNumber: number,
  priceMinor: number,
  costMinor: number,
  openingStock?: number,
): readonly DemoVariant[] => [
  {
    sku,
    itemNumber,
    priceMinor,
    costMinor,
    ...(openingStock === undefined ? {} : { openingStock }),
  },
];

export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  {
    name: 'House Blend Coffee Beans, 12 oz',
    description: 'Medium roast, whole bean, roasted in Brooklyn.',
    taxExemptFood: true,
    variants: one('COF-HOUSE-12', 1001, 1499, 700, 40),
  },
  {
    name: 'Ethiopia Yirgacheffe Coffee Beans, 12 oz',
    description: 'Light roast single origin, whole bean.',
    taxExemptFood: true,
    variants: one('COF-ETH-12', 1002, 1899, 950, 24),
  },
  {
    name: 'Stoneware Mug, 12 oz',
    description: 'Speckled glaze, dishwasher safe.',
    variants: one('MUG-STONE', 1003, 1800, 650, 30),
  },
  {
    name: 'Dot-Grid Notebook, A5',
    description: '120 pages, lay-flat binding.',
    variants: one('NB-A5-DOT', 1004, 1250, 450, 50),
  },
  {
    name: 'Gel Pen, Black 0.7 mm',
    description: 'Quick-drying ink.',
    variants: one('PEN-GEL-BLK', 1005, 299, 80, 60),
  },
  {
    name: 'Canvas Tote Bag',
    description: 'Natural cotton canvas with the Harbor Street anchor.',
    variants: one('TOTE-CANVAS', 1006, 2200, 800, 25),
  },
  {
    name: 'Soy Candle, Cedar & Sage, 8 oz',
    description: 'Hand-poured, about 45 hours burn time.',
    variants: one('CNDL-CEDAR-8', 1007, 2400, 900, 20),
  },
  {
    name: 'Harbor Street T-Shirt',
    description: 'Organic cotton crew neck.',
    optionNames: ['Size'],
    variants: [
      {
        sku: 'TEE-HS-S',
        optionValues: ['S'],
        itemNumber: 1101,
        priceMinor: 2800,
        costMinor: 1000,
        openingStock: 20,
      },
      {
        sku: 'TEE-HS-M',
        optionValues: ['M'],
        itemNumber: 1102,
        priceMinor: 2800,
        costMinor: 1000,
        openingStock: 30,
      },
      {
        sku: 'TEE-HS-L',
        optionValues: ['L'],
        itemNumber: 1103,
        priceMinor: 2800,
        costMinor: 1000,
        openingStock: 25,
      },
    ],
  },
  {
    name: 'Dark Chocolate Bar 72%, 3.5 oz',
    description: 'Single-origin cacao.',
    variants: one('CHOC-DARK-72', 1008, 499, 200, 48),
  },
  {
    name: 'Sparkling Water, Lime, 12 oz can',
    description: 'Carbonated, unsweetened.',
    variants: one('SPRK-LIME-12', 1009, 249, 90, 60),
  },
  {
    name: 'Local Wildflower Honey, 12 oz',
    description: 'Raw honey from the Hudson Valley.',
    taxExemptFood: true,
    variants: one('HONEY-WILD-12', 1010, 1200, 600, 24),
  },
  {
    name: 'Beeswax Lip Balm',
    description: 'Unscented.',
    variants: one('BALM-BEES', 1011, 450, 150, 36),
  },
  {
    name: 'Enamel Pin, Anchor',
    description: 'Hard enamel, gold plated.',
    variants: one('PIN-ANCHOR', 1012, 1000, 300, 30),
  },
  {
    name: 'Postcard, Harbor at Dusk',
    description: 'Printed on recycled card.',
    variants: one('CARD-POST-DUSK', 1013, 200, 50, 60),
  },
  {
    name: 'Gift Wrap',
    description: 'Wrapping service at the counter: a service, so no stock is kept.',
    trackStock: false,
    variants: one('SVC-GIFTWRAP', 1014, 500, 100),
  },
  {
    name: 'Bananas',
    description: 'Sold by weight; priced per kg (USD 0.69/lb).',
    taxExemptFood: true,
    unit: 'weight',
    variants: [
      {
        sku: 'PROD-BANANA',
        plu: '4011',
        itemNumber: 1015,
        priceMinor: 152,
        costMinor: 70,
        openingStock: 40,
      },
    ],
  },
];

/** SKUs the start-up message offers to scan first: a range of prices, tax and variants. */
export const EXAMPLE_SKUS = ['COF-HOUSE-12', 'TEE-HS-M', 'CHOC-DARK-72', 'SVC-GIFTWRAP'] as const;
