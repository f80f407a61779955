import { sql, type Tx } from '@tillpoint/db';
import type { DiscountJson } from '@tillpoint/domain';

// What a receipt needs beyond the sale and refund documents themselves (read with the sales
// module's own queries): who and where it was issued, names of rates, people and cards.

export interface IssuerRow {
  readonly tenantName: string;
  readonly country: string;
  readonly tenantSettings: Record<string, unknown>;
  readonly tenantTaxMode: 'exclusive' | 'inclusive';
  readonly storeName: string;
  readonly address: Record<string, unknown>;
  readonly timeZone: string;
  readonly receiptHeader: string;
  readonly receiptFooter: string;
  readonly registerName: string;
}

export function selectIssuer(tx: Tx, storeId: string, registerId: string): Promise<IssuerRow> {
  return tx.one<IssuerRow>(sql`select t.name as "tenantName", t.country,
      t.settings as "tenantSettings", t.tax_mode as "tenantTaxMode", s.name as "storeName",
      s.address, s.timezone as "timeZone", s.receipt_header as "receiptHeader",
      s.receipt_footer as "receiptFooter", r.name as "registerName"
    from stores s
    join tenants t on t.id = s.tenant_id
    join registers r on r.tenant_id = s.tenant_id and r.id = ${registerId}
    where s.id = ${storeId}`);
}

export async function selectUserName(tx: Tx, userId: string | null): Promise<string | null> {
  if (userId === null) return null;
  const row = await tx.maybeOne<{ name: string }>(sql`select name from users where id = ${userId}`);
  return row?.name ?? null;
}

export async function selectCustomerName(
  tx: Tx,
  customerId: string | null,
): Promise<string | null> {
  if (customerId === null) return null;
  const row = await tx.maybeOne<{ name: string }>(
    sql`select name from customers where id = ${customerId}`,
  );
  return row?.name ?? null;
}

/**
 * The person who completed the sale, from its audit row: a sale rung up by one cashier may be
 * paid and completed by another (a shift change), and the receipt names the one who took the
 * money. null when a device or an API token completed it.
 */
export async function selectSaleCompleter(tx: Tx, saleId: string): Promise<string | null> {
  const row = await tx.maybeOne<{ actorId: string }>(sql`select actor_id as "actorId"
    from audit_events
    where target_type = 'sale' and target_id = ${saleId} and action = 'sale.completed'
      and actor_type = 'user'
    order by seq desc limit 1`);
  return row?.actorId ?? null;
}

export async function selectTaxRateNames(
  tx: Tx,
  rateIds: readonly string[],
): Promise<Map<string, string>> {
  if (rateIds.length === 0) return new Map();
  const rows = await tx.query<{ id: string; name: string }>(
    sql`select id, name from tax_rates where id = any(${rateIds}::uuid[])`,
  );
  return new Map(rows.map((row) => [row.id, row.name]));
}

export interface CardDetails {
  readonly brand: string | null;
  readonly last4: string | null;
}

/**
 * Brand and last four digits of the cards behind sale payments (card tenders of a sale, or the
 * sale payments a refund gives money back to), keyed by the sale payment id.
 */
export async function selectCardsOfPayments(
  tx: Tx,
  salePaymentIds: readonly string[],
): Promise<Map<string, CardDetails>> {
  if (salePaymentIds.length === 0) return new Map();
  const rows = await tx.query<{ id: string; brand: string | null; last4: string | null }>(
    sql`select sp.id, c.card_brand as brand, c.card_last4 as last4
      from sale_payments sp
      join card_payments c on c.tenant_id = sp.tenant_id and c.id = sp.card_payment_id
      where sp.id = any(${salePaymentIds}::uuid[])`,
  );
  return new Map(rows.map((row) => [row.id, { brand: row.brand, last4: row.last4 }]));
}

export interface OriginalSaleRow {
  readonly receiptNumber: number | null;
  readonly taxMode: 'exclusive' | 'inclusive';
  readonly orderDiscount: DiscountJson | null;
}

export function selectOriginalSale(tx: Tx, saleId: string): Promise<OriginalSaleRow | null> {
  return tx.maybeOne<OriginalSaleRow>(sql`select receipt_number as "receiptNumber",
      tax_mode as "taxMode", order_discount as "orderDiscount"
    from sales where id = ${saleId}`);
}

/** What a refund line does not copy from the sold line (or, without a receipt, the catalog). */
export interface RefundLineFacts {
  readonly id: string;
  readonly quantityMilli: number;
  readonly sku: string | null;
  readonly unit: 'each' | 'weight';
  readonly unitPriceMinor: number | null;
  readonly discount: DiscountJson | null;
}

export async function selectRefundLineFacts(
  tx: Tx,
  refundId: string,
): Promise<Map<string, RefundLineFacts>> {
  const rows =
    await tx.query<RefundLineFacts>(sql`select rl.id, rl.quantity_milli as "quantityMilli",
      coalesce(sl.sku, v.sku) as sku, coalesce(sl.unit, p.unit, 'each') as unit,
      sl.unit_price_minor as "unitPriceMinor", sl.discount
    from refund_lines rl
    left join sale_lines sl on sl.tenant_id = rl.tenant_id and sl.id = rl.sale_line_id
    left join variants v on v.tenant_id = rl.tenant_id and v.id = rl.variant_id
    left join products p on p.tenant_id = v.tenant_id and p.id = v.product_id
    where rl.refund_id = ${refundId}`);
  return new Map(rows.map((row) => [row.id, row]));
}

/** The refund header the sales module's view leaves out: whether it was made offline. */
export async function selectRefundOrigin(tx: Tx, refundId: string): Promise<'online' | 'offline'> {
  const row = await tx.one<{ origin: 'online' | 'offline' }>(
    sql`select origin from refunds where id = ${refundId}`,
  );
  return row.origin;
}
