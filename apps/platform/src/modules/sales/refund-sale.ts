import { sql, type Tx } from '@tillpoint/db';
import {
  getCurrency,
  type LineTax,
  type OriginalTender,
  type PricedLine,
  type PricedSale,
  type RateTotal,
  type RoundingMode,
  type TaxMode,
  type TaxRounding,
  type TenderKind,
} from '@tillpoint/domain';
import { AppError, notFound } from '../../errors.ts';

// The sale a refund is made against, read back exactly as it was priced and stored (ADR 0009: a
// refund reprices from the stored fields, never from the catalog). The sale side keeps no exported
// loader for this, so the refund side has its own; it only reads.

export interface RefundableSale {
  readonly id: string;
  readonly status: 'open' | 'parked' | 'completed' | 'voided';
  readonly storeId: string;
  readonly registerId: string;
  readonly customerId: string | null;
  readonly currency: string;
  readonly taxMode: TaxMode;
  readonly taxRounding: TaxRounding;
  readonly roundingMode: RoundingMode;
  readonly cashIncrementMinor: number;
  readonly taxExempt: boolean;
  readonly totalMinor: number;
  readonly paidMinor: number;
  readonly refundedMinor: number;
  readonly taxTotals: readonly RateTotal[];
  readonly completedAt: string | null;
}

export interface RefundableLine {
  readonly id: string;
  readonly kind: 'item' | 'gift_card';
  readonly variantId: string | null;
  readonly giftCardId: string | null;
  readonly name: string;
  readonly unit: 'each' | 'weight';
  readonly quantityMilli: number;
  readonly refundedQuantityMilli: number;
  readonly listUnitPriceMinor: number;
  readonly unitPriceMinor: number;
  readonly grossMinor: number;
  readonly lineDiscountMinor: number;
  readonly orderDiscountMinor: number;
  readonly netMinor: number;
  readonly taxMinor: number;
  readonly exemptTaxRemovedMinor: number;
  readonly totalMinor: number;
  readonly lineTaxes: readonly LineTax[];
}

export interface RefundableTender {
  readonly id: string;
  readonly kind: TenderKind;
  readonly appliedMinor: number;
  readonly refundedMinor: number;
  readonly giftCardId: string | null;
  readonly customerId: string | null;
  readonly reference: string | null;
}

/**
 * Locks the sale row: every refund, the reversal and the sale's own changes take this lock first,
 * so two refunds of one sale serialize and the second sees what the first gave back.
 */
export async function lockSaleForRefund(tx: Tx, saleId: string): Promise<RefundableSale> {
  const sale = await tx.maybeOne<RefundableSale>(sql`select id, status, store_id as "storeId",
      register_id as "registerId", customer_id as "customerId", currency, tax_mode as "taxMode",
      tax_rounding as "taxRounding", rounding_mode as "roundingMode",
      cash_increment_minor as "cashIncrementMinor", tax_exempt as "taxExempt",
      total_minor as "totalMinor", paid_minor as "paidMinor", refunded_minor as "refundedMinor",
      tax_totals as "taxTotals", to_json(completed_at) #>> '{}' as "completedAt"
    from sales where id = ${saleId} for update`);
  if (!sale) throw notFound('sale', saleId);
  return sale;
}

export function assertCompleted(sale: RefundableSale): void {
  if (sale.status !== 'completed')
    throw new AppError(
      'sale.not_completed',
      `This sale is ${sale.status}; only a completed sale can be refunded (void an open one instead).`,
      { saleId: sale.id, status: sale.status },
    );
}

export function selectRefundableLines(tx: Tx, saleId: string): Promise<RefundableLine[]> {
  return tx.query<RefundableLine>(sql`select id, kind, variant_id as "variantId",
      gift_card_id as "giftCardId", name, unit, quantity_milli as "quantityMilli",
      refunded_quantity_milli as "refundedQuantityMilli",
      list_unit_price_minor as "listUnitPriceMinor", unit_price_minor as "unitPriceMinor",
      gross_minor as "grossMinor", line_discount_minor as "lineDiscountMinor",
      order_discount_minor as "orderDiscountMinor", net_minor as "netMinor",
      tax_minor as "taxMinor", exempt_tax_removed_minor as "exemptTaxRemovedMinor",
      total_minor as "totalMinor", line_taxes as "lineTaxes"
    from sale_lines where sale_id = ${saleId} order by position`);
}

