// Receipt text goes to thermal printers as single-byte code pages and to fixed-width columns, so
// every string is normalised once, here, before any renderer sees it: control characters could
// smuggle printer commands (an ESC p in a product name would kick the drawer), and exotic spaces
// and signs that Intl produces have no glyph in any printer code page.

const LOOKALIKES: Readonly<Record<string, string>> = {
  '\u2212': '-', // minus sign (sv-SE, fi-FI negative amounts)
  '\uFFE5': '\u00A5', // full-width yen (ja-JP) -> yen sign, which code pages have
  '\uFF04': '$', // full-width dollar
};

/** One line of printable text: NFC, no control or format characters, plain spaces. */
export function printable(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\t\n\r\v\f]/g, ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/\p{Zs}/gu, ' ')
    .replace(/[\u2212\uFFE5\uFF04]/g, (match) => LOOKALIKES[match] ?? match);
}

/** Width in printer columns: one column per code point (receipts are printed in Latin fonts). */
export function textWidth(text: string): number {
  return [...text].length;
}
