import {
  allocateRefundToTenders,
  fromMilli,
  priceRefund,
  type RefundAllocation,
} from '@tillpoint/domain';
import { AppError } from '../../errors.ts';
import { quantityToMilli } from '../inventory/document-checks.ts';
import type { RefundRegister } from './refund-register.ts';
import {
  type RefundableLine,
  type RefundableSale,
  type RefundableTender,
  toOriginalTenders,
  toPricedSale,
} from './refund-sale.ts';
import type { RefundKind } from './refund-schemas.ts';
import type { RefundLinePlan, RefundPaymentPlan, RefundPlan } from './refund-write.ts';

// Planning a refund against a stored sale (pure, nothing written): which quantities of which lines
// come back, what they are worth (priceRefund over the stored lines), and where the money goes
// (allocateRefundToTenders over the captured tenders). Refusals happen here, before any write.

export interface ReturnedLine {
  readonly saleLineId: string;
  readonly quantityMilli: number;
  readonly restock: boolean;
  readonly restockReason: string | null;
}

export interface ReceiptRefundPlanInput {
  readonly id: string;
  readonly kind: RefundKind;
  readonly sale: RefundableSale;
  readonly lines: readonly RefundableLine[];
  readonly tenders: readonly RefundableTender[];
  readonly refundedToTendersBeforeMinor: number;
  readonly register: RefundRegister;
  readonly returned: readonly ReturnedLine[];
  readonly destination: 'original_tenders' | 'store_credit';
  readonly reason: string | null;
  readonly approvalId: string | null;
  /** Exchange: the new sale and how much of the refund's value settles it (the rest goes back). */
  readonly exchange?: { readonly saleId: string; readonly valueMinor: number };
}

/** API quantities -> thousandths, strictly positive. */
export function returnedQuantity(quantity: number, label: string): number {
  const milli = quantityToMilli(quantity);
  if (milli <= 0)
    throw new AppError(
      'refund.invalid_quantity',
      `${label}: a quantity must be greater than zero.`,
    );
  return milli;
}

export function restockReasonOf(line: { restock: boolean; restockReason?: string | undefined }) {
  const reason = line.restockReason?.trim() || null;
  if (!line.restock && reason === null)
    throw new AppError(
      'refund.restock_reason_required',
      "Say why an item does not go back on the shelf (restockReason, e.g. 'damaged').",
    );
  return reason;
}

function checkReturned(
  returned: readonly ReturnedLine[],
  byId: ReadonlyMap<string, RefundableLine>,
): void {
  const seen = new Set<string>();
  for (const entry of returned) {
    const line = byId.get(entry.saleLineId);
    if (!line)
      throw new AppError(
        'refund.line_not_on_sale',
        `The sale has no line ${entry.saleLineId}; refund lines of this sale only.`,
        { saleLineId: entry.saleLineId },
      );
    if (seen.has(line.id))
      throw new AppError(
        'refund.duplicate_line',
        'A sale line appears twice in one refund; combine the quantities.',
        { saleLineId: line.id },
      );
    seen.add(line.id);
    if (line.unit === 'each' && entry.quantityMilli % 1000 !== 0)
      throw new AppError(
        'refund.fractional_quantity',
        `"${line.name}" is sold in whole units; refund a whole number.`,
        { saleLineId: line.id },
      );
    if (entry.restock && line.kind !== 'item')
      throw new AppError(
        'refund.cannot_restock',
        'A gift card does not go back on a shelf; set restock to false with a reason.',
        { saleLineId: line.id },
      );
    const left = line.quantityMilli - line.refundedQuantityMilli;
    if (entry.quantityMilli > left)
      throw new AppError(
        'refund.over_refund',
        `"${line.name}": ${fromMilli(line.quantityMilli)} sold, ` +
          `${fromMilli(line.refundedQuantityMilli)} already refunded; ` +
          `${fromMilli(entry.quantityMilli)} more cannot be refunded.`,
        {
          saleLineId: line.id,
          sold: fromMilli(line.quantityMilli),
          refunded: fromMilli(line.refundedQuantityMilli),
          requested: fromMilli(entry.quantityMilli),
        },
      );
  }
}

export function planReceiptRefund(input: ReceiptRefundPlanInput): RefundPlan {
  const { sale, lines } = input;
  const byId = new Map(lines.map((line) => [line.id, line]));
  checkReturned(input.returned, byId);

  const priced = priceRefund({
    sale: toPricedSale(sale, lines),
    alreadyRefunded: lines
      .filter((line) => line.refundedQuantityMilli > 0)
      .map((line) => ({ lineId: line.id, quantityMilli: line.refundedQuantityMilli })),
    lines: input.returned.map((entry) => ({
      lineId: entry.saleLineId,
      quantityMilli: entry.quantityMilli,
    })),
  });
  const totalMinor = priced.totals.totalMinor;
  const exchangeMinor = input.exchange ? Math.min(input.exchange.valueMinor, totalMinor) : 0;

  const allocation: RefundAllocation = allocateRefundToTenders({
    currency: priced.currency,
    refundMinor: totalMinor - exchangeMinor,
    paidMinor: sale.paidMinor,
    tenders: toOriginalTenders(input.tenders),
    refundedBeforeMinor: input.refundedToTendersBeforeMinor,
    destination: input.destination,
    cashIncrementMinor: sale.cashIncrementMinor,
    roundingMode: sale.roundingMode,
  });

  const payments: RefundPaymentPlan[] = [];
  if (exchangeMinor > 0 && input.exchange)
    payments.push({
      kind: 'exchange',
      amountMinor: exchangeMinor,
      salePaymentId: null,
      giftCardId: null,
      customerId: null,
      reference: `sale:${input.exchange.saleId}`,
    });
  for (const payment of allocation.payments) {
    const tender = payment.tenderIndex === undefined ? null : input.tenders[payment.tenderIndex];
    if (!tender) {
      // New store credit (destination store_credit): the sale's customer gets it.
      payments.push({
        kind: 'store_credit',
        amountMinor: payment.amountMinor,
        salePaymentId: null,
        giftCardId: null,
        customerId: sale.customerId,
        reference: null,
      });
      continue;
    }
    payments.push({
      kind: tender.kind,
      amountMinor: payment.amountMinor,
      salePaymentId: tender.id,
      giftCardId: tender.kind === 'gift_card' ? tender.giftCardId : null,
      customerId: tender.kind === 'store_credit' ? tender.customerId : null,
      reference: tender.reference,
    });
  }

  const planLines: RefundLinePlan[] = priced.lines.map((amounts, index) => {
    const entry = input.returned[index];
    const line = entry ? byId.get(entry.saleLineId) : undefined;
    if (!entry || !line) throw new Error('refund line lost its sale line');
    return {
      saleLineId: line.id,
      variantId: line.variantId,
      giftCardId: line.kind === 'gift_card' ? line.giftCardId : null,
      name: line.name,
      quantityMilli: amounts.quantityMilli,
      amounts,
      restock: entry.restock,
      restockReason: entry.restockReason,
    };
  });

  return {
    id: input.id,
    kind: input.kind,
    saleId: sale.id,
    register: input.register,
    customerId: sale.customerId,
    destination: input.exchange ? 'exchange' : input.destination,
    reason: input.reason,
    approvalId: input.approvalId,
    exchangeSaleId: input.exchange?.saleId ?? null,
    currency: sale.currency,
    totals: priced.totals,
    lines: planLines,
    payments,
    cashRoundingMinor: allocation.cashRoundingMinor,
  };
}
