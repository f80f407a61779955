// GS1 identification numbers (EAN-8, UPC-A, EAN-13, GTIN-14) share one check-digit rule: weight
// the digits 3,1,3,1... from the right (excluding the check digit), sum, round up to ten.

const DIGITS = /^[0-9]+$/;

/** The check digit for a GS1 number given without it. */
export function gtinCheckDigit(digitsWithoutCheck: string): number {
  if (!DIGITS.test(digitsWithoutCheck)) throw new RangeError('GS1 numbers are digits only');
  let sum = 0;
  for (let i = 0; i < digitsWithoutCheck.length; i++) {
    const digit = digitsWithoutCheck.charCodeAt(digitsWithoutCheck.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

export function withCheckDigit(digitsWithoutCheck: string): string {
  return `${digitsWithoutCheck}${gtinCheckDigit(digitsWithoutCheck)}`;
}

export function hasValidCheckDigit(code: string): boolean {
  if (code.length < 2 || !DIGITS.test(code)) return false;
  return gtinCheckDigit(code.slice(0, -1)) === Number(code.at(-1));
}

export const GTIN_LENGTHS = [8, 12, 13, 14] as const;

/** Digits of a GS1 length whose check digit holds: what a scanner reads as a GTIN. */
export function isValidGtin(code: string): boolean {
  return (GTIN_LENGTHS as readonly number[]).includes(code.length) && hasValidCheckDigit(code);
}

/**
 * GS1 compares GTINs right-aligned in 14 digits: UPC-A 012345678905, EAN-13 0012345678905 and
 * GTIN-14 00012345678905 are one product, and a scanner may send any of them.
 */
export function gtin14(code: string): string {
  return code.padStart(14, '0');
}
