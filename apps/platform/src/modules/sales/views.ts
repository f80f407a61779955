import type { Tx } from '@tillpoint/db';
import { addMinor, fromMilli } from '@tillpoint/domain';
import { notFound } from '../../errors.ts';
import {
  type LineRow,
  type PaymentRow,
  type SaleRow,
  selectLines,
  selectPayments,
  selectSale,
  summaryOf,
} from './sale-queries.ts';
import type { SaleLineView, SalePaymentView, SaleView } from './sale-schemas.ts';

// What the API shows of a sale: every figure as the money engine stored it.

export function lineView(row: LineRow): SaleLineView {
  return {
    id: row.id,
    position: row.position,
    kind: row.kind,
    variantId: row.variantId,
    giftCardId: row.giftCardId,
    giftCardLast4: row.giftCardLast4,
    name: row.name,
    sku: row.sku,
    unit: row.unit,
    quantity: fromMilli(row.quantityMilli),
    listUnitPriceMinor: row.listUnitPriceMinor,
    priceOverrideMinor: row.priceOverrideMinor,
    unitPriceMinor: row.unitPriceMinor,
    discount: row.discount,
    taxCategoryId: row.taxCategoryId,
    grossMinor: row.grossMinor,
    lineDiscountMinor: row.lineDiscountMinor,
    orderDiscountMinor: row.orderDiscountMinor,
    netMinor: row.netMinor,
    taxes: row.lineTaxes.map((tax) => ({
      rateId: tax.rateId,
      ratePpm: tax.ratePpm,
      taxMinor: tax.taxMinor,
    })),
    taxMinor: row.taxMinor,
    exemptTaxRemovedMinor: row.exemptTaxRemovedMinor,
    totalMinor: row.totalMinor,
    priceOverrideApprovalId: row.priceOverrideApprovalId,
    discountApprovalId: row.discountApprovalId,
  };
}

export function paymentView(row: PaymentRow): SalePaymentView {
  return {
    id: row.id,
    position: row.position,
    kind: row.kind,
    tenderedMinor: row.tenderedMinor,
    appliedMinor: row.appliedMinor,
    changeMinor: row.changeMinor,
    cashRoundingMinor: row.cashRoundingMinor,
    status: row.status,
    reference: row.reference,
    giftCardLast4: row.giftCardLast4,
    customerId: row.customerId,
    cashSessionId: row.cashSessionId,
    card: row.cardPaymentId === null ? null : { brand: row.cardBrand, last4: row.cardLast4 },
    occurredAt: row.occurredAt,
    reversedAt: row.reversedAt,
  };
}

export function saleView(
  header: SaleRow,
  lines: readonly LineRow[],
  payments: readonly PaymentRow[],
): SaleView {
  const { lineCount: _lineCount, ...summary } = summaryOf(header);
  return {
    ...summary,
    orderDiscount: header.orderDiscount,
    orderDiscountApprovalId: header.orderDiscountApprovalId,
    lines: lines.map(lineView),
    totals: {
      grossMinor: header.grossMinor,
      lineDiscountMinor: header.lineDiscountMinor,
      orderDiscountMinor: header.orderDiscountMinor,
      discountMinor: addMinor(header.lineDiscountMinor, header.orderDiscountMinor, 'Discounts'),
      subtotalMinor: header.subtotalMinor,
      taxes: header.taxTotals.map((rate) => ({
        rateId: rate.rateId,
        ratePpm: rate.ratePpm,
        compound: rate.compound,
        taxableMinor: rate.taxableMinor,
        taxMinor: rate.taxMinor,
      })),
      taxMinor: header.taxMinor,
      exemptTaxRemovedMinor: header.exemptTaxRemovedMinor,
      totalMinor: header.totalMinor,
    },
    payments: payments.map(paymentView),
    flags: header.flags,
  };
}

/** The sale as it now stands in this transaction. */
export async function loadSaleView(tx: Tx, id: string): Promise<SaleView> {
  const header = await selectSale(tx, id);
  if (!header) throw notFound('sale', id);
  const [lines, payments] = [await selectLines(tx, id), await selectPayments(tx, id)];
  return saleView(header, lines, payments);
}