/** The tenders the store kept, in the order they were taken (the refund waterfall's order). */
export function selectCapturedTenders(tx: Tx, saleId: string): Promise<RefundableTender[]> {
  return tx.query<RefundableTender>(sql`select id, kind, applied_minor as "appliedMinor",
      refunded_minor as "refundedMinor", gift_card_id as "giftCardId",
      customer_id as "customerId", reference
    from sale_payments where sale_id = ${saleId} and status = 'captured' order by position`);
}

/**
 * The part of the sale already refunded to its original tenders, in sale money (before cash
 * rounding): what allocateRefundToTenders calls refundedBeforeMinor. Store credit issued as a
 * destination and exchange value never touched a tender, so they are not counted.
 */
export async function refundedToTendersBefore(tx: Tx, saleId: string): Promise<number> {
  const row = await tx.one<{ minor: number }>(sql`select coalesce(sum(
      (select coalesce(sum(p.amount_minor), 0) from refund_payments p
        where p.refund_id = r.id and p.sale_payment_id is not null)
      - r.cash_rounding_minor), 0)::bigint as minor
    from refunds r where r.sale_id = ${saleId}`);
  return Number(row.minor);
}

/** The sale as the money engine priced it, rebuilt field by field from what was stored. */
export function toPricedSale(sale: RefundableSale, lines: readonly RefundableLine[]): PricedSale {
  const pricedLines = lines.map(
    (line): PricedLine => ({
      id: line.id,
      quantityMilli: line.quantityMilli,
      listUnitPriceMinor: line.listUnitPriceMinor,
      unitPriceMinor: line.unitPriceMinor,
      grossMinor: line.grossMinor,
      lineDiscountMinor: line.lineDiscountMinor,
      orderDiscountMinor: line.orderDiscountMinor,
      netMinor: line.netMinor,
      taxes: line.lineTaxes.map((tax) => ({
        rateId: tax.rateId,
        ratePpm: tax.ratePpm,
        taxMinor: tax.taxMinor,
      })),
      taxMinor: line.taxMinor,
      exemptTaxRemovedMinor: line.exemptTaxRemovedMinor,
      totalMinor: line.totalMinor,
    }),
  );
  const sum = (pick: (line: RefundableLine) => number) =>
    lines.reduce((total, line) => total + pick(line), 0);
  const lineDiscountMinor = sum((line) => line.lineDiscountMinor);
  const orderDiscountMinor = sum((line) => line.orderDiscountMinor);
  return {
    currency: getCurrency(sale.currency, { cashIncrementMinor: sale.cashIncrementMinor }),
    taxMode: sale.taxMode,
    taxRounding: sale.taxRounding,
    roundingMode: sale.roundingMode,
    taxExempt: sale.taxExempt,
    lines: pricedLines,
    totals: {
      grossMinor: sum((line) => line.grossMinor),
      lineDiscountMinor,
      orderDiscountMinor,
      discountMinor: lineDiscountMinor + orderDiscountMinor,
      subtotalMinor: sum((line) => line.netMinor),
      taxes: rateTotalsOf(sale, lines),
      taxMinor: sum((line) => line.taxMinor),
      exemptTaxRemovedMinor: sum((line) => line.exemptTaxRemovedMinor),
      totalMinor: sum((line) => line.totalMinor),
    },
  };
}

/**
 * The sale's per-rate totals. priceRefund only needs each rate's id, ppm and compound flag (it
 * sums the refunded lines itself); rates found on lines but not in tax_totals are added so no
 * refunded tax is ever dropped from the refund's per-rate totals.
 */
function rateTotalsOf(sale: RefundableSale, lines: readonly RefundableLine[]): RateTotal[] {
  const rates: RateTotal[] = Array.isArray(sale.taxTotals) ? [...sale.taxTotals] : [];
  const known = new Set(rates.map((rate) => rate.rateId));
  for (const line of lines) {
    for (const tax of line.lineTaxes) {
      if (known.has(tax.rateId)) continue;
      known.add(tax.rateId);
      rates.push({
        rateId: tax.rateId,
        ratePpm: tax.ratePpm,
        compound: false,
        taxableMinor: 0,
        taxMinor: 0,
      });
    }
  }
  return rates;
}

export function toOriginalTenders(tenders: readonly RefundableTender[]): OriginalTender[] {
  return tenders.map((tender) => ({
    kind: tender.kind,
    appliedMinor: tender.appliedMinor,
    id: tender.id,
    refundedMinor: tender.refundedMinor,
  }));
}
