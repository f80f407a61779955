// A UUID does not fit a receipt as a Code 128 barcode of its 36 characters (about 900 printer
// dots wide). As one unsigned 128-bit number written in 40 decimal digits it is Code 128 set C,
// two digits per symbol: 20 symbols, about 510 dots, which fits 80 mm paper. Linear scanners at
// the register read those digits; this pair of functions turns them back into the document id.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DIGITS = 40;

/** The 40-digit form of a UUID document id, or null when the id is not a UUID. */
export function documentIdToDigits(documentId: string): string | null {
  if (!UUID.test(documentId)) return null;
  const value = BigInt(`0x${documentId.replace(/-/g, '')}`);
  return value.toString(10).padStart(DIGITS, '0');
}

/** The document id (lower-case UUID) a scanned 40-digit code stands for, or null. */
export function documentIdFromDigits(digits: string): string | null {
  if (!/^[0-9]{40}$/.test(digits)) return null;
  const value = BigInt(digits);
  if (value >= 1n << 128n) return null;
  const hex = value.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
