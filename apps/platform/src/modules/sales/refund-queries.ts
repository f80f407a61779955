import { sql, type Tx } from '@tillpoint/db';
import { fromMilli } from '@tillpoint/domain';
import type {
  RefundLineView,
  RefundPaymentView,
  RefundSummaryView,
  RefundView,
} from './refund-schemas.ts';

// Reading refunds back as the API shows them. Quantities are stored in thousandths and shown as
// decimal numbers; money is shown as stored.

const headerColumns = sql`r.id, r.kind, r.sale_id as "saleId", r.store_id as "storeId",
  r.register_id as "registerId", r.cash_session_id as "cashSessionId",
  r.receipt_number as "receiptNumber", r.customer_id as "customerId", r.destination, r.reason,
  r.approval_id as "approvalId", r.exchange_sale_id as "exchangeSaleId", r.currency,
  r.total_minor as "totalMinor", r.paid_out_minor as "paidOutMinor",
  r.cash_rounding_minor as "cashRoundingMinor", to_json(r.occurred_at) #>> '{}' as "occurredAt",
  r.actor_id as "actorId", to_json(r.created_at) #>> '{}' as "createdAt"`;

type Header = Omit<RefundSummaryView, 'lineCount'>;
type Totals = Pick<
  RefundView,
  | 'grossMinor'
  | 'lineDiscountMinor'
  | 'orderDiscountMinor'
  | 'subtotalMinor'
  | 'taxMinor'
  | 'exemptTaxRemovedMinor'
  | 'taxes'
>;

async function selectLines(tx: Tx, refundId: string): Promise<RefundLineView[]> {
  const rows = await tx.query<Omit<RefundLineView, 'quantity'> & { quantityMilli: number }>(
    sql`select id, position, sale_line_id as "saleLineId", variant_id as "variantId", name,
      quantity_milli as "quantityMilli", gross_minor as "grossMinor",
      line_discount_minor as "lineDiscountMinor", order_discount_minor as "orderDiscountMinor",
      net_minor as "netMinor", line_taxes as taxes, tax_minor as "taxMinor",
      exempt_tax_removed_minor as "exemptTaxRemovedMinor", total_minor as "totalMinor", restock,
      restock_reason as "restockReason"
    from refund_lines where refund_id = ${refundId} order by position`,
  );
  return rows.map(({ quantityMilli, ...row }) => ({ ...row, quantity: fromMilli(quantityMilli) }));
}

async function selectPayments(tx: Tx, refundId: string): Promise<RefundPaymentView[]> {
  return tx.query<RefundPaymentView>(sql`select p.id, p.position, p.kind,
      p.amount_minor as "amountMinor", p.sale_payment_id as "salePaymentId",
      p.gift_card_id as "giftCardId", g.code_last4 as "giftCardLast4",
      p.customer_id as "customerId", p.cash_session_id as "cashSessionId", p.reference
    from refund_payments p
    left join gift_cards g on g.tenant_id = p.tenant_id and g.id = p.gift_card_id
    where p.refund_id = ${refundId} order by p.position`);
}

/** Tenders the till cannot pay back itself: the cashier refunds them on the terminal or by hand. */
const OUTSIDE_THE_TILL = new Set(['card', 'external', 'other']);

export async function selectRefund(tx: Tx, id: string): Promise<RefundView | null> {
  const header = await tx.maybeOne<Header & Totals>(sql`select ${headerColumns},
      r.gross_minor as "grossMinor", r.line_discount_minor as "lineDiscountMinor",
      r.order_discount_minor as "orderDiscountMinor", r.subtotal_minor as "subtotalMinor",
      r.tax_minor as "taxMinor", r.exempt_tax_removed_minor as "exemptTaxRemovedMinor",
      r.tax_totals as taxes
    from refunds r where r.id = ${id}`);
  if (!header) return null;
  const payments = await selectPayments(tx, id);
  return {
    ...header,
    lines: await selectLines(tx, id),
    payments,
    terminalRefunds: payments
      .filter((payment) => OUTSIDE_THE_TILL.has(payment.kind))
      .map((payment) => ({
        refundPaymentId: payment.id,
        kind: payment.kind,
        reference: payment.reference,
        amountMinor: payment.amountMinor,
      })),
  };
}

export async function selectRefundIdsOfSale(tx: Tx, saleId: string): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    sql`select id from refunds where sale_id = ${saleId} order by created_at, id`,
  );
  return rows.map((row) => row.id);
}

/**
 * Newest first. Registers may choose refund ids (random UUIDs), so the order is by creation
 * time with the id as tie-break, and the cursor is the last id of the previous page.
 */
export function selectRefunds(
  tx: Tx,
  filter: {
    storeIds: readonly string[] | null;
    storeId?: string;
    registerId?: string;
    before?: string;
    limit: number;
  },
): Promise<RefundSummaryView[]> {
  const storeId = filter.storeId ?? null;
  const registerId = filter.registerId ?? null;
  const before = filter.before ?? null;
  return tx.query<RefundSummaryView>(sql`select ${headerColumns},
      (select count(*)::int from refund_lines l where l.refund_id = r.id) as "lineCount"
    from refunds r
    where (${filter.storeIds === null} or r.store_id = any(${filter.storeIds ?? []}::uuid[]))
      and (${storeId}::uuid is null or r.store_id = ${storeId}::uuid)
      and (${registerId}::uuid is null or r.register_id = ${registerId}::uuid)
      and (${before}::uuid is null or (r.created_at, r.id) <
        (select c.created_at, c.id from refunds c where c.id = ${before}::uuid))
    order by r.created_at desc, r.id desc limit ${filter.limit}`);
}
