import type { Tx } from '@tillpoint/db';
import type { Receipt } from '@tillpoint/domain';
import type { ServiceContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { canAccessStore } from '../identity/authorize.ts';
import { buildRefundReceipt, buildSaleReceipt } from '../receipts/build-receipt.ts';
import { selectRefund } from '../sales/refund-queries.ts';
import { selectSale } from '../sales/sale-queries.ts';
import type { DocumentKind } from './queries.ts';

// The sale or refund an email is about, checked the way GET /sales/{id}/receipt checks it (same
// codes), so whoever may read a receipt may email it and nobody else.

export interface DocumentRef {
  readonly kind: DocumentKind;
  readonly id: string;
}

function storeForbidden(storeId: string): AppError {
  return new AppError('auth.store_forbidden', 'You are not assigned to this store.', { storeId });
}

/** The store of a document the reader may have a receipt of; throws the receipt route's errors. */
export async function receiptDocumentStore(
  tx: Tx,
  ctx: ServiceContext,
  document: DocumentRef,
): Promise<string> {
  if (document.kind === 'refund') {
    const refund = await selectRefund(tx, document.id);
    if (!refund) throw notFound('refund', document.id);
    if (!canAccessStore(ctx.actor, refund.storeId)) throw storeForbidden(refund.storeId);
    return refund.storeId;
  }
  const sale = await selectSale(tx, document.id);
  if (!sale) throw notFound('sale', document.id);
  if (!canAccessStore(ctx.actor, sale.storeId)) throw storeForbidden(sale.storeId);
  if (sale.status !== 'completed')
    throw new AppError(
      'sale.not_completed',
      `This sale is ${sale.status}: only a completed sale has a receipt. Complete it first.`,
      { saleId: document.id, status: sale.status },
    );
  return sale.storeId;
}

/** The receipt as stored now, for the sending job; null when the document is gone. */
export async function receiptOfDocument(tx: Tx, document: DocumentRef): Promise<Receipt | null> {
  if (document.kind === 'refund') {
    const refund = await selectRefund(tx, document.id);
    return refund ? buildRefundReceipt(tx, refund) : null;
  }
  const sale = await selectSale(tx, document.id);
  return sale && sale.status === 'completed' ? buildSaleReceipt(tx, sale) : null;
}
