import { barcodeLookupKey } from '@tillpoint/domain';

// The server stores every barcode under barcodeLookupKey (GTIN-14 for any valid GTIN), so UPC-A
// 012345678905 and EAN-13 0012345678905 are one code. The cache indexes each code both as the
// server gives it and under that key, and a scan is looked up the same two ways.

function distinct(values: readonly string[]): string[] {
  return [...new Set(values.filter((value) => value !== ''))];
}

/** The index entries of a variant's barcodes. */
export function barcodeKeys(codes: readonly string[]): string[] {
  return distinct(codes.flatMap((code) => [code.trim(), barcodeLookupKey(code)]));
}

/** The keys to try for a scanned code, the server's key first. */
export function scanKeys(scanned: string): string[] {
  return distinct([barcodeLookupKey(scanned), scanned.trim()]);
}
