import {
  isInvalidReceiptError,
  type Receipt,
  type ReceiptBlock,
  receiptLayout,
} from '@tillpoint/domain';
import {
  ESC_POS_CONTENT_TYPE,
  type PrintJobBytes,
  type RenderOptions,
} from '@tillpoint/plugin-sdk';
import type { EscPosConfig } from './config.ts';
import {
  finishJob,
  printBanner,
  printLines,
  printReceiptCode,
  type ReceiptEncoder,
  startJob,
} from './encoder.ts';
import { layoutOrRefuse } from './invalid-document.ts';
import { type EscPosSettings, resolveSettings } from './settings.ts';

// Receipts to ESC/POS from the shared layout: the same blocks the text and HTML renderers print,
// styled for a thermal printer (double-size store name, bold total). Pure: the register renders
// with it offline and gets the very bytes the platform would have sent.

export type EscPosRenderOptions = EscPosConfig & RenderOptions;

/** Renders a receipt for a printer configured as `options`; throws PluginError when it cannot. */
export function renderEscPos(receipt: Receipt, options: EscPosRenderOptions): PrintJobBytes {
  return renderReceiptWith(resolveSettings(options), receipt, options);
}

export function renderReceiptWith(
  settings: EscPosSettings,
  receipt: Receipt,
  options: RenderOptions,
): PrintJobBytes {
  const withPrinterLines: Receipt = {
    ...receipt,
    headerLines: [...receipt.headerLines, ...settings.headerLines],
    footerLines: [...receipt.footerLines, ...settings.footerLines],
  };
  const blocks = layoutOrRefuse(
    () => receiptLayout(withPrinterLines, { columns: settings.columns, copy: options.copy }),
    isInvalidReceiptError,
  );
  const job = startJob(
    settings,
    blocks.flatMap((block) => block.lines),
  );
  for (const block of blocks) printBlock(job, settings, block);
  return {
    contentType: ESC_POS_CONTENT_TYPE,
    bytes: finishJob(job, settings, options.openDrawer),
    opensDrawer: options.openDrawer,
  };
}

function printBlock(job: ReceiptEncoder, settings: EscPosSettings, block: ReceiptBlock): void {
  const { encoder } = job;
  const lines = (values: readonly string[]) => printLines(job, values);
  switch (block.kind) {
    case 'title':
    case 'marker':
      printBanner(job, block.kind, block.lines);
      return;
    case 'text':
      encoder.align(block.align).bold(block.bold);
      lines(block.lines);
      encoder.bold(false).align('left');
      return;
    case 'row': {
      const total = block.role === 'total';
      encoder.bold(block.bold);
      if (total) encoder.size(1, 2);
      lines(block.lines);
      if (total) encoder.size(1, 1);
      encoder.bold(false);
      return;
    }
    case 'rule':
    case 'space':
      lines(block.lines);
      return;
    case 'code':
      printReceiptCode(job, settings, block.value);
      encoder.align('center');
      lines(block.lines);
      encoder.align('left');
      return;
  }
}
