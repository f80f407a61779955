import { formatReceiptDateTime, formatReceiptMoney } from '../receipt/format.ts';
import { MAX_RECEIPT_COLUMNS, MIN_RECEIPT_COLUMNS } from '../receipt/layout.ts';
import { markerBlock, rowBlock, spaceBlock, titleBlock } from '../receipt/paper-blocks.ts';
import { printable } from '../receipt/printable.ts';
import { type LineAlign, wrapText } from '../receipt/wrap.ts';
import { assertValidCashReport } from './check.ts';
import { CASH_REPORT_LABELS as LABELS } from './labels.ts';
import type { CashReport, CashReportCopy } from './model.ts';

// The one place that decides what a cash report says and in which order. Text and ESC/POS both
// render these blocks, so they cannot disagree on content. Every block carries its `lines`
// already wrapped for a fixed-width device of `columns` columns.

/** What a row is, so renderers can style it and tests can find it. */
export type CashReportRowRole =
  | 'info'
  | 'sales'
  | 'tender'
  | 'tender-detail'
  | 'tax'
  | 'tax-detail'
  | 'drawer'
  | 'movement'
  | 'expected'
  | 'denomination'
  | 'counted'
  | 'over-short';

export type CashReportBlock =
  /** The store name: bold, printed double width and height, so its lines fit columns / 2. */
  | { readonly kind: 'title'; readonly text: string; readonly lines: readonly string[] }
  /** X REPORT / Z REPORT / REPRINT: must stand out. */
  | { readonly kind: 'marker'; readonly text: string; readonly lines: readonly string[] }
  /** A section heading (SALES, DRAWER...). */
  | { readonly kind: 'heading'; readonly text: string; readonly lines: readonly string[] }
  | {
      readonly kind: 'text';
      readonly text: string;
      readonly align: LineAlign;
      readonly lines: readonly string[];
    }
  | {
      readonly kind: 'row';
      readonly role: CashReportRowRole;
      readonly label: string;
      readonly amount: string;
      readonly indent: 0 | 1;
      readonly bold: boolean;
      readonly lines: readonly string[];
    }
  | { readonly kind: 'rule'; readonly lines: readonly string[] }
  | { readonly kind: 'space'; readonly lines: readonly string[] };

export interface CashReportLayoutOptions {
  /** Characters per line of the device's normal font (32 on 58 mm paper, 42 or 48 on 80 mm). */
  readonly columns: number;
  readonly copy: CashReportCopy;
}

/** Lays a cash report out; throws InvalidCashReportError when its figures do not add up. */
export function cashReportLayout(
  report: CashReport,
  options: CashReportLayoutOptions,
): CashReportBlock[] {
  const { columns } = options;
  if (!Number.isInteger(columns) || columns < MIN_RECEIPT_COLUMNS || columns > MAX_RECEIPT_COLUMNS)
    throw new RangeError(
      `Report columns must be a whole number from ${MIN_RECEIPT_COLUMNS} to ${MAX_RECEIPT_COLUMNS}, got ${String(columns)}.`,
    );
  assertValidCashReport(report);
  const build = new LayoutBuilder(columns);
  const money: Money = (minor, signed = false) =>
    formatReceiptMoney(minor, report.currency, report.locale, { signed });
  const when = (instant: string) => formatReceiptDateTime(instant, report.timeZone, report.locale);

  header(build, report, options.copy, when);
  build.rule();
  sales(build, report, money);
  build.rule();
  tenders(build, report, money);
  build.rule();
  if (report.taxes.length > 0) {
    taxes(build, report, money);
    build.rule();
  }
  drawer(build, report, money);
  build.rule();
  if (report.closing) closingCount(build, report, money);
  else build.text(LABELS.notCounted, 'center');
  build.space();
  return build.blocks;
}

type Money = (minor: number, signed?: boolean) => string;
const count = (value: number) => String(value);

function header(
  build: LayoutBuilder,
  report: CashReport,
  copy: CashReportCopy,
  when: (instant: string) => string,
): void {
  build.title(report.storeName);
  build.marker(LABELS.titles[report.kind]);
  if (copy === 'reprint') build.marker(LABELS.reprint);
  build.row('info', LABELS.register, report.registerName);
  build.row('info', LABELS.opened, when(report.openedAt));
  if (report.openedBy) build.row('info', LABELS.openedBy, report.openedBy);
  if (report.closing) {
    build.row('info', LABELS.closed, when(report.closing.closedAt));
    if (report.closing.closedBy) build.row('info', LABELS.closedBy, report.closing.closedBy);
  } else build.row('info', LABELS.asOf, when(report.asOf));
  build.text(`${LABELS.session} ${report.cashSessionId}`, 'left');
}

