// A synthetic catalog in the import CSV format: products in four sizes, each variant with a
// valid EAN-13, a price and a cost, a category attribute and a tax code.

const SIZES = ['S', 'M', 'L', 'XL'];

export const CATALOG_COLUMNS = [
  'handle',
  'name',
  'category',
  'tax_code',
  'option1_name',
  'option1_value',
  'sku',
  'price',
  'cost',
  'barcodes',
  'attr:material',
];

/** GS1 check digit (weights 3,1 from the right), so every barcode passes validation. */
function withCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = Number(body[body.length - 1 - i]);
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/** `variants` rows (a multiple of four), as UTF-8 CSV text with a header row. */
export function catalogCsv(variants: number): string {
  const lines = [CATALOG_COLUMNS.join(',')];
  for (let n = 0; n < variants; n++) {
    const product = Math.floor(n / SIZES.length);
    const size = SIZES[n % SIZES.length];
    lines.push(
      [
        `p${product}`,
        `Bench product ${product}`,
        'Clothing',
        'STANDARD',
        'Size',
        size,
        `BENCH-${product}-${size}`,
        `${(n % 90) + 10}.${String(n % 100).padStart(2, '0')}`,
        `${(n % 9) + 1}.50`,
        withCheckDigit(`29${String(n).padStart(10, '0')}`),
        product % 2 === 0 ? 'cotton' : 'wool',
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
