import { type ReceiptBlock, receiptLayout } from './layout.ts';
import type { Receipt, ReceiptCopy } from './model.ts';
import { alignLine, type LineAlign } from './wrap.ts';

export interface ReceiptTextOptions {
  /** 32 for 58 mm paper, 42 or 48 for 80 mm, 42 for a plain-text email or a screen. */
  readonly columns: 32 | 42 | 48;
  readonly copy: ReceiptCopy;
}

/** The receipt as fixed-width plain text, lines joined with "\n" and no trailing spaces. */
export function renderReceiptText(receipt: Receipt, options: ReceiptTextOptions): string {
  const blocks = receiptLayout(receipt, options);
  const out: string[] = [];
  for (const block of blocks) {
    const align = blockAlign(block);
    for (const line of block.lines) out.push(alignLine(line, options.columns, align).trimEnd());
  }
  return `${out.join('\n')}\n`;
}

/** How a fixed-width device places a block's lines within the columns. */
export function blockAlign(block: ReceiptBlock): LineAlign {
  switch (block.kind) {
    case 'title':
    case 'marker':
    case 'code':
      return 'center';
    case 'text':
      return block.align;
    default:
      return 'left';
  }
}
