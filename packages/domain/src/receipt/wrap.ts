import { textWidth } from './printable.ts';

/** Below this many columns a label is unreadable next to its amount: the amount moves down. */
const MIN_LABEL_COLUMNS = 8;

/**
 * Greedy word wrap to `width` columns. Words longer than a line are cut, so no line is ever
 * wider than `width`. Always returns at least one (possibly empty) line.
 */
export function wrapText(text: string, width: number): string[] {
  if (!Number.isInteger(width) || width < 1) {
    throw new RangeError(`Wrap width must be a positive whole number, got ${String(width)}.`);
  }
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (word === '') continue;
    let chars = [...word];
    while (chars.length > width) {
      if (current !== '') lines.push(current);
      current = '';
      lines.push(chars.slice(0, width).join(''));
      chars = chars.slice(width);
    }
    const piece = chars.join('');
    if (current === '') current = piece;
    else if (textWidth(current) + 1 + chars.length <= width) current = `${current} ${piece}`;
    else {
      lines.push(current);
      current = piece;
    }
  }
  if (current !== '' || lines.length === 0) lines.push(current);
  return lines;
}

/**
 * "label ........ amount" in exactly `columns` columns (the gap is spaces). A long label wraps
 * under itself; the amount stays on the first line, right-aligned. `indent` columns of spaces
 * go before the label (item details, discounts).
 */
export function composeRow(label: string, amount: string, columns: number, indent = 0): string[] {
  const pad = ' '.repeat(indent);
  const available = columns - indent;
  const amountWidth = textWidth(amount);
  if (amountWidth === 0) return wrapText(label, available).map((line) => pad + line);
  const labelColumns = available - amountWidth - 1;
  if (labelColumns >= MIN_LABEL_COLUMNS) {
    const [first = '', ...rest] = wrapText(label, labelColumns);
    const gap = ' '.repeat(available - textWidth(first) - amountWidth);
    return [pad + first + gap + amount, ...rest.map((line) => pad + line)];
  }
  return [
    ...wrapText(label, available).map((line) => pad + line),
    ...wrapText(amount, columns).map((line) => alignLine(line, columns, 'right')),
  ];
}

export type LineAlign = 'left' | 'center' | 'right';

/** Pads a line (already no wider than `columns`) to its alignment; left lines stay as they are. */
export function alignLine(line: string, columns: number, align: LineAlign): string {
  const free = Math.max(0, columns - textWidth(line));
  if (align === 'right') return ' '.repeat(free) + line;
  if (align === 'center') return ' '.repeat(Math.floor(free / 2)) + line;
  return line;
}
