import { sql, type Tx } from '@tillpoint/db';
import type { LineTax, RateTotal, TaxRate } from '@tillpoint/domain';
import type {
  DiscountInput,
  PaymentKind,
  SaleFlagView,
  SaleQueryInput,
  SaleStatus,
  SaleSummaryView,
} from './sale-schemas.ts';

// SQL of the sales module: the sale header, its lines and payments, as typed rows. Services lock
// the header (`for update`) before any change, so every writer of one sale runs one at a time.

export interface SaleRow {
  readonly id: string;
  readonly status: SaleStatus;
  readonly receiptNumber: number | null;
  readonly storeId: string;
  readonly registerId: string;
  readonly cashSessionId: string | null;
  readonly customerId: string | null;
  readonly cashierId: string | null;
  readonly deviceId: string | null;
  readonly currency: string;
  readonly taxMode: 'exclusive' | 'inclusive';
  readonly taxRounding: 'line' | 'document';
  readonly roundingMode: 'half_up' | 'half_even';
  readonly cashIncrementMinor: number;
  readonly taxExempt: boolean;
  readonly orderDiscount: DiscountInput | null;
  readonly orderDiscountApprovalId: string | null;
  readonly grossMinor: number;
  readonly lineDiscountMinor: number;
  readonly orderDiscountMinor: number;
  readonly subtotalMinor: number;
  readonly taxMinor: number;
  readonly exemptTaxRemovedMinor: number;
  readonly totalMinor: number;
  readonly taxTotals: RateTotal[];
  readonly paidMinor: number;
  readonly changeMinor: number;
  readonly cashRoundingMinor: number;
  readonly origin: 'online' | 'offline';
  readonly offlineReference: string | null;
  readonly occurredAt: string;
  readonly flags: SaleFlagView[];
  readonly note: string | null;
  readonly version: number;
  readonly parkedAt: string | null;
  readonly completedAt: string | null;
  readonly voidedAt: string | null;
  readonly voidReason: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly submissionHash: Buffer | null;
  /** Captured (not reversed) payments: once there is one, the lines are fixed. */
  readonly capturedPayments: number;
  readonly lineCount: number;
}

const ts = (column: string) => sql`to_json(${sql.identifier(column)}) #>> '{}'`;

const headerColumns = sql`s.id, s.status, s.receipt_number as "receiptNumber",
  s.store_id as "storeId", s.register_id as "registerId", s.cash_session_id as "cashSessionId",
  s.customer_id as "customerId", s.cashier_id as "cashierId", s.device_id as "deviceId",
  s.currency, s.tax_mode as "taxMode", s.tax_rounding as "taxRounding",
  s.rounding_mode as "roundingMode", s.cash_increment_minor as "cashIncrementMinor",
  s.tax_exempt as "taxExempt", s.order_discount as "orderDiscount",
  s.order_discount_approval_id as "orderDiscountApprovalId", s.gross_minor as "grossMinor",
  s.line_discount_minor as "lineDiscountMinor", s.order_discount_minor as "orderDiscountMinor",
  s.subtotal_minor as "subtotalMinor", s.tax_minor as "taxMinor",
  s.exempt_tax_removed_minor as "exemptTaxRemovedMinor", s.total_minor as "totalMinor",
  s.tax_totals as "taxTotals", s.paid_minor as "paidMinor", s.change_minor as "changeMinor",
  s.cash_rounding_minor as "cashRoundingMinor", s.origin, s.offline_reference as "offlineReference",
  ${ts('occurred_at')} as "occurredAt", s.flags, s.note, s.version,
  ${ts('parked_at')} as "parkedAt", ${ts('completed_at')} as "completedAt",
  ${ts('voided_at')} as "voidedAt", s.void_reason as "voidReason",
  ${ts('created_at')} as "createdAt", ${ts('updated_at')} as "updatedAt",
  s.submission_hash as "submissionHash",
  (select count(*)::int from sale_payments p
    where p.tenant_id = s.tenant_id and p.sale_id = s.id and p.status = 'captured')
    as "capturedPayments",
  (select count(*)::int from sale_lines l where l.tenant_id = s.tenant_id and l.sale_id = s.id)
    as "lineCount"`;

