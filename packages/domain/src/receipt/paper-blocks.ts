import { printable } from './printable.ts';
import { composeRow, wrapText } from './wrap.ts';

// The blocks every printed document (receipts, cash reports) shares, normalised and wrapped to
// a fixed-width device the same way, so a store name or a marker looks alike on both.

/** Spaces a nested row (an item's details, a tender's reference) is indented by. */
export const ROW_INDENT = 2;

/** The store name, printed at double width: half as many characters fit on a line. */
export function titleBlock(raw: string, columns: number) {
  const text = printable(raw).trim();
  return { kind: 'title', text, lines: wrapText(text, Math.floor(columns / 2)) } as const;
}

/** A marker such as GIFT RECEIPT or Z REPORT, framed with stars when the frame fits. */
export function markerBlock(raw: string, columns: number) {
  const text = printable(raw).trim();
  const decorated = `*** ${text} ***`;
  const lines = wrapText([...decorated].length <= columns ? decorated : text, columns);
  return { kind: 'marker', text, lines } as const;
}

/** "label ....... amount", indented under the row above when `indent` is 1. */
export function rowBlock<Role extends string>(
  role: Role,
  rawLabel: string,
  rawAmount: string,
  columns: number,
  indent: 0 | 1,
  bold: boolean,
) {
  const label = printable(rawLabel).trim();
  const amount = printable(rawAmount).trim();
  const lines = composeRow(label, amount, columns, indent * ROW_INDENT);
  return { kind: 'row', role, label, amount, indent, bold, lines } as const;
}

export const spaceBlock = { kind: 'space', lines: [''] } as const;
