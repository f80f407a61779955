import { MAX_IMPORT_BYTES } from './import-errors.ts';

/** The catalog CSV format as the OpenAPI document states it (docs/catalog-csv.md has the rest). */
export const CSV_FORMAT_DESCRIPTION = `
UTF-8 CSV (a BOM is fine), comma-separated, RFC 4180 quoting, at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB.
One row per variant; the first row names the columns (any order, any case).

Required columns: handle, name, sku, price.
Optional columns: description, category, tax_code, unit, track_stock, option1_name, option1_value,
option2_name, option2_value, option3_name, option3_value, cost, plu, barcodes, attr:<key>.

- handle groups the rows of one product. An export writes the product's id; any other text names
  a new product within the file. Product columns may be left blank on a product's later rows;
  values they do give must match its first row.
- sku identifies the variant (case-insensitive): an existing SKU updates that variant, a new SKU
  creates one.
- price, cost: plain decimals in the business currency's minor-unit digits (12.99; 1200 for JPY),
  no symbols or thousands separators, never negative.
- barcodes: separated by spaces; EAN-13, UPC-A and EAN-8 check digits are verified.
- category: the path of names, e.g. "Clothing > Shirts". tax_code: a tax category's code.
- unit: each or weight. track_stock: true or false.
- attr:<key>: the product's value for its category's attribute <key>.
- An optional column left out keeps what existing products and variants have; a blank cell in a
  column that is there clears it (or, for unit and track_stock, sets the default).

The whole file is checked before anything is written: if any row has a problem nothing is
imported and the import lists every problem with its line and column (the first 1,000). A valid
file is imported in one transaction.
`.trim();