export function selectSale(
  tx: Tx,
  id: string,
  lock: 'for update' | 'none' = 'none',
): Promise<SaleRow | null> {
  return tx.maybeOne<SaleRow>(sql`select ${headerColumns} from sales s where s.id = ${id}
    ${lock === 'for update' ? sql`for update of s` : sql.empty}`);
}

export interface NewSale {
  readonly id: string;
  readonly storeId: string;
  readonly registerId: string;
  readonly customerId: string | null;
  readonly cashierId: string | null;
  readonly deviceId: string | null;
  readonly currency: string;
  readonly taxMode: string;
  readonly taxRounding: string;
  readonly roundingMode: string;
  readonly cashIncrementMinor: number;
  readonly taxExempt: boolean;
  readonly note: string | null;
  readonly origin: 'online' | 'offline';
  readonly occurredAt: string | null;
  readonly offlineReference: string | null;
  readonly submissionHash: Buffer | null;
}

/**
 * Inserts the sale unless its id exists (in this tenant or any other: ids are global). Returns
 * false when it did: the caller compares the stored sale with the request (natural idempotency).
 * A concurrent insert of the same id waits here until the first one commits or rolls back.
 */
export async function insertSale(tx: Tx, tenantId: string, sale: NewSale): Promise<boolean> {
  const written = await tx.execute(sql`insert into sales (tenant_id, id, store_id, register_id,
      customer_id, cashier_id, device_id, currency, tax_mode, tax_rounding, rounding_mode,
      cash_increment_minor, tax_exempt, note, origin, occurred_at, offline_reference,
      submission_hash)
    values (${tenantId}, ${sale.id}, ${sale.storeId}, ${sale.registerId}, ${sale.customerId},
      ${sale.cashierId}, ${sale.deviceId}, ${sale.currency}, ${sale.taxMode}, ${sale.taxRounding},
      ${sale.roundingMode}, ${sale.cashIncrementMinor}, ${sale.taxExempt}, ${sale.note},
      ${sale.origin}, coalesce(${sale.occurredAt}::timestamptz, now()), ${sale.offlineReference},
      ${sale.submissionHash})
    on conflict do nothing`);
  return written === 1;
}

/** Every change to a sale moves its version, so a register can tell its copy is stale. */
export async function bumpVersion(tx: Tx, id: string): Promise<void> {
  await tx.execute(sql`update sales set version = version + 1 where id = ${id}`);
}

// ---- lines ------------------------------------------------------------------------------------

/** What a line is made of: the inputs the money engine prices it from. */
export interface LineDraft {
  readonly id: string;
  readonly position: number;
  readonly kind: 'item' | 'gift_card';
  readonly variantId: string | null;
  readonly giftCardId: string | null;
  readonly giftCardLast4: string | null;
  readonly name: string;
  readonly sku: string | null;
  readonly unit: 'each' | 'weight';
  readonly quantityMilli: number;
  readonly listUnitPriceMinor: number;
  readonly priceOverrideMinor: number | null;
  readonly discount: DiscountInput | null;
  readonly taxCategoryId: string | null;
  readonly taxRates: TaxRate[];
  readonly priceOverrideApprovalId: string | null;
  readonly discountApprovalId: string | null;
}

/** A line with the money engine's figures, as stored. */
export interface LineRow extends LineDraft {
  readonly unitPriceMinor: number;
  readonly grossMinor: number;
  readonly lineDiscountMinor: number;
  readonly orderDiscountMinor: number;
  readonly netMinor: number;
  readonly lineTaxes: LineTax[];
  readonly taxMinor: number;
  readonly exemptTaxRemovedMinor: number;
  readonly totalMinor: number;
}

