import CodepageEncoder from '@point-of-sale/codepage-encoder';
import ReceiptPrinterEncoder, {
  type ReceiptPrinterEncoderOptions,
} from '@point-of-sale/receipt-printer-encoder';

// Printers print single-byte code pages, switched with ESC t. The encoder picks, for each run of
// text, the first candidate page that has its characters, so the order of candidates matters:
//
// The DOS pages (cp437, cp850, cp858...) also put glyphs in 0x00-0x1F (• is 0x07, § is 0x15).
// On an ESC/POS printer those bytes are commands: "Visa •••• 4242" would ring the bell four
// times instead of printing. So Windows and ISO pages, which keep that range for controls, come
// first, and the few glyphs that only a DOS page has are replaced before encoding.

type Codepage = NonNullable<ReceiptPrinterEncoderOptions['codepageCandidates']>[number];

/** Candidates for "auto", best first; only the ones the printer has are used. */
const AUTO_ORDER: readonly Codepage[] = [
  'windows1252',
  'iso8859-15',
  'windows1250',
  'windows1251',
  'windows1253',
  'windows1254',
  'windows1257',
  'windows1255',
  'windows1256',
  'windows1258',
  'iso8859-7',
  'rk1048',
  'cp858',
  'cp850',
  'cp437',
  'cp852',
  'cp866',
  'cp737',
  'cp857',
  'cp775',
  'cp862',
  'cp864',
  'cp860',
  'cp863',
  'cp865',
  'cp861',
  'cp855',
  'cp869',
  'cp1125',
];

/** Pages a tenant may fix instead of "auto" (the printer must have it). */
export const FIXED_CODEPAGES: readonly string[] = AUTO_ORDER;

/** Glyphs some code page puts on a control byte (0x00-0x1F, 0x7F), with a plain stand-in. */
const CONTROL_GLYPHS: Readonly<Record<string, string>> = {
  '☺': ':)',
  '☻': ':)',
  '♥': '*',
  '♦': '*',
  '♣': '*',
  '♠': '*',
  '•': '*',
  '◘': '*',
  '○': 'o',
  '◙': 'o',
  '♂': 'm',
  '♀': 'f',
  '♪': '*',
  '♫': '*',
  '☼': '*',
  '►': '>',
  '◄': '<',
  '↕': '|',
  '‼': '!!',
  '¶': 'P',
  '§': 'S',
  '▬': '-',
  '↨': '|',
  '↑': '^',
  '↓': 'v',
  '→': '->',
  '←': '<-',
  '∟': 'L',
  '↔': '<->',
  '▲': '^',
  '▼': 'v',
  '⌂': '^',
  // VISCII (Vietnamese) uses six control bytes for letters.
  Ẳ: 'A',
  Ẵ: 'A',
  Ẫ: 'A',
  Ỷ: 'Y',
  Ỹ: 'Y',
  Ỵ: 'Y',
};

/** Characters windows1252 holds above 0x7F; with that page available they print as they are. */
const IN_WINDOWS_1252 = new Set(['•', '¶', '§']);

export interface CodepagePlan {
  /** 'auto' or the fixed page handed to the encoder's codepage(). */
  readonly selection: 'auto' | Codepage;
  /** Candidates for 'auto'; empty for a fixed page. */
  readonly candidates: readonly Codepage[];
  /** Replaces characters that would be encoded as control bytes. */
  readonly safeText: (text: string) => string;
}

const supportCache = new Map<string, readonly Codepage[]>();

/** The pages of AUTO_ORDER a printer model supports, in that order. */
function supportedPages(printerModel: string | undefined): readonly Codepage[] {
  const key = printerModel ?? '';
  const cached = supportCache.get(key);
  if (cached) return cached;
  const probe = new ReceiptPrinterEncoder(encoderModelOptions(printerModel, 48));
  const pages = AUTO_ORDER.filter((page) => {
    try {
      probe.codepage(page);
      return true;
    } catch {
      return false;
    }
  });
  supportCache.set(key, pages);
  return pages;
}

/** How text will be encoded for this printer, or an error message when a fixed page is absent. */
export function planCodepages(
  printerModel: string | undefined,
  codepage: string,
): CodepagePlan | { readonly problem: string } {
  const pages = supportedPages(printerModel);
  if (codepage === 'auto') {
    const keep = pages.includes('windows1252') ? IN_WINDOWS_1252 : new Set<string>();
    return { selection: 'auto', candidates: pages, safeText: replacer(keep) };
  }
  const fixed = pages.find((page) => page === codepage);
  if (!fixed)
    return {
      problem: `Code page ${codepage} is not one this printer model has; choose "auto" or one of ${pages.join(', ')}.`,
    };
  const keep = fixed === 'windows1252' ? IN_WINDOWS_1252 : new Set<string>();
  return { selection: fixed, candidates: [], safeText: replacer(keep) };
}

function replacer(keep: ReadonlySet<string>): (text: string) => string {
  return (text) => {
    let out = '';
    for (const char of text) {
      const standIn = CONTROL_GLYPHS[char];
      out += standIn === undefined || keep.has(char) ? char : standIn;
    }
    return out;
  };
}

/** Encoder options naming the model (driven in ESC/POS) or a generic printer of `columns`. */
export function encoderModelOptions(
  printerModel: string | undefined,
  columns: number,
): ReceiptPrinterEncoderOptions {
  if (printerModel === undefined) return { language: 'esc-pos', columns, codepageMapping: 'epson' };
  return {
    language: 'esc-pos',
    printerModel: printerModel as ReceiptPrinterEncoderOptions['printerModel'],
  };
}

// "auto" lets the encoder choose a page for every run of text, and it looks each character up by
// rebuilding the page's table (about 40 ms for one receipt). A receipt almost always fits one
// page, so the page is chosen once per job from all its text: the first candidate that has every
// character, which is the page the per-run choice would have taken for each run anyway. Only text
// no single page can carry is left to the per-run choice.

const pageCharacters = new Map<Codepage, ReadonlySet<number>>();

function charactersOf(page: Codepage): ReadonlySet<number> {
  let characters = pageCharacters.get(page);
  if (!characters) {
    characters = new Set(CodepageEncoder.getEncoding(page).codepoints);
    pageCharacters.set(page, characters);
  }
  return characters;
}

/** The first candidate page that can print every character of `text`, or null. */
export function singlePageFor(candidates: readonly Codepage[], text: string): Codepage | null {
  const needed = new Set<number>();
  for (const char of text) needed.add(char.codePointAt(0) ?? 0);
  for (const page of candidates) {
    const characters = charactersOf(page);
    let fits = true;
    for (const codePoint of needed)
      if (!characters.has(codePoint)) {
        fits = false;
        break;
      }
    if (fits) return page;
  }
  return null;
}
