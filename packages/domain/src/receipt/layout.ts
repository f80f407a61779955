import { assertValidReceipt } from './check.ts';
import { formatReceiptDateTime, formatReceiptMoney, formatReceiptQuantity } from './format.ts';
import { RECEIPT_LABELS as LABELS } from './labels.ts';
import type { Receipt, ReceiptCopy, ReceiptLine } from './model.ts';
import { markerBlock, rowBlock, spaceBlock, titleBlock } from './paper-blocks.ts';
import { printable } from './printable.ts';
import { type LineAlign, wrapText } from './wrap.ts';

// The one place that decides what a receipt says and in which order. Text, HTML and ESC/POS all
// render these blocks, so they cannot disagree on content; they only differ in how a block looks.
// Every block carries its `lines` already wrapped for a fixed-width device of `columns` columns
// (fixed-width renderers print them as they are) and its unwrapped text for renderers that flow.

export type ReceiptRowRole =
  | 'info'
  | 'item'
  | 'item-detail'
  | 'item-discount'
  | 'subtotal'
  | 'discounts'
  | 'tax'
  | 'tax-exempt'
  | 'total'
  | 'tax-included'
  | 'cash-rounding'
  | 'tender'
  | 'tender-detail'
  | 'change';

export type ReceiptBlock =
  /** The store name: bold, printed double width and height, so its lines fit columns / 2. */
  | { readonly kind: 'title'; readonly text: string; readonly lines: readonly string[] }
  /** GIFT RECEIPT, REPRINT, REFUND...: must stand out. */
  | { readonly kind: 'marker'; readonly text: string; readonly lines: readonly string[] }
  | {
      readonly kind: 'text';
      readonly text: string;
      readonly align: LineAlign;
      readonly bold: boolean;
      readonly lines: readonly string[];
    }
  /** "label ....... amount"; amount may be empty (details, gift copy items). */
  | {
      readonly kind: 'row';
      readonly role: ReceiptRowRole;
      readonly label: string;
      readonly amount: string;
      /** Nesting under the row above (item details, discounts, tender references). */
      readonly indent: 0 | 1;
      readonly bold: boolean;
      readonly lines: readonly string[];
    }
  | {
      readonly kind: 'rule';
      readonly style: 'single' | 'double';
      readonly lines: readonly string[];
    }
  | { readonly kind: 'space'; readonly lines: readonly string[] }
  /** The document id as a QR code or barcode, with the id printed under it. */
  | { readonly kind: 'code'; readonly value: string; readonly lines: readonly string[] };

export interface ReceiptLayoutOptions {
  /** Characters per line of the device's normal font (32 on 58 mm paper, 42 or 48 on 80 mm). */
  readonly columns: number;
  readonly copy: ReceiptCopy;
}

export const MIN_RECEIPT_COLUMNS = 24;
export const MAX_RECEIPT_COLUMNS = 80;

/** Lays a receipt out; throws InvalidReceiptError for an inconsistent receipt. */
export function receiptLayout(receipt: Receipt, options: ReceiptLayoutOptions): ReceiptBlock[] {
  const { columns, copy } = options;
  if (!Number.isInteger(columns) || columns < MIN_RECEIPT_COLUMNS || columns > MAX_RECEIPT_COLUMNS)
    throw new RangeError(
      `Receipt columns must be a whole number from ${MIN_RECEIPT_COLUMNS} to ${MAX_RECEIPT_COLUMNS}, got ${String(columns)}.`,
    );
  assertValidReceipt(receipt);
  const build = new LayoutBuilder(columns);
  const money = (minor: number, signed = false) =>
    formatReceiptMoney(minor, receipt.currency, receipt.locale, { signed });
  const priced = copy !== 'gift';

  header(build, receipt, copy);
  build.rule('single');
  for (const line of receipt.lines) {
    if (priced) pricedLine(build, line, receipt, money);
    else giftLine(build, line, receipt.locale);
  }
  build.rule('single');
  if (priced) {
    totals(build, receipt, money);
    build.rule('single');
    tenders(build, receipt, money);
    if (copy === 'merchant' && receipt.tenders.some((tender) => tender.kind === 'card')) {
      build.space();
      build.text(`${LABELS.signature}:`, 'left', false);
      build.space();
      build.rule('single');
    }
  }
  if (receipt.footerLines.length > 0) {
    build.space();
    for (const line of receipt.footerLines) build.text(line, 'center', false);
  }
  build.space();
  build.code(receipt.documentId);
  return build.blocks;
}

type Money = (minor: number, signed?: boolean) => string;

