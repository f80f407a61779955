import { codepageTable, EPSON_CODEPAGE_TABLE } from './codepage-tables.ts';

// An ESC/POS reader for tests: it walks a byte stream the way a printer would and reports what
// would come out on paper. It knows the commands receipts use; anything else is listed in
// `unknown` (with its offset) so a test can insist that nothing unexpected was sent. Text bytes
// are decoded with the code page last selected by ESC t, exactly as the printer would.

export type DecodedAlign = 'left' | 'center' | 'right';

export interface DecodedLine {
  /** Characters as printed, including the spaces the encoder pads with. */
  readonly text: string;
  /** Width on paper in normal-font columns (double-width characters count twice). */
  readonly columns: number;
  readonly bold: boolean;
  readonly widthScale: number;
  readonly heightScale: number;
  readonly align: DecodedAlign;
}

export interface DecodedBarcode {
  /** GS k symbology number (73 = CODE128). */
  readonly symbology: number;
  /** The data; for CODE128 set C every byte is written as its two digits. */
  readonly data: string;
}

export interface DecodedDrawerPulse {
  readonly pin: 2 | 5;
  readonly onMs: number;
  readonly offMs: number;
}

export interface DecodedEscPos {
  /** Printed text lines, top to bottom. */
  readonly lines: readonly string[];
  readonly printedLines: readonly DecodedLine[];
  /** The job starts with ESC @. */
  readonly initialized: boolean;
  /** Code pages selected by ESC t, in order. */
  readonly codepages: readonly string[];
  readonly drawerPulses: readonly DecodedDrawerPulse[];
  readonly opensDrawer: boolean;
  readonly cuts: number;
  /** Cut at the end: there is a cut and nothing is printed after the last one. */
  readonly cut: boolean;
  readonly qrCodes: readonly string[];
  readonly barcodes: readonly DecodedBarcode[];
  /** Commands and control bytes this reader does not know, as "offset: hex". */
  readonly unknown: readonly string[];
}

export interface DecodeOptions {
  /** ESC t number -> code page name; Epson's numbering by default. */
  readonly codepageTable?: Readonly<Record<number, string>>;
}

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;
const LF = 0x0a;
const CR = 0x0d;

/** ESC commands with a fixed number of parameter bytes. */
const ESC_PARAMS: Readonly<Record<number, number>> = {
  32: 1, // ESC SP: right-side character spacing
  33: 1, // ESC !: print mode
  36: 2, // ESC $: absolute position
  37: 1, // ESC %: user-defined characters on/off
  45: 1, // ESC -: underline
  50: 0, // ESC 2: default line spacing
  51: 1, // ESC 3: line spacing
  60: 0, // ESC <: return home
  61: 1, // ESC =: select peripheral
  64: 0, // ESC @: initialise
  69: 1, // ESC E: bold
  71: 1, // ESC G: double strike
  74: 1, // ESC J: feed dots
  77: 1, // ESC M: font
  82: 1, // ESC R: international character set
  85: 1, // ESC U: unidirectional
  86: 1, // ESC V: rotation
  92: 2, // ESC \: relative position
  97: 1, // ESC a: justification
  100: 1, // ESC d: feed lines
  112: 3, // ESC p: drawer pulse
  114: 1, // ESC r: colour
  116: 1, // ESC t: code page
  123: 1, // ESC {: upside down
};

/** GS commands with a fixed number of parameter bytes. */
const GS_PARAMS: Readonly<Record<number, number>> = {
  33: 1, // GS !: character size
  36: 2, // GS $: absolute vertical position
  66: 1, // GS B: reverse
  72: 1, // GS H: HRI position
  73: 1, // GS I: printer id
  76: 2, // GS L: left margin
  80: 2, // GS P: motion units
  87: 2, // GS W: print area width
  92: 2, // GS \: relative vertical position
  97: 1, // GS a: automatic status back
  98: 1, // GS b: smoothing
  102: 1, // GS f: HRI font
  104: 1, // GS h: barcode height
  114: 1, // GS r: transmit status
  119: 1, // GS w: barcode module width
};

interface Style {
  bold: boolean;
  widthScale: number;
  heightScale: number;
  align: DecodedAlign;
  codepage: string;
}