export function selectLines(tx: Tx, saleId: string): Promise<LineRow[]> {
  return tx.query<LineRow>(sql`select l.id, l.position, l.kind, l.variant_id as "variantId",
      l.gift_card_id as "giftCardId", g.code_last4 as "giftCardLast4", l.name, l.sku, l.unit,
      l.quantity_milli as "quantityMilli", l.list_unit_price_minor as "listUnitPriceMinor",
      l.price_override_minor as "priceOverrideMinor", l.unit_price_minor as "unitPriceMinor",
      l.discount, l.tax_category_id as "taxCategoryId", l.tax_rates as "taxRates",
      l.gross_minor as "grossMinor", l.line_discount_minor as "lineDiscountMinor",
      l.order_discount_minor as "orderDiscountMinor", l.net_minor as "netMinor",
      l.line_taxes as "lineTaxes", l.tax_minor as "taxMinor",
      l.exempt_tax_removed_minor as "exemptTaxRemovedMinor", l.total_minor as "totalMinor",
      l.price_override_approval_id as "priceOverrideApprovalId",
      l.discount_approval_id as "discountApprovalId"
    from sale_lines l
    left join gift_cards g on g.tenant_id = l.tenant_id and g.id = l.gift_card_id
    where l.sale_id = ${saleId} order by l.position`);
}

/** The sale a line id belongs to, if any (client-chosen line ids are checked before use). */
export async function saleOfLine(tx: Tx, lineId: string): Promise<string | null> {
  const row = await tx.maybeOne<{ saleId: string }>(
    sql`select sale_id as "saleId" from sale_lines where id = ${lineId}`,
  );
  return row?.saleId ?? null;
}

/**
 * Writes the priced lines of a sale in one statement: new lines are inserted, existing ones get
 * their new figures (an order discount touches every line). A line id that belongs to another
 * sale is never overwritten (the WHERE), which the row count then reveals.
 */
export async function writeLines(
  tx: Tx,
  tenantId: string,
  saleId: string,
  lines: readonly LineRow[],
): Promise<void> {
  if (lines.length === 0) return;
  const rows = lines.map(
    (l) => sql`(${tenantId}::uuid, ${saleId}::uuid, ${l.id}::uuid, ${l.position}::int, ${l.kind},
      ${l.variantId}::uuid, ${l.giftCardId}::uuid, ${l.name}, ${l.sku}, ${l.unit},
      ${l.quantityMilli}::bigint, ${l.listUnitPriceMinor}::bigint, ${l.priceOverrideMinor}::bigint,
      ${l.unitPriceMinor}::bigint, ${l.discount === null ? sql`null::jsonb` : sql.json(l.discount)},
      ${l.taxCategoryId}::uuid, ${sql.json(l.taxRates)}, ${l.grossMinor}::bigint,
      ${l.lineDiscountMinor}::bigint, ${l.orderDiscountMinor}::bigint, ${l.netMinor}::bigint,
      ${l.taxMinor}::bigint, ${l.exemptTaxRemovedMinor}::bigint, ${l.totalMinor}::bigint,
      ${sql.json(l.lineTaxes)}, ${l.priceOverrideApprovalId}::uuid, ${l.discountApprovalId}::uuid)`,
  );
  const written = await tx.execute(sql`insert into sale_lines (tenant_id, sale_id, id, position,
      kind, variant_id, gift_card_id, name, sku, unit, quantity_milli, list_unit_price_minor,
      price_override_minor, unit_price_minor, discount, tax_category_id, tax_rates, gross_minor,
      line_discount_minor, order_discount_minor, net_minor, tax_minor, exempt_tax_removed_minor,
      total_minor, line_taxes, price_override_approval_id, discount_approval_id)
    values ${sql.join(rows)}
    on conflict (tenant_id, id) do update set quantity_milli = excluded.quantity_milli,
      price_override_minor = excluded.price_override_minor,
      unit_price_minor = excluded.unit_price_minor, discount = excluded.discount,
      gross_minor = excluded.gross_minor, line_discount_minor = excluded.line_discount_minor,
      order_discount_minor = excluded.order_discount_minor, net_minor = excluded.net_minor,
      tax_minor = excluded.tax_minor, exempt_tax_removed_minor = excluded.exempt_tax_removed_minor,
      total_minor = excluded.total_minor, line_taxes = excluded.line_taxes,
      price_override_approval_id = excluded.price_override_approval_id,
      discount_approval_id = excluded.discount_approval_id
    where sale_lines.sale_id = excluded.sale_id`);
  if (written !== lines.length)
    throw new Error(`sale ${saleId}: wrote ${written} of ${lines.length} lines`);
}

