import CodepageEncoder from '@point-of-sale/codepage-encoder';
import ReceiptPrinterEncoder, {
  type ReceiptPrinterEncoderOptions,
} from '@point-of-sale/receipt-printer-encoder';

/**
 * ESC t n as Epson documents it (TM-series "character code table" list). Star printers in ESC/POS
 * mode number the common pages (0-5, 16-19) the same way.
 */
export const EPSON_CODEPAGE_TABLE: Readonly<Record<number, string>> = {
  0: 'cp437',
  1: 'epson/katakana',
  2: 'cp850',
  3: 'cp860',
  4: 'cp863',
  5: 'cp865',
  11: 'cp851',
  12: 'cp853',
  13: 'cp857',
  14: 'cp737',
  15: 'iso8859-7',
  16: 'windows1252',
  17: 'cp866',
  18: 'cp852',
  19: 'cp858',
  20: 'thai42',
  21: 'thai11',
  26: 'thai13',
  30: 'tcvn3',
  31: 'tcvn3capitals',
  32: 'cp720',
  33: 'cp775',
  34: 'cp855',
  35: 'cp861',
  36: 'cp862',
  37: 'cp864',
  38: 'cp869',
  39: 'epson/iso8859-2',
  40: 'iso8859-15',
  41: 'cp1098',
  42: 'cp774',
  43: 'cp772',
  44: 'cp1125',
  45: 'windows1250',
  46: 'windows1251',
  47: 'windows1253',
  48: 'windows1254',
  49: 'windows1255',
  50: 'windows1256',
  51: 'windows1257',
  52: 'windows1258',
  53: 'rk1048',
};

const tables = new Map<string, readonly (number | undefined)[]>();

/** Byte -> Unicode code point for a code page (undefined where the page has no character). */
export function codepageTable(name: string): readonly (number | undefined)[] {
  let table = tables.get(name);
  if (!table) {
    if (!CodepageEncoder.supports(name)) throw new Error(`Unknown code page ${name}`);
    table = CodepageEncoder.getCodepoints(
      name as Parameters<typeof CodepageEncoder.getCodepoints>[0],
      true,
    );
    tables.set(name, table);
  }
  return table;
}

/**
 * ESC t numbering of another vendor's model, read from the encoder itself (it selects each page
 * with ESC t n): for decoding what that model would print. Epson numbering needs none of this.
 */
export function codepageTableOf(printerModel: string): Readonly<Record<number, string>> {
  const table: Record<number, string> = {};
  for (const name of CodepageEncoder.getEncodings()) {
    let bytes: Uint8Array;
    try {
      bytes = new ReceiptPrinterEncoder({
        language: 'esc-pos',
        printerModel: printerModel as ReceiptPrinterEncoderOptions['printerModel'],
      })
        .codepage(name)
        .text('a')
        .encode();
    } catch {
      continue; // not a page of this model
    }
    for (let index = 0; index + 2 < bytes.length; index += 1) {
      const number = bytes[index + 2];
      if (bytes[index] === 0x1b && bytes[index + 1] === 0x74 && number !== undefined) {
        table[number] ??= name;
        break;
      }
    }
  }
  return table;
}
