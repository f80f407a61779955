// Helpers for the receipt tests: a receipt read back through the API, and the arithmetic every
// receipt must satisfy against the stored document, to the cent.
import type { Receipt } from '@tillpoint/domain';
import { expect } from 'vitest';
import type { Caller } from '../../testing/index.ts';
import type { RefundView } from '../sales/refund-schemas.ts';
import type { SaleView } from '../sales/sale-schemas.ts';

export const api = (path: string) => `/api/v1${path}`;

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** A receipt as JSON, asserting it was served. */
export async function receiptOf(
  caller: Caller,
  document: { type: 'sales' | 'refunds'; id: string },
  query = '',
): Promise<Receipt> {
  const response = await caller.get<Receipt>(
    api(`/${document.type}/${document.id}/receipt${query ? `?${query}` : ''}`),
  );
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

/** The receipt's own arithmetic: what any reader adding it up by hand would check. */
export function expectReceiptAddsUp(receipt: Receipt): void {
  const lines = receipt.lines;
  expect(sum(lines.map((line) => line.grossMinor))).toBe(receipt.subtotalMinor);
  expect(sum(lines.map((line) => line.discountMinor))).toBe(receipt.discountTotalMinor);
  for (const line of lines) expect(line.grossMinor - line.discountMinor).toBe(line.amountMinor);
  const taxMinor = sum(receipt.taxes.map((tax) => tax.taxMinor));
  expect(
    receipt.subtotalMinor - receipt.discountTotalMinor + (receipt.taxIncluded ? 0 : taxMinor),
  ).toBe(receipt.totalMinor);
  const kept = sum(receipt.tenders.map((tender) => tender.amountMinor));
  const handed = sum(receipt.tenders.map((tender) => tender.tenderedMinor));
  expect(kept - receipt.cashRoundingMinor).toBe(receipt.totalMinor);
  expect(handed - receipt.changeMinor - receipt.cashRoundingMinor).toBe(receipt.totalMinor);
}

/** The receipt shows the sale exactly as stored. */
export function expectReceiptOfSale(receipt: Receipt, sale: SaleView): void {
  expectReceiptAddsUp(receipt);
  expect(receipt).toMatchObject({
    kind: 'sale',
    documentId: sale.id,
    currency: sale.currency,
    totalMinor: sale.totals.totalMinor,
    subtotalMinor: sale.totals.grossMinor,
    changeMinor: sale.changeMinor,
    cashRoundingMinor: sale.cashRoundingMinor,
    taxIncluded: sale.taxMode === 'inclusive',
  });
  expect(sum(receipt.taxes.map((tax) => tax.taxMinor))).toBe(sale.totals.taxMinor);
  expect(receipt.lines.map((line) => line.description)).toEqual(
    sale.lines.map((line) => line.name),
  );
  const captured = sale.payments.filter((payment) => payment.status === 'captured');
  expect(receipt.tenders.map((tender) => [tender.kind, tender.amountMinor])).toEqual(
    captured.map((payment) => [payment.kind, payment.appliedMinor]),
  );
}

/** The receipt shows the refund exactly as stored. */
export function expectReceiptOfRefund(receipt: Receipt, refund: RefundView): void {
  expectReceiptAddsUp(receipt);
  expect(receipt).toMatchObject({
    kind: 'refund',
    documentId: refund.id,
    totalMinor: refund.totalMinor,
    subtotalMinor: refund.grossMinor,
    cashRoundingMinor: refund.cashRoundingMinor,
    changeMinor: 0,
  });
  expect(sum(receipt.taxes.map((tax) => tax.taxMinor))).toBe(refund.taxMinor);
  expect(sum(receipt.tenders.map((tender) => tender.amountMinor))).toBe(refund.paidOutMinor);
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly text: string;
  readonly bytes: Buffer;
}

/** A GET whose answer is not JSON (text, HTML, printer bytes), as the caller. */
export async function getRaw(caller: Caller, path: string): Promise<RawResponse> {
  const headers: Record<string, string> = {};
  if (caller.cookie) headers.cookie = caller.cookie;
  if (caller.bearer) headers.authorization = `Bearer ${caller.bearer}`;
  const response = await caller.app.inject({
    method: 'GET',
    url: api(path),
    headers,
    remoteAddress: caller.ip,
  });
  return {
    status: response.statusCode,
    headers: response.headers,
    text: response.body,
    bytes: response.rawPayload,
  };
}