export async function deleteLine(tx: Tx, saleId: string, lineId: string): Promise<void> {
  await tx.execute(sql`delete from sale_lines where sale_id = ${saleId} and id = ${lineId}`);
}

export async function nextLinePosition(tx: Tx, saleId: string): Promise<number> {
  const row = await tx.one<{ next: number }>(sql`select coalesce(max(position) + 1, 0)::int as next
    from sale_lines where sale_id = ${saleId}`);
  return row.next;
}

// ---- payments ---------------------------------------------------------------------------------

export interface PaymentRow {
  readonly id: string;
  readonly position: number;
  readonly kind: PaymentKind;
  readonly tenderedMinor: number;
  readonly appliedMinor: number;
  readonly changeMinor: number;
  readonly cashRoundingMinor: number;
  readonly status: 'captured' | 'reversed';
  readonly reference: string | null;
  readonly giftCardId: string | null;
  readonly giftCardLast4: string | null;
  readonly customerId: string | null;
  readonly cashSessionId: string | null;
  readonly cardPaymentId: string | null;
  readonly cardBrand: string | null;
  readonly cardLast4: string | null;
  readonly occurredAt: string;
  readonly reversedAt: string | null;
}

const paymentColumns = sql`p.id, p.position, p.kind, p.tendered_minor as "tenderedMinor",
  p.applied_minor as "appliedMinor", p.change_minor as "changeMinor",
  p.cash_rounding_minor as "cashRoundingMinor", p.status, p.reference,
  p.gift_card_id as "giftCardId", g.code_last4 as "giftCardLast4", p.customer_id as "customerId",
  p.cash_session_id as "cashSessionId", p.card_payment_id as "cardPaymentId",
  c.card_brand as "cardBrand", c.card_last4 as "cardLast4",
  to_json(p.occurred_at) #>> '{}' as "occurredAt", to_json(p.reversed_at) #>> '{}' as "reversedAt"`;

const paymentJoins = sql`left join gift_cards g on g.tenant_id = p.tenant_id and g.id = p.gift_card_id
  left join card_payments c on c.tenant_id = p.tenant_id and c.id = p.card_payment_id`;

export function selectPayments(tx: Tx, saleId: string): Promise<PaymentRow[]> {
  return tx.query<PaymentRow>(sql`select ${paymentColumns} from sale_payments p ${paymentJoins}
    where p.sale_id = ${saleId} order by p.position`);
}

export function selectPayment(
  tx: Tx,
  id: string,
): Promise<(PaymentRow & { saleId: string }) | null> {
  return tx.maybeOne<PaymentRow & { saleId: string }>(sql`select ${paymentColumns},
      p.sale_id as "saleId"
    from sale_payments p ${paymentJoins}
    where p.id = ${id}`);
}

export interface NewPayment {
  readonly id: string;
  readonly kind: PaymentKind;
  readonly tenderedMinor: number;
  readonly appliedMinor: number;
  readonly changeMinor: number;
  readonly cashRoundingMinor: number;
  readonly reference: string | null;
  readonly giftCardId: string | null;
  readonly customerId: string | null;
  readonly cashSessionId: string | null;
  /** Card tenders only: the card payment the processor confirmed (same id as this payment). */
  readonly cardPaymentId: string | null;
}