function header(build: LayoutBuilder, receipt: Receipt, copy: ReceiptCopy): void {
  const { store } = receipt;
  build.title(store.name);
  for (const line of store.addressLines) build.text(line, 'center', false);
  if (store.phone) build.text(`${LABELS.phone} ${store.phone}`, 'center', false);
  if (store.taxNumber) build.text(`${LABELS.taxNumber} ${store.taxNumber}`, 'center', false);
  for (const line of receipt.headerLines) build.text(line, 'center', false);
  build.space();

  if (receipt.kind === 'refund') build.marker(LABELS.markers.refund);
  if (copy === 'gift') build.marker(LABELS.markers.gift);
  if (copy === 'reprint') build.marker(LABELS.markers.reprint);
  if (copy === 'merchant') build.marker(LABELS.markers.merchant);

  const numberLabel = receipt.kind === 'refund' ? LABELS.refundReceipt : LABELS.receipt;
  build.row('info', numberLabel, receipt.receiptNumber);
  if (receipt.kind === 'refund' && receipt.originalReceiptNumber)
    build.row('info', LABELS.originalReceipt, receipt.originalReceiptNumber);
  build.row(
    'info',
    LABELS.date,
    formatReceiptDateTime(receipt.issuedAt, receipt.timeZone, receipt.locale),
  );
  build.row('info', LABELS.register, receipt.registerName);
  if (receipt.cashierName) build.row('info', LABELS.cashier, receipt.cashierName);
  // A gift receipt travels to someone else: it does not name who paid.
  if (receipt.customerName && copy !== 'gift')
    build.row('info', LABELS.customer, receipt.customerName);
  if (receipt.offline) build.text(LABELS.soldOffline, 'center', false);
}

function pricedLine(build: LayoutBuilder, line: ReceiptLine, receipt: Receipt, money: Money) {
  build.row('item', line.description, money(line.grossMinor));
  const single = line.unit === 'each' && line.quantityMilli === 1000;
  if (!single) {
    const quantity = formatReceiptQuantity(line.quantityMilli, line.unit, receipt.locale);
    const unitPrice = money(line.unitPriceMinor);
    const per = line.unit === 'weight' ? `${unitPrice}/kg` : unitPrice;
    build.row('item-detail', `${quantity} x ${per}`, '', 1);
  }
  if (line.discountMinor > 0)
    build.row(
      'item-discount',
      line.discountLabel ?? LABELS.discount,
      money(-line.discountMinor),
      1,
    );
}

function giftLine(build: LayoutBuilder, line: ReceiptLine, locale: string) {
  const quantity = formatReceiptQuantity(line.quantityMilli, line.unit, locale);
  const label =
    line.unit === 'weight'
      ? `${quantity} ${line.description}`
      : `${quantity} x ${line.description}`;
  build.row('item', label, '');
}

function totals(build: LayoutBuilder, receipt: Receipt, money: Money): void {
  build.row('subtotal', LABELS.subtotal, money(receipt.subtotalMinor));
  if (receipt.discountTotalMinor > 0)
    build.row('discounts', LABELS.discounts, money(-receipt.discountTotalMinor));
  if (!receipt.taxIncluded) {
    for (const tax of receipt.taxes)
      build.row('tax', `${tax.name} ${tax.rateLabel}`, money(tax.taxMinor));
  }
  const exempt = receipt.exemptTaxRemovedMinor ?? 0;
  if (exempt > 0) build.row('tax-exempt', LABELS.taxExempt, money(-exempt));
  const totalLabel = receipt.kind === 'refund' ? LABELS.refundTotal : LABELS.total;
  build.row('total', totalLabel, money(receipt.totalMinor), 0, true);
  if (receipt.taxIncluded) {
    for (const tax of receipt.taxes)
      build.row(
        'tax-included',
        `${LABELS.includedTax} ${tax.name} ${tax.rateLabel}`,
        money(tax.taxMinor),
        1,
      );
  }
  if (receipt.cashRoundingMinor !== 0)
    build.row('cash-rounding', LABELS.cashRounding, money(receipt.cashRoundingMinor, true));
}

function tenders(build: LayoutBuilder, receipt: Receipt, money: Money): void {
  for (const tender of receipt.tenders) {
    build.row('tender', tender.label, money(tender.tenderedMinor));
    if (tender.reference)
      build.row('tender-detail', `${LABELS.reference} ${tender.reference}`, '', 1);
  }
  if (receipt.changeMinor > 0)
    build.row('change', LABELS.change, money(receipt.changeMinor), 0, true);
}

/** Collects blocks, normalising every text and wrapping it to the device's columns. */
class LayoutBuilder {
  readonly blocks: ReceiptBlock[] = [];
  readonly #columns: number;

  constructor(columns: number) {
    this.#columns = columns;
  }

  title(raw: string): void {
    this.blocks.push(titleBlock(raw, this.#columns));
  }

  marker(raw: string): void {
    this.blocks.push(markerBlock(raw, this.#columns));
  }

  text(raw: string, align: LineAlign, bold: boolean): void {
    const text = printable(raw).trim();
    this.blocks.push({ kind: 'text', text, align, bold, lines: wrapText(text, this.#columns) });
  }

  row(role: ReceiptRowRole, rawLabel: string, rawAmount: string, indent: 0 | 1 = 0, bold = false) {
    this.blocks.push(rowBlock(role, rawLabel, rawAmount, this.#columns, indent, bold));
  }

  rule(style: 'single' | 'double'): void {
    const lines = [(style === 'single' ? '-' : '=').repeat(this.#columns)];
    this.blocks.push({ kind: 'rule', style, lines });
  }

  space(): void {
    this.blocks.push(spaceBlock);
  }

  code(raw: string): void {
    const value = printable(raw).trim();
    this.blocks.push({ kind: 'code', value, lines: wrapText(value, this.#columns) });
  }
}
