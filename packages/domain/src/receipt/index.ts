export type { ReceiptProblem } from './check.ts';
export {
  assertValidReceipt,
  checkReceipt,
  InvalidReceiptError,
  isInvalidReceiptError,
} from './check.ts';
export type { DiscountJson, TenderFacts } from './describe.ts';
export { discountLabel, rateLabel, tenderLabel, tenderReference } from './describe.ts';
export { documentIdFromDigits, documentIdToDigits } from './document-code.ts';
export type { ReceiptMoneyOptions } from './format.ts';
export { formatReceiptDateTime, formatReceiptMoney, formatReceiptQuantity } from './format.ts';
export type { ReceiptHtmlOptions } from './html.ts';
export { escapeHtml, renderReceiptHtml } from './html.ts';
export { RECEIPT_LABELS } from './labels.ts';
export type { ReceiptBlock, ReceiptLayoutOptions, ReceiptRowRole } from './layout.ts';
export { MAX_RECEIPT_COLUMNS, MIN_RECEIPT_COLUMNS, receiptLayout } from './layout.ts';
export * from './model.ts';
export { printable, textWidth } from './printable.ts';
export * from './receipt-number.ts';
export type { ReceiptTextOptions } from './text.ts';
export { blockAlign, renderReceiptText } from './text.ts';
export type { LineAlign } from './wrap.ts';
export { alignLine, composeRow, wrapText } from './wrap.ts';
