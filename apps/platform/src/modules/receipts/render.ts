import {
  type Receipt,
  type ReceiptCopy,
  renderReceiptHtml,
  renderReceiptText,
} from '@tillpoint/domain';
import { AppError } from '../../errors.ts';
import type { ReceiptPrinter } from './printers.ts';
import type { ReceiptFormat } from './schemas.ts';

// One receipt, four outputs. Text and HTML come from the shared layout in the domain package;
// printer bytes come from the business's printer plugin, which uses the same layout.

export type RenderedReceipt =
  | { readonly format: 'json'; readonly receipt: Receipt }
  | { readonly format: 'text' | 'html'; readonly body: string }
  | { readonly format: 'escpos'; readonly bytes: Uint8Array; readonly opensDrawer: boolean };

export interface RenderRequest {
  readonly format: ReceiptFormat;
  readonly copy: ReceiptCopy;
  readonly columns: 32 | 42 | 48;
  /** Asked for a drawer kick; it only happens when the document moved cash. */
  readonly openDrawer: boolean;
  readonly printer: () => Promise<ReceiptPrinter | null>;
}

export function movedCash(receipt: Receipt): boolean {
  return receipt.tenders.some((tender) => tender.kind === 'cash' && tender.amountMinor > 0);
}

export async function renderReceipt(
  receipt: Receipt,
  request: RenderRequest,
): Promise<RenderedReceipt> {
  switch (request.format) {
    case 'json':
      return { format: 'json', receipt };
    case 'text':
      return {
        format: 'text',
        body: renderReceiptText(receipt, { columns: request.columns, copy: request.copy }),
      };
    case 'html':
      return { format: 'html', body: renderReceiptHtml(receipt, { copy: request.copy }) };
    case 'escpos': {
      const printer = await request.printer();
      if (!printer)
        throw new AppError(
          'printer.not_configured',
          'No receipt printer plugin is enabled for this business. An owner or admin can ' +
            'enable one (for example printer-escpos) under Plugins, then print again.',
        );
      const job = await printer.render(receipt, {
        copy: request.copy,
        openDrawer: request.openDrawer && movedCash(receipt),
      });
      return { format: 'escpos', bytes: job.bytes, opensDrawer: job.opensDrawer };
    }
  }
}
