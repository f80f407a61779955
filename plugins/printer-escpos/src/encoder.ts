import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { encoderModelOptions, singlePageFor } from './codepages.ts';
import { chooseReceiptCode, code128SetC } from './receipt-code.ts';
import type { EscPosSettings } from './settings.ts';

/** Cash drawer pulse: 50 ms on, 500 ms off (ESC p m 25 250), what drawers expect. */
const PULSE_ON_MS = 50;
const PULSE_OFF_MS = 500;
/** Lines between the last printed line and the cutter blade on a generic printer. */
const GENERIC_FEED_BEFORE_CUT = 4;
/** Lines fed at the end when there is no cutter, so the receipt can be torn off whole. */
const TEAR_OFF_FEED = 4;

export interface ReceiptEncoder {
  readonly encoder: ReceiptPrinterEncoder;
  /** Text as the printer's code pages can carry it (no glyph lands on a control byte). */
  readonly safe: (text: string) => string;
}

/**
 * A fresh encoder, printer initialised (ESC @) and code page selection set up. With `texts`
 * (every line the job will print) "auto" settles on one page up front when one page has them
 * all; without, "auto" chooses per run of text (the test page, which exists to show the pages).
 */
export function startJob(settings: EscPosSettings, texts?: Iterable<string>): ReceiptEncoder {
  const base = encoderModelOptions(settings.printerModel, settings.columns);
  const { codepages } = settings;
  const safe = codepages.safeText;
  const page =
    codepages.selection === 'auto' && texts !== undefined
      ? (singlePageFor(codepages.candidates, [...texts].map(safe).join('')) ?? 'auto')
      : codepages.selection;
  const encoder = new ReceiptPrinterEncoder({
    ...base,
    ...(settings.printerModel === undefined ? { feedBeforeCut: GENERIC_FEED_BEFORE_CUT } : {}),
    ...(page === 'auto' ? { codepageCandidates: [...codepages.candidates] } : {}),
  });
  encoder.initialize().codepage(page);
  return { encoder, safe };
}

/** Lines as they are, each through the code-page guard. */
export function printLines(job: ReceiptEncoder, lines: readonly string[]): void {
  for (const line of lines) job.encoder.line(job.safe(line));
}

/**
 * The two centred, bold styles every printed document opens with: the store name as the title
 * (double width and height, so its lines were wrapped to half the columns) and a marker such as
 * "*** Z REPORT ***" or "GIFT RECEIPT" (double height).
 */
export function printBanner(
  job: ReceiptEncoder,
  style: 'title' | 'marker',
  lines: readonly string[],
) {
  job.encoder
    .align('center')
    .bold(true)
    .size(style === 'title' ? 2 : 1, 2);
  printLines(job, lines);
  job.encoder.size(1, 1).bold(false).align('left');
}

/** The document id as the configured code (when the printer can), centred. */
export function printReceiptCode(job: ReceiptEncoder, settings: EscPosSettings, id: string) {
  const code = chooseReceiptCode(settings, id);
  if (code.kind === 'none') return;
  job.encoder.align('center');
  if (code.kind === 'qr') job.encoder.qrcode(code.value, { model: 2, size: 6, errorlevel: 'm' });
  else
    job.encoder.barcode(code128SetC(code.digits), 'code128', {
      height: 60,
      width: 1,
      text: 'none',
    });
  job.encoder.align('left');
}

/** Cut (or feed to tear off), then the drawer kick when asked: the job ends with it. */
export function finishJob(job: ReceiptEncoder, settings: EscPosSettings, openDrawer: boolean) {
  if (settings.cutter) job.encoder.cut('partial');
  else job.encoder.newline(TEAR_OFF_FEED);
  if (openDrawer) job.encoder.pulse(settings.drawerConnector, PULSE_ON_MS, PULSE_OFF_MS);
  return job.encoder.encode();
}

/** Only the drawer pulse: no reset, no paper moved (a no-sale or a pay-in while idle). */
export function drawerPulse(settings: EscPosSettings): Uint8Array {
  const base = encoderModelOptions(settings.printerModel, settings.columns);
  return new ReceiptPrinterEncoder(base)
    .pulse(settings.drawerConnector, PULSE_ON_MS, PULSE_OFF_MS)
    .encode();
}