export async function insertPayments(
  tx: Tx,
  tenantId: string,
  saleId: string,
  occurredAt: string | null,
  payments: readonly NewPayment[],
): Promise<void> {
  if (payments.length === 0) return;
  const { next } = await tx.one<{ next: number }>(sql`select coalesce(max(position) + 1, 0)::int
    as next from sale_payments where sale_id = ${saleId}`);
  const rows = payments.map(
    (p, index) => sql`(${tenantId}::uuid, ${saleId}::uuid, ${p.id}::uuid, ${next + index}::int,
      ${p.kind}, ${p.tenderedMinor}::bigint, ${p.appliedMinor}::bigint, ${p.changeMinor}::bigint,
      ${p.cashRoundingMinor}::bigint, ${p.giftCardId}::uuid, ${p.customerId}::uuid,
      ${p.cashSessionId}::uuid, ${p.reference}, coalesce(${occurredAt}::timestamptz, now()),
      ${p.cardPaymentId}::uuid)`,
  );
  await tx.execute(sql`insert into sale_payments (tenant_id, sale_id, id, position, kind,
      tendered_minor, applied_minor, change_minor, cash_rounding_minor, gift_card_id, customer_id,
      cash_session_id, reference, occurred_at, card_payment_id)
    values ${sql.join(rows)}`);
}

// ---- lists ------------------------------------------------------------------------------------

export async function selectSales(
  tx: Tx,
  filter: Omit<SaleQueryInput, 'limit' | 'cursor'> & {
    storeIds: readonly string[] | null;
    before?: string;
    limit: number;
  },
): Promise<SaleSummaryView[]> {
  const rows = await tx.query<SaleRow>(sql`select ${headerColumns} from sales s
    where (${filter.storeIds === null} or s.store_id = any(${filter.storeIds ?? []}::uuid[]))
      and (${filter.storeId ?? null}::uuid is null or s.store_id = ${filter.storeId ?? null}::uuid)
      and (${filter.registerId ?? null}::uuid is null
        or s.register_id = ${filter.registerId ?? null}::uuid)
      and (${filter.customerId ?? null}::uuid is null
        or s.customer_id = ${filter.customerId ?? null}::uuid)
      and (${filter.status ?? null}::text is null or s.status = ${filter.status ?? null}::text)
      and (${filter.receiptNumber ?? null}::bigint is null
        or s.receipt_number = ${filter.receiptNumber ?? null}::bigint)
      and (${filter.before ?? null}::uuid is null or s.id < ${filter.before ?? null}::uuid)
    order by s.id desc limit ${filter.limit}`);
  return rows.map(summaryOf);
}

export function summaryOf(row: SaleRow): SaleSummaryView {
  return {
    id: row.id,
    status: row.status,
    receiptNumber: row.receiptNumber,
    storeId: row.storeId,
    registerId: row.registerId,
    cashSessionId: row.cashSessionId,
    customerId: row.customerId,
    cashierId: row.cashierId,
    deviceId: row.deviceId,
    currency: row.currency,
    taxMode: row.taxMode,
    taxRounding: row.taxRounding,
    roundingMode: row.roundingMode,
    cashIncrementMinor: row.cashIncrementMinor,
    taxExempt: row.taxExempt,
    totalMinor: row.totalMinor,
    paidMinor: row.paidMinor,
    balanceDueMinor: row.totalMinor - row.paidMinor,
    changeMinor: row.changeMinor,
    cashRoundingMinor: row.cashRoundingMinor,
    origin: row.origin,
    offlineReference: row.offlineReference,
    occurredAt: row.occurredAt,
    note: row.note,
    version: row.version,
    parkedAt: row.parkedAt,
    completedAt: row.completedAt,
    voidedAt: row.voidedAt,
    voidReason: row.voidReason,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lineCount: row.lineCount,
  };
}
