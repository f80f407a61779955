// One way to print a receipt number, used wherever a number reaches paper or a screen. Numbers
// run per register (gapless, see the platform's sales/receipt-numbers.ts); six digits keep them aligned on a
// till roll and sortable as text, and longer numbers are printed in full rather than cut.

const WIDTH = 6;

export function formatReceiptNumber(receiptNumber: number): string {
  if (!Number.isSafeInteger(receiptNumber) || receiptNumber <= 0)
    throw new Error(`A receipt number is a positive whole number, got ${String(receiptNumber)}.`);
  return String(receiptNumber).padStart(WIDTH, '0');
}
