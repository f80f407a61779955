import type { LineAlign } from '../receipt/wrap.ts';
import { alignLine } from '../receipt/wrap.ts';
import { type CashReportBlock, cashReportLayout } from './layout.ts';
import type { CashReport, CashReportCopy } from './model.ts';

export interface CashReportTextOptions {
  /** 32 for 58 mm paper, 42 or 48 for 80 mm, 42 for a screen. */
  readonly columns: 32 | 42 | 48;
  readonly copy?: CashReportCopy;
}

/** The report as fixed-width plain text, lines joined with "\n" and no trailing spaces. */
export function renderCashReportText(report: CashReport, options: CashReportTextOptions): string {
  const blocks = cashReportLayout(report, {
    columns: options.columns,
    copy: options.copy ?? 'original',
  });
  const out: string[] = [];
  for (const block of blocks) {
    const align = cashReportBlockAlign(block);
    for (const line of block.lines) out.push(alignLine(line, options.columns, align).trimEnd());
  }
  return `${out.join('\n')}\n`;
}

/** How a fixed-width device places a block's lines within the columns. */
export function cashReportBlockAlign(block: CashReportBlock): LineAlign {
  switch (block.kind) {
    case 'title':
    case 'marker':
      return 'center';
    case 'text':
      return block.align;
    default:
      return 'left';
  }
}
