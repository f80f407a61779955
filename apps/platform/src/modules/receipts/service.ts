import type { Database, Tx } from '@tillpoint/db';
import type { Receipt, ReceiptCopy } from '@tillpoint/domain';
import type { RequestContext, ServiceContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, canAccessStore } from '../identity/authorize.ts';
import { selectRefund } from '../sales/refund-queries.ts';
import { selectSale } from '../sales/sale-queries.ts';
import { buildRefundReceipt, buildSaleReceipt } from './build-receipt.ts';
import type { ReceiptPrinters } from './printers.ts';
import { loadReceiptProfile } from './profile-service.ts';
import { type RenderedReceipt, renderReceipt } from './render.ts';
import type { ReceiptQueryInput } from './schemas.ts';

// Receipts of sales and refunds, in the format asked for. Reading one is a sales.read matter,
// limited to the stores the reader works in (a register: its own store); a reprint is audited,
// once it has been produced, so the trail shows every duplicate that left the shop.

type Document = { readonly type: 'sale' | 'refund'; readonly id: string };

function storeForbidden(storeId: string): AppError {
  return new AppError('auth.store_forbidden', 'You are not assigned to this store.', { storeId });
}

async function loadSaleReceipt(tx: Tx, ctx: ServiceContext, id: string) {
  const sale = await selectSale(tx, id);
  if (!sale) throw notFound('sale', id);
  if (!canAccessStore(ctx.actor, sale.storeId)) throw storeForbidden(sale.storeId);
  if (sale.status !== 'completed')
    throw new AppError(
      'sale.not_completed',
      `This sale is ${sale.status}: only a completed sale has a receipt. Complete it first.`,
      { saleId: id, status: sale.status },
    );
  return { storeId: sale.storeId, receipt: await buildSaleReceipt(tx, sale) };
}

async function loadRefundReceipt(tx: Tx, ctx: ServiceContext, id: string) {
  const refund = await selectRefund(tx, id);
  if (!refund) throw notFound('refund', id);
  if (!canAccessStore(ctx.actor, refund.storeId)) throw storeForbidden(refund.storeId);
  return { storeId: refund.storeId, receipt: await buildRefundReceipt(tx, refund) };
}

export function createReceiptService(db: Database, printers: ReceiptPrinters) {
  async function produce(
    ctx: RequestContext,
    document: Document,
    query: ReceiptQueryInput,
  ): Promise<RenderedReceipt> {
    const authed = authorize(ctx, 'sales.read');
    const { storeId, receipt } = await db.withTenant(authed, (tx) =>
      document.type === 'sale'
        ? loadSaleReceipt(tx, authed, document.id)
        : loadRefundReceipt(tx, authed, document.id),
    );
    const copy: ReceiptCopy = query.copy ?? 'customer';
    const rendered = await renderReceipt(receipt, {
      format: query.format ?? 'json',
      copy,
      columns: query.columns ?? 42,
      openDrawer: query.openDrawer === true,
      printer: () => printers.printerFor(authed, storeId),
    });
    if (copy === 'reprint') await auditReprint(authed, document, storeId, receipt, query);
    return rendered;
  }

  function auditReprint(
    ctx: ServiceContext,
    document: Document,
    storeId: string,
    receipt: Receipt,
    query: ReceiptQueryInput,
  ): Promise<void> {
    return db.withTenant(ctx, (tx) =>
      recordAudit(tx, ctx, {
        action: 'receipt.reprinted',
        targetType: document.type,
        targetId: document.id,
        storeId,
        after: {
          receiptNumber: receipt.receiptNumber,
          format: query.format ?? 'json',
          totalMinor: receipt.totalMinor,
        },
      }),
    );
  }

  return {
    /** The receipt of a completed sale. */
    sale(ctx: RequestContext, saleId: string, query: ReceiptQueryInput) {
      return produce(ctx, { type: 'sale', id: saleId }, query);
    },
    /** The receipt of a refund (refunds, exchange returns, reversals). */
    refund(ctx: RequestContext, refundId: string, query: ReceiptQueryInput) {
      return produce(ctx, { type: 'refund', id: refundId }, query);
    },
    /** What a register needs to build and print receipts by itself (profile-service.ts). */
    profile(ctx: RequestContext, registerId: string) {
      return loadReceiptProfile(db, ctx, registerId);
    },
  };
}

export type ReceiptService = ReturnType<typeof createReceiptService>;
