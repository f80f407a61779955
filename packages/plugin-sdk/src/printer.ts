import type { CashReport, CashReportCopy, Receipt, ReceiptCopy } from '@tillpoint/domain';
import type { ConnectionCheck } from './common.ts';

// A printer plugin turns receipts into the bytes a printer understands. It does not talk to the
// printer: the store's bridge does (the platform has no route to a shop's LAN), so the register
// keeps printing while the internet is down as long as it has the bytes or can render them.

export const ESC_POS_CONTENT_TYPE = 'application/vnd.tillpoint.escpos';

export interface PrintJobBytes {
  readonly contentType: typeof ESC_POS_CONTENT_TYPE;
  readonly bytes: Uint8Array;
  /** The job ends with a drawer kick (cash sales). */
  readonly opensDrawer: boolean;
}

export interface RenderOptions {
  readonly copy: ReceiptCopy;
  /** Kick the drawer after printing (a cash tender on a sale). */
  readonly openDrawer: boolean;
}

export interface CashReportRenderOptions {
  /** reprint: the report is marked as a duplicate. */
  readonly copy: CashReportCopy;
}

export interface PrinterAdapter {
  /** Characters per line of the normal font on the configured paper. */
  readonly columns: number;
  readonly paperWidthMm: 58 | 80;
  testConnection(): Promise<ConnectionCheck>;
  renderReceipt(receipt: Receipt, options: RenderOptions): PrintJobBytes;
  /**
   * An X or Z report for the receipt printer (stapled to the cash bag at close). Never kicks the
   * drawer; refuses a report whose figures do not add up with document.invalid.
   */
  renderCashReport(report: CashReport, options: CashReportRenderOptions): PrintJobBytes;
  renderTestPage(storeName: string): PrintJobBytes;
  /** Just the drawer pulse (no-sale, pay-in/out). */
  openDrawer(): PrintJobBytes;
}
