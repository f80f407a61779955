// A realistic, deterministic retail catalog for benchmarks: apparel, footwear, accessories and
// homeware from ~50 brands (a few big, a long tail), names built from descriptor + material +
// type (+ colour), four variants per product (sizes or colours), SKUs unique per tenant and
// valid EAN-13 barcodes under per-brand GS1 company prefixes.
import { randomBytes } from 'node:crypto';
import { type AttributeValue, normalizeBarcode, withCheckDigit } from '@tillpoint/domain';

export type Random = () => number;

/** mulberry32: small, fast, good enough to make the same catalog every run. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

type Weighted<T> = readonly (readonly [T, number])[];

function pickWeighted<T>(random: Random, items: Weighted<T>): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let left = random() * total;
  for (const [value, weight] of items) {
    left -= weight;
    if (left < 0) return value;
  }
  const last = items.at(-1);
  if (!last) throw new Error('pick from an empty list');
  return last[0];
}

/** UUIDv7 (time-ordered), like the ids the platform generates for rows it creates. */
export function uuidV7(): string {
  const bytes = randomBytes(16);
  const now = Date.now();
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---- vocabulary ---------------------------------------------------------------------------

/** [name, SKU code]; earlier brands are bigger (Zipf-like weights). */
const BRANDS: readonly (readonly [string, string])[] = [
  ['Northwind', 'NWD'],
  ['Harbor & Pine', 'HPN'],
  ['Fjell', 'FJL'],
  ['Old Mill', 'OML'],
  ['Coastline', 'CST'],
  ['Birch Lane', 'BRL'],
  ['Saltmarsh', 'SLT'],
  ['Kestrel', 'KST'],
  ['Ironbark', 'IRB'],
  ['Redwood Supply', 'RWS'],
  ['Alder & Ash', 'ALA'],
  ['Blue Heron', 'BLH'],
  ['Cedar Row', 'CDR'],
  ['Driftwood', 'DRW'],
  ['Everpeak', 'EVP'],
  ['Foxglove', 'FXG'],
  ['Granite Co', 'GRC'],
  ['Highland Loom', 'HLL'],
  ['Juniper', 'JNP'],
  ['Larkspur', 'LRK'],
  ['Meadowbrook', 'MDB'],
  ['Nordlys', 'NDL'],
  ['Oakhurst', 'OKH'],
  ['Pebble Bay', 'PBB'],
  ['Quarry Works', 'QRW'],
  ['Riverstone', 'RVS'],
  ['Sable & Co', 'SBL'],
  ['Thistle', 'THS'],
  ['Westerly', 'WST'],
  ['Yarrow', 'YRW'],
  ['Zephyr', 'ZPH'],
  ['Atlas Workwear', 'ATW'],
  ['Bramble', 'BRM'],
  ['Copper Kettle', 'CPK'],
  ['Dune', 'DUN'],
  ['Ember', 'EMB'],
  ['Fernwood', 'FRN'],
  ['Gullwing', 'GLW'],
  ['Hollow Oak', 'HLO'],
  ['Islay', 'ISL'],
  ['Kinfolk Goods', 'KFG'],
  ['Lowtide', 'LWT'],
  ['Marlowe', 'MRL'],
  ['Norrland', 'NRL'],
  ['Orchard House', 'ORH'],
  ['Puffin', 'PFN'],
];
const BRAND_WEIGHTS: Weighted<number> = BRANDS.map((_, index) => [index, 1 / (index + 1) ** 0.9]);

// GS1 member-organisation prefixes (real country ranges, never the in-store 20-29 range).
const GS1_COUNTRIES = ['50', '40', '41', '87', '76', '54', '80', '84', '73', '57', '64', '70'];

/** A brand's 7-digit GS1 company prefix: country + 5-digit company number. */
function companyPrefix(brand: number): string {
  const country = GS1_COUNTRIES[brand % GS1_COUNTRIES.length] ?? '50';
  return `${country}${String(10_000 + ((brand * 3571) % 89_000)).padStart(5, '0')}`;
}

export const COLOURS: readonly (readonly [string, string])[] = [
  ['Black', 'BLK'],
  ['White', 'WHT'],
  ['Navy', 'NVY'],
  ['Charcoal', 'CHR'],
  ['Heather Grey', 'HGR'],
  ['Olive', 'OLV'],
  ['Rust', 'RST'],
  ['Sand', 'SND'],
  ['Forest Green', 'FGR'],
  ['Burgundy', 'BRG'],
  ['Sky Blue', 'SKY'],
  ['Cream', 'CRM'],
  ['Mustard', 'MST'],
  ['Stone', 'STN'],
  ['Indigo', 'IND'],
  ['Oatmeal', 'OAT'],
  ['Terracotta', 'TRC'],
  ['Sage', 'SGE'],
  ['Ecru', 'ECR'],
  ['Camel', 'CML'],
  ['Chocolate', 'CHC'],
  ['Petrol', 'PTR'],
  ['Plum', 'PLM'],
  ['Slate', 'SLA'],
];

export type CategoryKey =
  | 'apparel'
  | 'tops'
  | 'knitwear'
  | 'outerwear'
  | 'bottoms'
  | 'footwear'
  | 'accessories'
  | 'home';
type LeafKey = Exclude<CategoryKey, 'apparel'>;
type OptionScheme = 'size' | 'waist' | 'eu-size' | 'colour';

interface ProductType {
  readonly name: string;
  readonly code: string;
  /** Price range in minor units. */
  readonly price: readonly [number, number];
  /** Overrides the family's materials (a mug is not made of linen). */
  readonly materials?: Weighted<string>;
}

interface Family {
  readonly category: LeafKey;
  readonly weight: number;
  readonly types: readonly ProductType[];
  readonly materials: Weighted<string>;
  readonly descriptors: readonly string[];
  readonly options: OptionScheme;
  readonly colourInName: boolean;
  readonly care: string;
}

const type = (
  name: string,
  code: string,
  low: number,
  high: number,
  materials?: Weighted<string>,
): ProductType =>
  materials ? { name, code, price: [low, high], materials } : { name, code, price: [low, high] };

const FAMILIES: readonly Family[] = [
  {
    category: 'tops',
    weight: 26,
    types: [
      type('T-Shirt', 'TEE', 1500, 3500),
      type('Crew Tee', 'CRW', 1500, 3500),
      type('V-Neck Tee', 'VNK', 1500, 3500),
      type('Polo Shirt', 'POL', 2900, 5900),
      type('Oxford Shirt', 'OXF', 3900, 7900),
      type('Flannel Shirt', 'FLN', 3900, 6900),
      type('Henley', 'HNL', 2900, 4900),
      type('Tank Top', 'TNK', 1200, 2900),
      type('Long Sleeve Tee', 'LST', 1900, 3900),
      type('Overshirt', 'OVS', 4900, 8900),
      type('Hoodie', 'HOD', 3900, 7900),
      type('Sweatshirt', 'SWS', 3500, 6900),
    ],
    materials: [
      ['Cotton', 30],
      ['Organic Cotton', 20],
      ['Pima Cotton', 6],
      ['Linen', 10],
      ['Bamboo', 5],
      ['Hemp', 3],
      ['Jersey', 8],
      ['Slub Cotton', 4],
      ['Tencel', 3],
      ['Recycled Cotton', 5],
    ],
    descriptors: [
      'Classic',
      'Slim',
      'Relaxed',
      'Oversized',
      'Heavyweight',
      'Lightweight',
      'Essential',
      'Everyday',
      'Vintage',
      'Boxy',
      'Garment-Dyed',
      'Pocket',
    ],
    options: 'size',
    colourInName: true,
    care: 'Machine wash at 30°C, dry flat.',
  },
  {
    category: 'knitwear',
    weight: 14,
    types: [
      type('Sweater', 'SWT', 4900, 12900),
      type('Cardigan', 'CRD', 5900, 13900),
      type('Jumper', 'JMP', 4900, 11900),
      type('Turtleneck', 'TRT', 5900, 12900),
      type('Quarter-Zip', 'QZP', 5900, 11900),
      type('Knit Vest', 'KVS', 3900, 7900),
      type('Fisherman Sweater', 'FSW', 7900, 15900),
    ],
    materials: [
      ['Merino Wool', 25],
      ['Lambswool', 15],
      ['Cashmere', 8],
      ['Alpaca', 2],
      ['Cotton', 15],
      ['Wool Blend', 15],
      ['Mohair', 1],
      ['Shetland Wool', 5],
      ['Organic Cotton', 5],
    ],
    descriptors: [
      'Chunky',
      'Fine-Knit',
      'Cable-Knit',
      'Ribbed',
      'Classic',
      'Relaxed',
      'Slim',
      'Oversized',
      'Textured',
    ],
    options: 'size',
    colourInName: true,
    care: 'Hand wash cold, dry flat.',
  },
  {
    category: 'outerwear',
    weight: 10,
    types: [
      type('Rain Jacket', 'RNJ', 7900, 19900),
      type('Parka', 'PRK', 14900, 34900),
      type('Puffer Jacket', 'PUF', 9900, 24900),
      type('Fleece Jacket', 'FLC', 4900, 9900),
      type('Gilet', 'GIL', 5900, 12900),
      type('Overcoat', 'OVC', 14900, 39900),
      type('Windbreaker', 'WND', 5900, 12900),
      type('Chore Jacket', 'CHJ', 6900, 14900),
      type('Trucker Jacket', 'TRK', 6900, 14900),
    ],
    materials: [
      ['Recycled Nylon', 15],
      ['Recycled Polyester', 15],
      ['Wool', 10],
      ['Waxed Cotton', 8],
      ['Down', 8],
      ['Fleece', 12],
      ['Softshell', 8],
      ['Cotton Canvas', 8],
      ['Denim', 6],
      ['Tweed', 1],
    ],
    descriptors: [
      'Waterproof',
      'Insulated',
      'Packable',
      'Hooded',
      'Lightweight',
      'Quilted',
      'Classic',
      'Relaxed',
      'Technical',
      'Storm',
    ],
    options: 'size',
    colourInName: true,
    care: 'Machine wash at 30°C, do not tumble dry.',
  },
  {
    category: 'bottoms',
    weight: 12,
    types: [
      type('Chinos', 'CHN', 3900, 8900),
      type('Jeans', 'JNS', 4900, 12900),
      type('Joggers', 'JOG', 2900, 6900),
      type('Shorts', 'SHO', 2500, 5900),
      type('Cargo Trousers', 'CRG', 4900, 8900),
      type('Leggings', 'LEG', 2500, 5500),
      type('Pleated Trousers', 'PLT', 5900, 11900),
      type('Carpenter Pants', 'CRP', 4900, 9900),
    ],
    materials: [
      ['Denim', 25],
      ['Stretch Denim', 12],
      ['Cotton Twill', 15],
      ['Corduroy', 8],
      ['Linen', 8],
      ['Fleece', 8],
      ['Ripstop', 6],
      ['Organic Cotton', 8],
      ['Selvedge Denim', 4],
      ['Wool', 3],
    ],
    descriptors: [
      'Slim',
      'Straight',
      'Tapered',
      'Relaxed',
      'Wide-Leg',
      'Skinny',
      'Regular',
      'Loose',
    ],
    options: 'waist',
    colourInName: true,
    care: 'Wash inside out at 30°C.',
  },
  {
    category: 'footwear',
    weight: 12,
    types: [
      type('Sneaker', 'SNK', 5900, 14900),
      type('Chelsea Boot', 'CHB', 9900, 22900),
      type('Hiking Boot', 'HKB', 11900, 24900),
      type('Loafer', 'LOF', 7900, 17900),
      type('Sandal', 'SDL', 2900, 7900),
      type('Slipper', 'SLP', 2500, 5900),
      type('Trail Runner', 'TRL', 8900, 17900),
      type('Desert Boot', 'DSB', 8900, 16900),
      type('Derby Shoe', 'DRB', 8900, 18900),
      type('Espadrille', 'ESP', 2900, 6900, [
        ['Canvas', 6],
        ['Jute', 2],
        ['Linen', 1],
      ]),
    ],
    materials: [
      ['Leather', 30],
      ['Suede', 15],
      ['Canvas', 12],
      ['Mesh', 10],
      ['Nubuck', 6],
      ['Rubber', 5],
      ['Recycled Knit', 5],
      ['Shearling', 2],
      ['Cork', 1],
    ],
    descriptors: [
      'Classic',
      'Low-Top',
      'High-Top',
      'Waterproof',
      'Lightweight',
      'Handmade',
      'Lined',
      'Minimal',
      'Chunky',
    ],
    options: 'eu-size',
    colourInName: true,
    care: 'Wipe clean; use a protector spray.',
  },
  {
    category: 'accessories',
    weight: 14,
    types: [
      type('Beanie', 'BNE', 1500, 3900, [
        ['Merino Wool', 5],
        ['Wool', 5],
        ['Cashmere', 2],
        ['Alpaca', 1],
        ['Recycled Polyester', 2],
      ]),
      type('Scarf', 'SCF', 2500, 8900, [
        ['Wool', 4],
        ['Lambswool', 3],
        ['Cashmere', 2],
        ['Merino Wool', 3],
        ['Cotton', 2],
        ['Linen', 2],
      ]),
      type('Gloves', 'GLV', 1900, 5900, [
        ['Leather', 5],
        ['Wool', 3],
        ['Merino Wool', 2],
        ['Fleece', 2],
      ]),
      type('Belt', 'BLT', 2500, 7900, [
        ['Leather', 8],
        ['Suede', 2],
        ['Canvas', 2],
        ['Webbing', 2],
      ]),
      type('Wallet', 'WLT', 2900, 8900, [
        ['Leather', 8],
        ['Recycled Nylon', 2],
        ['Canvas', 2],
      ]),
      type('Tote Bag', 'TOT', 1900, 5900, [
        ['Canvas', 6],
        ['Cotton', 3],
        ['Waxed Canvas', 2],
        ['Jute', 1],
        ['Leather', 2],
      ]),
      type('Backpack', 'BPK', 4900, 14900, [
        ['Recycled Nylon', 4],
        ['Waxed Canvas', 3],
        ['Canvas', 3],
        ['Leather', 1],
        ['Ripstop', 2],
      ]),
      type('Baseball Cap', 'CAP', 1500, 3500, [
        ['Cotton', 5],
        ['Wool', 2],
        ['Corduroy', 2],
        ['Recycled Polyester', 2],
      ]),
      type('Socks 3-Pack', 'SCK', 900, 2400, [
        ['Cotton', 5],
        ['Merino Wool', 3],
        ['Bamboo', 2],
        ['Organic Cotton', 2],
      ]),
      type('Card Holder', 'CRH', 1900, 4900, [
        ['Leather', 5],
        ['Suede', 1],
      ]),
    ],
    materials: [['Cotton', 1]],
    descriptors: [
      'Ribbed',
      'Chunky',
      'Classic',
      'Slim',
      'Everyday',
      'Travel',
      'Reversible',
      'Minimal',
      'Heritage',
    ],
    options: 'colour',
    colourInName: false,
    care: 'Spot clean only.',
  },
  {
    category: 'home',
    weight: 12,
    types: [
      type('Throw Blanket', 'THR', 3900, 12900, [
        ['Wool', 4],
        ['Merino Wool', 2],
        ['Cotton', 3],
        ['Alpaca', 1],
        ['Recycled Wool', 2],
        ['Cashmere', 1],
      ]),
      type('Cushion Cover', 'CSH', 1500, 3900, [
        ['Linen', 4],
        ['Cotton', 3],
        ['Velvet', 2],
        ['Wool', 1],
        ['Jute', 1],
      ]),
      type('Bath Towel', 'BTW', 1500, 3500, [
        ['Cotton', 4],
        ['Organic Cotton', 3],
        ['Waffle Cotton', 2],
        ['Bamboo', 1],
        ['Turkish Cotton', 2],
      ]),
      type('Tea Towel', 'TTW', 600, 1500, [
        ['Linen', 4],
        ['Cotton', 3],
        ['Waffle Cotton', 1],
      ]),
      type('Duvet Cover', 'DVT', 5900, 14900, [
        ['Linen', 3],
        ['Cotton Percale', 3],
        ['Cotton Sateen', 2],
        ['Organic Cotton', 2],
      ]),
      type('Mug', 'MUG', 800, 2400, [
        ['Stoneware', 4],
        ['Ceramic', 3],
        ['Porcelain', 2],
        ['Enamel', 1],
      ]),
      type('Scented Candle', 'CND', 1200, 3900, [
        ['Soy Wax', 5],
        ['Beeswax', 2],
        ['Coconut Wax', 2],
      ]),
      type('Table Runner', 'TBR', 1900, 4900, [
        ['Linen', 4],
        ['Jute', 2],
        ['Cotton', 2],
      ]),
      type('Serving Bowl', 'BWL', 1900, 5900, [
        ['Stoneware', 4],
        ['Ceramic', 3],
        ['Olive Wood', 2],
        ['Porcelain', 1],
      ]),
      type('Plant Pot', 'PPT', 1200, 4900, [
        ['Terracotta', 4],
        ['Ceramic', 3],
        ['Concrete', 1],
      ]),
    ],
    materials: [['Cotton', 1]],
    descriptors: [
      'Handmade',
      'Stonewashed',
      'Classic',
      'Speckled',
      'Striped',
      'Herringbone',
      'Minimal',
      'Rustic',
      'Scandi',
    ],
    options: 'colour',
    colourInName: false,
    care: 'See label for care.',
  },
];

const SIZE_RUNS: Weighted<readonly string[]> = [
  [['XS', 'S', 'M', 'L'], 2],
  [['S', 'M', 'L', 'XL'], 5],
  [['M', 'L', 'XL', 'XXL'], 2],
];
const WAIST_RUNS: Weighted<readonly string[]> = [
  [['28', '30', '32', '34'], 2],
  [['30', '32', '34', '36'], 5],
  [['32', '34', '36', '38'], 2],
];

function materialsOf(family: Family): string[] {
  const all = new Set<string>();
  for (const productType of family.types)
    for (const [material] of productType.materials ?? family.materials) all.add(material);
  return [...all];
}

// ---- categories as the API creates them -----------------------------------------------------

export interface AttributeDefinitionPlan {
  readonly key: string;
  readonly label: string;
  readonly type: 'text' | 'number' | 'boolean' | 'enum';
  readonly options?: string[];
  readonly required: boolean;
}

export interface CategoryPlan {
  readonly key: CategoryKey;
  readonly name: string;
  readonly parent: CategoryKey | null;
  readonly attributeDefinitions: AttributeDefinitionPlan[];
}

const materialDefinition = (family: Family | undefined): AttributeDefinitionPlan => ({
  key: 'material',
  label: 'Material',
  type: 'enum',
  options: family ? materialsOf(family).map((material) => material.toLowerCase()) : [],
  required: true,
});

const familyOf = (key: LeafKey) => FAMILIES.find((family) => family.category === key);

/** Parents first. Apparel carries "organic"; each leaf its own material list. */
export const CATEGORY_PLANS: readonly CategoryPlan[] = [
  {
    key: 'apparel',
    name: 'Apparel',
    parent: null,
    attributeDefinitions: [
      { key: 'organic', label: 'Organic fibre', type: 'boolean', required: false },
    ],
  },
  {
    key: 'tops',
    name: 'Tops',
    parent: 'apparel',
    attributeDefinitions: [materialDefinition(familyOf('tops'))],
  },
  {
    key: 'knitwear',
    name: 'Knitwear',
    parent: 'apparel',
    attributeDefinitions: [materialDefinition(familyOf('knitwear'))],
  },
  {
    key: 'outerwear',
    name: 'Outerwear',
    parent: 'apparel',
    attributeDefinitions: [materialDefinition(familyOf('outerwear'))],
  },
  {
    key: 'bottoms',
    name: 'Bottoms',
    parent: 'apparel',
    attributeDefinitions: [materialDefinition(familyOf('bottoms'))],
  },
  {
    key: 'footwear',
    name: 'Footwear',
    parent: null,
    attributeDefinitions: [
      materialDefinition(familyOf('footwear')),
      { key: 'waterproof', label: 'Waterproof', type: 'boolean', required: false },
    ],
  },
  {
    key: 'accessories',
    name: 'Accessories',
    parent: null,
    attributeDefinitions: [materialDefinition(familyOf('accessories'))],
  },
  {
    key: 'home',
    name: 'Home',
    parent: null,
    attributeDefinitions: [materialDefinition(familyOf('home'))],
  },
];

export const TAX_CATEGORY_PLANS = [
  { key: 'standard', name: 'Standard rate', code: 'STANDARD' },
  { key: 'reduced', name: 'Reduced rate', code: 'REDUCED' },
] as const;
export type TaxKey = (typeof TAX_CATEGORY_PLANS)[number]['key'];

// ---- products ------------------------------------------------------------------------------

export interface GeneratedBarcode {
  readonly code: string;
  readonly kind: 'ean13' | 'upca' | 'ean8' | 'internal';
  readonly lookupKey: string;
}

export interface GeneratedVariant {
  /** Generated here for SQL-loaded rows; replaced by the server's id for API-created ones. */
  id: string;
  readonly sku: string;
  readonly optionValues: readonly string[];
  readonly priceMinor: number;
  readonly costMinor: number | null;
  readonly position: number;
  readonly archived: boolean;
  readonly barcodes: readonly GeneratedBarcode[];
}

export interface GeneratedProduct {
  id: string;
  readonly name: string;
  readonly description: string;
  readonly category: LeafKey;
  readonly tax: TaxKey | null;
  readonly unit: 'each';
  readonly trackStock: boolean;
  readonly optionNames: readonly string[];
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly archived: boolean;
  readonly variants: GeneratedVariant[];
}

export interface CatalogOptions {
  readonly seed: number;
  readonly products: number;
  /** Added to every brand's GS1 item reference: 0 makes barcodes another catalog also uses. */
  readonly itemReferenceOffset: (brand: number) => number;
}

function price(random: Random, [low, high]: readonly [number, number]): number {
  // Shelf prices: whole units ending in .99 or .95.
  const units = Math.round((low + random() * (high - low)) / 100);
  return units * 100 - (random() < 0.8 ? 1 : 5);
}

function optionPlan(
  random: Random,
  scheme: OptionScheme,
): { names: string[]; values: string[][]; codes: string[] } {
  switch (scheme) {
    case 'size': {
      const run = pickWeighted(random, SIZE_RUNS);
      return { names: ['Size'], values: run.map((size) => [size]), codes: [...run] };
    }
    case 'waist': {
      const run = pickWeighted(random, WAIST_RUNS);
      return {
        names: ['Waist'],
        values: run.map((size) => [size]),
        codes: run.map((w) => `W${w}`),
      };
    }
    case 'eu-size': {
      const start = 36 + Math.floor(random() * 7);
      const run = [start, start + 1, start + 2, start + 3].map(String);
      return { names: ['EU Size'], values: run.map((size) => [size]), codes: run };
    }
    case 'colour': {
      const chosen = new Set<number>();
      while (chosen.size < 4) chosen.add(Math.floor(random() * COLOURS.length));
      const colours = [...chosen].map((index) => COLOURS[index] ?? ['Black', 'BLK']);
      return {
        names: ['Colour'],
        values: colours.map(([name]) => [name]),
        codes: colours.map(([, code]) => code),
      };
    }
  }
}

/** Products with four variants each, deterministic for a seed (ids excepted). */
export function generateCatalog(options: CatalogOptions): GeneratedProduct[] {
  const random = seededRandom(options.seed);
  const familyWeights: Weighted<Family> = FAMILIES.map((family) => [family, family.weight]);
  const nextItem = new Map<number, number>();
  const products: GeneratedProduct[] = [];
  for (let number = 1; number <= options.products; number++) {
    const family = pickWeighted(random, familyWeights);
    const productType = pick(random, family.types);
    const material = pickWeighted(random, productType.materials ?? family.materials);
    const brandIndex = pickWeighted(random, BRAND_WEIGHTS);
    const [brand, brandCode] = BRANDS[brandIndex] ?? ['Northwind', 'NWD'];
    const descriptor = random() < 0.75 ? pick(random, family.descriptors) : null;
    const colour = family.colourInName ? pick(random, COLOURS)[0] : null;
    const name = [brand, descriptor, material, productType.name].filter(Boolean).join(' ');
    const fullName = colour ? `${name} - ${colour}` : name;
    const plan = optionPlan(random, family.options);
    const basePrice = price(random, productType.price);
    const archived = random() < 0.02;
    const variants: GeneratedVariant[] = plan.values.map((values, position) => {
      const item = (nextItem.get(brandIndex) ?? 0) + 1;
      nextItem.set(brandIndex, item);
      const reference = options.itemReferenceOffset(brandIndex) + item;
      if (reference > 99_999) throw new Error(`brand ${brand} ran out of GS1 item references`);
      const ean13 = withCheckDigit(
        `${companyPrefix(brandIndex)}${String(reference).padStart(5, '0')}`,
      );
      const barcode = normalizeBarcode({ code: ean13 });
      const upcharge = values[0] === 'XXL' ? 300 : 0;
      const priceMinor = basePrice + upcharge;
      return {
        id: uuidV7(),
        sku: `${brandCode}-${productType.code}-${String(number).padStart(6, '0')}-${plan.codes[position] ?? position}`,
        optionValues: values,
        priceMinor,
        costMinor: random() < 0.9 ? Math.round(priceMinor * (0.35 + random() * 0.2)) : null,
        position,
        archived: !archived && random() < 0.01,
        barcodes: [barcode],
      };
    });
    const attributes: Record<string, AttributeValue> = { material: material.toLowerCase() };
    if (['tops', 'knitwear', 'outerwear', 'bottoms'].includes(family.category) && random() < 0.6)
      attributes.organic = /organic/i.test(material);
    if (family.category === 'footwear' && random() < 0.5)
      attributes.waterproof = descriptor === 'Waterproof' || productType.name === 'Hiking Boot';
    const lead = descriptor ? `${descriptor} ${material.toLowerCase()}` : material;
    products.push({
      id: uuidV7(),
      name: fullName,
      description:
        random() < 0.85
          ? `${lead} ${productType.name.toLowerCase()} by ${brand}. ${family.care}`
          : '',
      category: family.category,
      tax: random() < 0.9 ? 'standard' : random() < 0.5 ? 'reduced' : null,
      unit: 'each',
      trackStock: random() < 0.97,
      optionNames: plan.names,
      attributes,
      archived,
      variants,
    });
  }
  return products;
}