export function decodeEscPos(bytes: Uint8Array, options: DecodeOptions = {}): DecodedEscPos {
  const codepageNumbers = options.codepageTable ?? EPSON_CODEPAGE_TABLE;
  const fresh = (): Style => ({
    bold: false,
    widthScale: 1,
    heightScale: 1,
    align: 'left',
    codepage: 'cp437',
  });
  let style = fresh();
  const printedLines: DecodedLine[] = [];
  const codepages: string[] = [];
  const drawerPulses: DecodedDrawerPulse[] = [];
  const qrCodes: string[] = [];
  const barcodes: DecodedBarcode[] = [];
  const unknown: string[] = [];
  let cuts = 0;
  let printedSinceCut = false;
  let text = '';
  let columns = 0;
  let lineBold = false;
  let lineWidth = 1;
  let lineHeight = 1;

  const endLine = () => {
    printedLines.push({
      text,
      columns,
      bold: lineBold,
      widthScale: lineWidth,
      heightScale: lineHeight,
      align: style.align,
    });
    if (text.trim() !== '') printedSinceCut = true;
    text = '';
    columns = 0;
    lineBold = false;
    lineWidth = 1;
    lineHeight = 1;
  };
  const flush = () => {
    if (text !== '') endLine();
  };
  const addChar = (char: string) => {
    text += char;
    columns += style.widthScale;
    lineBold ||= style.bold;
    lineWidth = Math.max(lineWidth, style.widthScale);
    lineHeight = Math.max(lineHeight, style.heightScale);
  };
  const byteAt = (index: number): number => {
    const value = bytes[index];
    if (value === undefined) throw new Error(`Truncated command at byte ${index}`);
    return value;
  };
  const note = (offset: number, length: number) => {
    const hex = Array.from(bytes.subarray(offset, offset + length), (value) =>
      value.toString(16).padStart(2, '0'),
    ).join(' ');
    unknown.push(`${offset}: ${hex}`);
  };

  let i = 0;
  while (i < bytes.length) {
    const byte = byteAt(i);
    const start = i;
    if (byte === LF) {
      endLine();
      i += 1;
    } else if (byte === CR) {
      i += 1;
    } else if (byte === ESC) {
      const command = byteAt(i + 1);
      if (command === 0x2a) {
        // ESC * m nL nH d1..dk: bit image, 1 or 3 bytes a column.
        const mode = byteAt(i + 2);
        const dots = byteAt(i + 3) + 256 * byteAt(i + 4);
        i += 5 + dots * (mode >= 32 ? 3 : 1);
        printedSinceCut = true;
        continue;
      }
      const params = ESC_PARAMS[command];
      if (params === undefined) {
        note(start, 2);
        i += 2;
        continue;
      }
      const p1 = params > 0 ? byteAt(i + 2) : 0;
      switch (command) {
        case 0x40:
          flush();
          style = fresh();
          break;
        case 0x74: {
          const name = codepageNumbers[p1];
          if (name === undefined) note(start, 3);
          else {
            style.codepage = name;
            codepages.push(name);
          }
          break;
        }
        case 0x45:
          style.bold = (p1 & 1) === 1;
          break;
        case 0x21:
          style.bold = (p1 & 0x08) !== 0;
          style.heightScale = p1 & 0x10 ? 2 : 1;
          style.widthScale = p1 & 0x20 ? 2 : 1;
          break;
        case 0x61:
          style.align = (['left', 'center', 'right'] as const)[p1 % 48] ?? 'left';
          break;
        case 0x64:
          flush();
          for (let line = 1; line < p1; line += 1) endLine();
          break;
        case 0x70:
          drawerPulses.push({
            pin: (p1 & 1) === 1 ? 5 : 2,
            onMs: byteAt(i + 3) * 2,
            offMs: byteAt(i + 4) * 2,
          });
          break;
      }
      i += 2 + params;
    } else if (byte === GS) {
      const command = byteAt(i + 1);
      if (command === 0x28) {
        // GS ( X pL pH data: the length covers everything after pH.
        const kind = byteAt(i + 2);
        const length = byteAt(i + 3) + 256 * byteAt(i + 4);
        const body = bytes.subarray(i + 5, i + 5 + length);
        // GS ( k cn=49 (QR) fn=80 (store the data) m=48, then the data.
        if (kind === 0x6b && body[0] === 0x31 && body[1] === 0x50)
          qrCodes.push(new TextDecoder().decode(body.subarray(3)));
        if (kind === 0x6b && body[0] === 0x31 && body[1] === 0x51) printedSinceCut = true;
        i += 5 + length;
      } else if (command === 0x6b) {
        i = readBarcode(i, byteAt, bytes, barcodes);
        printedSinceCut = true;
      } else if (command === 0x56) {
        // GS V m [n]: cut; m 65/66 carry a feed amount.
        flush();
        const mode = byteAt(i + 2);
        cuts += 1;
        printedSinceCut = false;
        i += mode === 65 || mode === 66 ? 4 : 3;
      } else if (command === 0x76 && byteAt(i + 2) === 0x30) {
        // GS v 0 m xL xH yL yH data: raster image of x bytes by y dots.
        const width = byteAt(i + 4) + 256 * byteAt(i + 5);
        const height = byteAt(i + 6) + 256 * byteAt(i + 7);
        i += 8 + width * height;
        printedSinceCut = true;
      } else {
        const params = GS_PARAMS[command];
        if (params === undefined) {
          note(start, 2);
          i += 2;
          continue;
        }
        if (command === 0x21) {
          const size = byteAt(i + 2);
          style.widthScale = (size >> 4) + 1;
          style.heightScale = (size & 0x0f) + 1;
        }
        i += 2 + params;
      }
    } else if (byte === FS) {
      const command = byteAt(i + 1);
      // FS . (cancel Kanji) and FS & (select Kanji) have no parameters.
      if (command !== 0x2e && command !== 0x26) note(start, 2);
      i += 2;
    } else if (byte === DLE) {
      const command = byteAt(i + 1);
      if (command === 0x04 || command === 0x05) i += 3;
      else if (command === 0x14) {
        // DLE DC4 1 m t: real-time drawer pulse.
        if (byteAt(i + 2) === 1)
          drawerPulses.push({
            pin: byteAt(i + 3) === 1 ? 5 : 2,
            onMs: byteAt(i + 4) * 100,
            offMs: byteAt(i + 4) * 100,
          });
        i += 5;
      } else {
        note(start, 2);
        i += 2;
      }
    } else if (byte === 0x09) {
      addChar(' ');
      i += 1;
    } else if (byte < 0x20 || byte === 0x7f) {
      // A stray control byte: on a real printer it may do anything; tests want to know.
      note(start, 1);
      i += 1;
    } else {
      const codepoint = codepageTable(style.codepage)[byte];
      addChar(codepoint === undefined ? '\uFFFD' : String.fromCodePoint(codepoint));
      i += 1;
    }
  }
  flush();

  return {
    lines: printedLines.map((line) => line.text),
    printedLines,
    initialized: bytes[0] === ESC && bytes[1] === 0x40,
    codepages,
    drawerPulses,
    opensDrawer: drawerPulses.length > 0,
    cuts,
    cut: cuts > 0 && !printedSinceCut,
    qrCodes,
    barcodes,
    unknown,
  };
}

