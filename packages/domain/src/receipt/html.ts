import { RECEIPT_LABELS } from './labels.ts';
import { type ReceiptBlock, receiptLayout } from './layout.ts';
import type { Receipt, ReceiptCopy } from './model.ts';

// A complete HTML document for email and browser reprints. Email clients drop <style> blocks and
// external resources unpredictably, so every style is inline and nothing is loaded; there is no
// script. Every piece of receipt text is escaped: product and store names are tenant input.

export interface ReceiptHtmlOptions {
  readonly copy: ReceiptCopy;
}

/** The layout is computed for an 80 mm receipt; HTML reflows it, so only the order matters. */
const HTML_LAYOUT_COLUMNS = 48;

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function renderReceiptHtml(receipt: Receipt, options: ReceiptHtmlOptions): string {
  const blocks = receiptLayout(receipt, { columns: HTML_LAYOUT_COLUMNS, copy: options.copy });
  const title = `${RECEIPT_LABELS.receipt} ${receipt.receiptNumber} - ${receipt.store.name}`;
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(receipt.locale)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '</head>',
    `<body style="margin:0;padding:16px;background:#f3f4f6;${FONT}">`,
    '<div style="max-width:400px;margin:0 auto;background:#ffffff;color:#111827;padding:24px;' +
      'font-size:14px;line-height:1.45;border-radius:6px;">',
    renderBlocks(blocks),
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderBlocks(blocks: readonly ReceiptBlock[]): string {
  const parts: string[] = [];
  let rows: string[] = [];
  const flushRows = () => {
    if (rows.length === 0) return;
    parts.push(
      '<table role="presentation" style="width:100%;border-collapse:collapse;">' +
        `${rows.join('')}</table>`,
    );
    rows = [];
  };
  for (const block of blocks) {
    if (block.kind === 'row') {
      rows.push(renderRow(block));
      continue;
    }
    flushRows();
    parts.push(renderBlock(block));
  }
  flushRows();
  return parts.join('\n');
}

type RowBlock = Extract<ReceiptBlock, { kind: 'row' }>;

function renderRow(block: RowBlock): string {
  const total = block.role === 'total';
  const weight = block.bold ? 'font-weight:700;' : '';
  const size = total ? 'font-size:18px;' : '';
  const muted = block.indent > 0 ? 'color:#4b5563;font-size:13px;' : '';
  const indent = block.indent > 0 ? 'padding-left:16px;' : '';
  const cell = `padding:2px 0;vertical-align:top;${weight}${size}${muted}`;
  return (
    `<tr data-role="${block.role}">` +
    `<td style="${cell}${indent}text-align:left;">${escapeHtml(block.label)}</td>` +
    `<td style="${cell}text-align:right;white-space:nowrap;padding-left:12px;">` +
    `${escapeHtml(block.amount)}</td></tr>`
  );
}

function renderBlock(block: Exclude<ReceiptBlock, RowBlock>): string {
  switch (block.kind) {
    case 'title':
      return `<h1 style="margin:0 0 4px;font-size:22px;text-align:center;">${escapeHtml(block.text)}</h1>`;
    case 'marker':
      return (
        '<p style="margin:8px 0;padding:4px;text-align:center;font-weight:700;letter-spacing:2px;' +
        `border:2px solid #111827;">${escapeHtml(block.text)}</p>`
      );
    case 'text': {
      const weight = block.bold ? 'font-weight:700;' : '';
      return `<p style="margin:0;text-align:${block.align};${weight}">${escapeHtml(block.text)}</p>`;
    }
    case 'rule':
      return `<hr style="border:0;border-top:1px ${block.style === 'double' ? 'double' : 'dashed'} #9ca3af;margin:10px 0;">`;
    case 'space':
      return '<div style="height:10px;"></div>';
    case 'code':
      return (
        '<p style="margin:0;text-align:center;font-family:ui-monospace,Menlo,Consolas,monospace;' +
        `font-size:11px;color:#6b7280;">${escapeHtml(block.value)}</p>`
      );
  }
}
