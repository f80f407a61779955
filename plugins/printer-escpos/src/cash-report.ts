import {
  type CashReport,
  type CashReportBlock,
  cashReportLayout,
  isInvalidCashReportError,
} from '@tillpoint/domain';
import {
  type CashReportRenderOptions,
  ESC_POS_CONTENT_TYPE,
  type PrintJobBytes,
} from '@tillpoint/plugin-sdk';
import { finishJob, printBanner, printLines, type ReceiptEncoder, startJob } from './encoder.ts';
import { layoutOrRefuse } from './invalid-document.ts';
import type { EscPosSettings } from './settings.ts';

// X and Z reports to ESC/POS from the shared cash report layout, with the receipts' encoder and
// settings (code pages, cutter, paper width). A report never kicks the drawer: the drawer is
// opened to take the cash out by a no-sale, which is approved and recorded.

export function renderCashReportWith(
  settings: EscPosSettings,
  report: CashReport,
  options: CashReportRenderOptions,
): PrintJobBytes {
  const blocks = layoutOrRefuse(
    () => cashReportLayout(report, { columns: settings.columns, copy: options.copy }),
    isInvalidCashReportError,
  );
  const job = startJob(
    settings,
    blocks.flatMap((block) => block.lines),
  );
  for (const block of blocks) printBlock(job, block);
  return {
    contentType: ESC_POS_CONTENT_TYPE,
    bytes: finishJob(job, settings, false),
    opensDrawer: false,
  };
}

/** Rows whose figure is what the cash bag is checked against: bold and double height. */
const EMPHASISED = new Set(['expected', 'counted', 'over-short']);

function printBlock(job: ReceiptEncoder, block: CashReportBlock): void {
  const { encoder } = job;
  const lines = (values: readonly string[]) => printLines(job, values);
  switch (block.kind) {
    case 'title':
    case 'marker':
      printBanner(job, block.kind, block.lines);
      return;
    case 'heading':
      encoder.bold(true);
      lines(block.lines);
      encoder.bold(false);
      return;
    case 'text':
      encoder.align(block.align);
      lines(block.lines);
      encoder.align('left');
      return;
    case 'row': {
      const emphasised = EMPHASISED.has(block.role);
      encoder.bold(block.bold);
      if (emphasised) encoder.size(1, 2);
      lines(block.lines);
      if (emphasised) encoder.size(1, 1);
      encoder.bold(false);
      return;
    }
    case 'rule':
    case 'space':
      lines(block.lines);
      return;
  }
}