/** GS k: function A (m 0-6, NUL-terminated) or function B (m 65+, length-prefixed). */
function readBarcode(
  start: number,
  byteAt: (index: number) => number,
  bytes: Uint8Array,
  barcodes: DecodedBarcode[],
): number {
  const symbology = byteAt(start + 2);
  if (symbology <= 6) {
    let end = start + 3;
    while (byteAt(end) !== 0) end += 1;
    barcodes.push({ symbology, data: String.fromCharCode(...bytes.subarray(start + 3, end)) });
    return end + 1;
  }
  const length = byteAt(start + 3);
  const data = bytes.subarray(start + 4, start + 4 + length);
  barcodes.push({
    symbology,
    data: symbology === 73 ? code128Text(data) : String.fromCharCode(...data),
  });
  return start + 4 + length;
}

/** CODE128 data with "{A" / "{B" / "{C" code set switches; set C bytes are digit pairs. */
function code128Text(data: Uint8Array): string {
  let set: 'A' | 'B' | 'C' = 'B';
  let out = '';
  for (let index = 0; index < data.length; index += 1) {
    const value = data[index] ?? 0;
    if (value === 0x7b) {
      const next = String.fromCharCode(data[index + 1] ?? 0);
      index += 1;
      if (next === 'A' || next === 'B' || next === 'C') set = next;
      else if (next === '{') out += '{';
      continue;
    }
    out += set === 'C' ? String(value).padStart(2, '0') : String.fromCharCode(value);
  }
  return out;
}
