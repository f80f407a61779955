import { toMilli } from '@tillpoint/domain';
import type { NoReceiptRefundInput, ReceiptRefundInput, RefundView } from './refund-schemas.ts';

// Natural idempotency (ADR 0009): a register may choose a refund's id and send it again after a
// timeout. The same request gets the stored refund back; anything else under that id is refused.
// "The same" is judged on what the request asked for, compared with what was stored.

const same = (stored: string | null, asked: string | undefined) =>
  asked === undefined || stored === asked;

function sameLines(
  stored: RefundView['lines'],
  asked: readonly {
    key: string;
    quantity: number;
    restock: boolean;
    restockReason?: string | undefined;
  }[],
  keyOf: (line: RefundView['lines'][number]) => string | null,
): boolean {
  if (stored.length !== asked.length) return false;
  return asked.every((line, index) => {
    const row = stored[index];
    return (
      row !== undefined &&
      keyOf(row) === line.key &&
      toMilli(row.quantity) === toMilli(line.quantity) &&
      row.restock === line.restock &&
      row.restockReason === (line.restockReason?.trim() || null)
    );
  });
}

export function isSameReceiptRefund(
  stored: RefundView,
  input: ReceiptRefundInput,
  registerId: string,
): boolean {
  return (
    stored.kind === 'refund' &&
    stored.saleId === input.saleId &&
    stored.registerId === registerId &&
    same(stored.destination, input.destination) &&
    stored.reason === (input.reason ?? null) &&
    (input.expectedTotalMinor === undefined || input.expectedTotalMinor === stored.totalMinor) &&
    sameLines(
      stored.lines,
      input.lines.map((line) => ({ ...line, key: line.saleLineId })),
      (row) => row.saleLineId,
    )
  );
}

export function isSameNoReceiptRefund(
  stored: RefundView,
  input: NoReceiptRefundInput,
  registerId: string,
): boolean {
  return (
    stored.kind === 'refund' &&
    stored.saleId === null &&
    stored.registerId === registerId &&
    stored.destination === input.destination &&
    stored.customerId === (input.customerId ?? null) &&
    stored.reason === (input.reason ?? null) &&
    (input.expectedTotalMinor === undefined || input.expectedTotalMinor === stored.totalMinor) &&
    sameLines(
      stored.lines,
      input.lines.map((line) => ({ ...line, key: line.variantId })),
      (row) => row.variantId,
    )
  );
}
