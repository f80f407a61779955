import { sql, type Tx } from '@tillpoint/db';
import type { PurchaseCursor } from './cursor.ts';
import type { PurchaseView } from './schemas.ts';

/**
 * A customer's completed sales and the refunds against them (or paid to them without a receipt),
 * newest first by when they happened (an offline sale keeps the register's time), then id;
 * before = the last (occurredAt, id) of the previous page. Header figures only: the lines of a
 * sale are the sales module's to show.
 */
export function selectPurchases(
  tx: Tx,
  customerId: string,
  before: PurchaseCursor | null,
  limit: number,
): Promise<PurchaseView[]> {
  const page = before
    ? sql`where (h.at, h.id) < (${before.at}::timestamptz, ${before.id}::uuid)`
    : sql.empty;
  return tx.query<PurchaseView>(sql`
    with customer_sales as (
      select * from sales s where s.customer_id = ${customerId} and s.status = 'completed'
    ), history as (
      select 'sale' as type, s.id, s.receipt_number, s.store_id, s.register_id, s.currency,
        s.occurred_at as at, s.completed_at as done_at, s.total_minor, s.refunded_minor,
        null::uuid as sale_id, null::text as refund_kind, null::text as destination
      from customer_sales s
      union all
      select 'refund', r.id, r.receipt_number, r.store_id, r.register_id, r.currency,
        r.occurred_at, r.created_at, r.total_minor, null::bigint, r.sale_id, r.kind, r.destination
      from refunds r
      where r.customer_id = ${customerId}
        or r.sale_id in (select id from customer_sales)
    )
    select h.type, h.id, h.receipt_number as "receiptNumber", h.store_id as "storeId",
      h.register_id as "registerId", h.currency::text as currency,
      to_json(h.at) #>> '{}' as "occurredAt", to_json(h.done_at) #>> '{}' as "completedAt",
      h.total_minor as "totalMinor", h.refunded_minor as "refundedMinor", h.sale_id as "saleId",
      h.refund_kind as "refundKind", h.destination as "refundDestination"
    from history h ${page}
    order by h.at desc, h.id desc
    limit ${limit}`);
}
