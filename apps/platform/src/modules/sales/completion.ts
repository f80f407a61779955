import { sql, type Tx } from '@tillpoint/db';
import { addMinor, fromMilli } from '@tillpoint/domain';
import type { ServiceContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import type { Outbox } from '../../events/outbox.ts';
import { recordAudit } from '../audit/service.ts';
import { openCashSessionOf } from '../cash/open-session.ts';
import { changeGiftCardBalance } from '../gift-cards/gift-card-ledger.ts';
import { applyMovements } from '../inventory/ledger.ts';
import { assertStoredPricing } from './pricing.ts';
import { issueReceiptNumber } from './receipt-numbers.ts';
import { type LineRow, type SaleRow, selectLines, selectSale } from './sale-queries.ts';
import type { SaleFlagView } from './sale-schemas.ts';

// Completing a sale, all in the caller's transaction (everything or nothing): the stored figures
// are re-checked against the engine, stock leaves the shelf, sold gift cards get their value,
// and the register's next receipt number is taken LAST, so the register row (which orders every
// completion on that register) is held for as short a time as possible.

export interface CompletionOptions {
  /** Offline sales already happened: stock may go negative, which is flagged instead. */
  readonly offline: boolean;
  /** The register's clock for the stock movements (offline); null: now. */
  readonly occurredAt: string | null;
  /** Flags raised while submitting (added to the sale's). */
  readonly flags: readonly SaleFlagView[];
  readonly allowNegativeStock: boolean;
  /** More facts for the 'sale.completed' audit row (e.g. how an offline sale was submitted). */
  readonly audit?: Readonly<Record<string, unknown>>;
}

export function emptySale(saleId: string): AppError {
  return new AppError('sale.empty', 'This sale has no lines; add an item or void it.', { saleId });
}

export function balanceDue(sale: SaleRow): AppError {
  return new AppError(
    'sale.balance_due',
    `${sale.totalMinor - sale.paidMinor} (minor units) is still due on this sale; take payment ` +
      'for the rest before completing it.',
    { saleId: sale.id, totalMinor: sale.totalMinor, paidMinor: sale.paidMinor },
  );
}

async function moveStock(
  tx: Tx,
  ctx: ServiceContext,
  outbox: Outbox,
  sale: SaleRow,
  lines: readonly LineRow[],
  options: CompletionOptions,
): Promise<SaleFlagView[]> {
  const items = lines.filter((line) => line.kind === 'item' && line.variantId !== null);
  const changes = await applyMovements(
    tx,
    ctx,
    outbox,
    items.map((line) => ({
      storeId: sale.storeId,
      variantId: line.variantId ?? '',
      kind: 'sold' as const,
      quantityMilli: -line.quantityMilli,
      referenceType: 'sale',
      referenceId: sale.id,
      occurredAt: options.occurredAt,
    })),
    { untracked: 'skip', allowNegative: options.offline || options.allowNegativeStock },
  );
  // Where the online rules would have refused the sale, a manager gets to look at the shelf.
  if (!options.offline || options.allowNegativeStock) return [];
  return changes
    .filter((change) => change.afterMilli < 0)
    .map((change) => ({
      code: 'stock_negative' as const,
      message: 'Sold offline with more than was in stock; count the shelf.',
      storeId: change.storeId,
      variantId: change.variantId,
      onHand: fromMilli(change.afterMilli),
    }));
}

/** Gift cards sold on the sale hold their value from now on. */
async function loadGiftCards(
  tx: Tx,
  ctx: ServiceContext,
  sale: SaleRow,
  lines: readonly LineRow[],
): Promise<void> {
  for (const line of lines) {
    if (line.kind !== 'gift_card' || line.giftCardId === null) continue;
    const { issued } = await tx.one<{ issued: boolean }>(sql`select exists (select 1
      from gift_card_entries where gift_card_id = ${line.giftCardId}) as issued`);
    await changeGiftCardBalance(tx, ctx, {
      giftCardId: line.giftCardId,
      kind: issued ? 'top_up' : 'issue',
      amountMinor: line.totalMinor,
      saleId: sale.id,
    });
  }
}

/** Completes a locked, open, fully paid sale. Returns its receipt number. */
export async function completeSale(
  tx: Tx,
  ctx: ServiceContext,
  outbox: Outbox,
  saleId: string,
  options: CompletionOptions,
): Promise<number> {
  const sale = await selectSale(tx, saleId, 'for update');
  if (!sale) throw new Error(`sale ${saleId} vanished while completing`);
  const lines = await selectLines(tx, saleId);
  if (lines.length === 0) throw emptySale(saleId);
  assertStoredPricing(sale, lines);
  if (sale.paidMinor !== sale.totalMinor) throw balanceDue(sale);

  const stockFlags = await moveStock(tx, ctx, outbox, sale, lines, options);
  await loadGiftCards(tx, ctx, sale, lines);
  const drawer = sale.cashSessionId ?? (await openCashSessionOf(tx, sale.registerId))?.id ?? null;
  const flags = [...sale.flags, ...options.flags, ...stockFlags];

  const receiptNumber = await issueReceiptNumber(tx, ctx, sale.registerId, {
    type: 'sale',
    id: saleId,
  });
  await tx.execute(sql`update sales set status = 'completed', completed_at = now(),
      receipt_number = ${receiptNumber}, cash_session_id = ${drawer}, flags = ${sql.json(flags)},
      version = version + 1
    where id = ${saleId}`);

  const totals = {
    totalMinor: sale.totalMinor,
    subtotalMinor: sale.subtotalMinor,
    taxMinor: sale.taxMinor,
    discountMinor: addMinor(sale.lineDiscountMinor, sale.orderDiscountMinor, 'Discounts'),
    paidMinor: sale.paidMinor,
    changeMinor: sale.changeMinor,
    cashRoundingMinor: sale.cashRoundingMinor,
  };
  await recordAudit(tx, ctx, {
    action: 'sale.completed',
    targetType: 'sale',
    targetId: saleId,
    storeId: sale.storeId,
    after: {
      receiptNumber,
      registerId: sale.registerId,
      origin: sale.origin,
      ...totals,
      flags,
      ...options.audit,
    },
  });
  await outbox.emit(tx, ctx.tenantId, {
    topic: 'sale.completed',
    storeId: sale.storeId,
    payload: {
      saleId,
      receiptNumber,
      registerId: sale.registerId,
      currency: sale.currency,
      occurredAt: sale.occurredAt,
      ...totals,
    },
  });
  return receiptNumber;
}