function sales(build: LayoutBuilder, report: CashReport, money: Money): void {
  build.heading(LABELS.sectionSales);
  build.row('sales', `${LABELS.sales} (${report.sales.count})`, money(report.sales.totalMinor));
  build.row(
    'sales',
    `${LABELS.refunds} (${report.refunds.count})`,
    money(-report.refunds.totalMinor),
  );
  build.row('sales', LABELS.netSales, money(report.netSalesMinor), 0, true);
  build.row('info', LABELS.voids, count(report.voidsCount));
  if (report.openSalesCount > 0) build.row('info', LABELS.openSales, count(report.openSalesCount));
  if (report.parkedSalesCount > 0)
    build.row('info', LABELS.parkedSales, count(report.parkedSalesCount));
}

function tenders(build: LayoutBuilder, report: CashReport, money: Money): void {
  build.heading(LABELS.sectionTenders);
  for (const tender of report.tenders) {
    build.row('tender', `${tender.label} (${tender.salesCount})`, money(tender.salesMinor));
    if (tender.refundsCount > 0 || tender.refundsMinor !== 0) {
      build.row(
        'tender-detail',
        `${LABELS.tenderRefunds} (${tender.refundsCount})`,
        money(-tender.refundsMinor),
        1,
      );
      build.row('tender-detail', LABELS.tenderNet, money(tender.netMinor), 1);
    }
  }
}

/** Net tax per rate, what the sales' tax was charged on and, when refunds gave tax back, how much. */
function taxes(build: LayoutBuilder, report: CashReport, money: Money): void {
  build.heading(LABELS.sectionTaxes);
  for (const tax of report.taxes) {
    build.row('tax', `${tax.name} ${tax.rateLabel}`, money(tax.netTaxMinor), 0, true);
    build.row('tax-detail', LABELS.taxable, money(tax.salesTaxableMinor), 1);
    if (tax.refundsTaxMinor !== 0)
      build.row('tax-detail', LABELS.taxRefunded, money(-tax.refundsTaxMinor), 1);
  }
}

function drawer(build: LayoutBuilder, report: CashReport, money: Money): void {
  const { drawer: figures } = report;
  build.heading(LABELS.sectionDrawer);
  build.row('drawer', LABELS.openingFloat, money(figures.openingFloatMinor));
  build.row('drawer', LABELS.cashSales, money(figures.cashSalesMinor, true));
  build.row('drawer', LABELS.cashRefunds, money(-figures.cashRefundsMinor, true));
  build.row('drawer', `${LABELS.payIns} (${report.payInsCount})`, money(figures.payInsMinor, true));
  movements(build, report, 'pay_in', money);
  build.row(
    'drawer',
    `${LABELS.payOuts} (${report.payOutsCount})`,
    money(-figures.payOutsMinor, true),
  );
  movements(build, report, 'pay_out', money);
  build.row('info', LABELS.noSales, count(report.noSaleCount));
  build.row('expected', LABELS.expected, money(figures.expectedMinor), 0, true);
}

function movements(
  build: LayoutBuilder,
  report: CashReport,
  kind: 'pay_in' | 'pay_out',
  money: Money,
): void {
  for (const movement of report.movements ?? [])
    if (movement.kind === kind)
      build.row('movement', movement.reason ?? LABELS.noReason, money(movement.amountMinor), 1);
}

function closingCount(build: LayoutBuilder, report: CashReport, money: Money): void {
  const closing = report.closing;
  if (!closing) return;
  build.heading(LABELS.sectionCount);
  for (const line of closing.denominations)
    if (line.count > 0)
      build.row(
        'denomination',
        `${line.count} x ${money(line.valueMinor)}`,
        money(line.valueMinor * line.count),
        1,
      );
  build.row('counted', LABELS.counted, money(closing.countedMinor), 0, true);
  if (closing.changedSinceClose) {
    build.row('expected', LABELS.expectedAtClose, money(closing.expectedMinor), 0, true);
    build.text(LABELS.changedSinceClose, 'left');
  }
  const label =
    closing.overShortMinor > 0
      ? LABELS.over
      : closing.overShortMinor < 0
        ? LABELS.short
        : LABELS.even;
  build.row('over-short', label, money(closing.overShortMinor, true), 0, true);
  if (closing.note) build.text(`${LABELS.note} ${closing.note}`, 'left');
}

/** Collects blocks, normalising every text and wrapping it to the device's columns. */
class LayoutBuilder {
  readonly blocks: CashReportBlock[] = [];
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

  heading(raw: string): void {
    const text = printable(raw).trim();
    this.blocks.push({ kind: 'heading', text, lines: wrapText(text, this.#columns) });
  }

  text(raw: string, align: LineAlign): void {
    const text = printable(raw).trim();
    this.blocks.push({ kind: 'text', text, align, lines: wrapText(text, this.#columns) });
  }

  row(
    role: CashReportRowRole,
    rawLabel: string,
    rawAmount: string,
    indent: 0 | 1 = 0,
    bold = false,
  ): void {
    this.blocks.push(rowBlock(role, rawLabel, rawAmount, this.#columns, indent, bold));
  }

  rule(): void {
    this.blocks.push({ kind: 'rule', lines: ['-'.repeat(this.#columns)] });
  }

  space(): void {
    this.blocks.push(spaceBlock);
  }
}
