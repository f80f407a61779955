import type { Currency } from './currency.ts';
import { PricingError } from './errors.ts';
import type { Minor } from './money.ts';
import { addMinor, sumMinor, toSafeMinor } from './money.ts';
import type { Quantity } from './quantity.ts';
import { toQuantityMilli } from './quantity.ts';
import type { DivisionRounding } from './rounding.ts';
import { divideRounded } from './rounding.ts';
import type { LineAmounts, LineTax, PricedLine, PricedSale, SaleTotals } from './sale-types.ts';
import { totalsOf } from './totals.ts';

export type RefundQuantity = Quantity & { readonly lineId: string };

export interface RefundInput {
  /** The sale as priced (and stored) when it was made. */
  readonly sale: PricedSale;
  /** Quantities given back by earlier refunds of this sale; several entries per line are summed. */
  readonly alreadyRefunded?: readonly RefundQuantity[];
  readonly lines: readonly RefundQuantity[];
}

export interface RefundLine extends LineAmounts {
  readonly lineId: string;
  readonly quantityMilli: number;
}

export interface PricedRefund {
  readonly currency: Currency;
  readonly lines: readonly RefundLine[];
  readonly totals: SaleTotals;
}

/**
 * Prices a refund of some quantity of some lines of a sale.
 *
 * Each stored component of a line (net, each tax, each discount, removed exempt tax) is refunded
 * as the difference of its cumulative share: share(q) = round(component × q / quantity), where
 * q is the total quantity refunded so far. share(full quantity) is the component itself, so
 * refunding everything in any number of steps, in any order, returns it exactly, and the step
 * that reaches the full quantity gets whatever rounding left over. share only grows with q, so no
 * step is ever negative. Totals and gross are sums of these components, never rounded on their
 * own, so every refund line keeps the same identities as a sale line.
 *
 * Ties: the line's first non-zero component (net, taxes, removed tax, line discount, order
 * discount, in that order) rounds them up and every other component rounds them down. When a line
 * has at most two components (say net and one discount) their ties fall on opposite sides, so
 * refunding one of two units of a 10.00 line shows a gross of exactly 10.00, not 10.01.
 */
export function priceRefund(input: RefundInput): PricedRefund {
  const { sale } = input;
  const linesById = new Map(sale.lines.map((line) => [line.id, line]));
  const refunded = new Map<string, number>();
  for (const entry of input.alreadyRefunded ?? []) {
    const line = findLine(linesById, entry.lineId);
    const quantity = toQuantityMilli(entry, `Earlier refund of line ${JSON.stringify(line.id)}`);
    refunded.set(line.id, (refunded.get(line.id) ?? 0) + quantity);
  }

  const requested = new Set<string>();
  const lines = input.lines.map((entry): RefundLine => {
    const line = findLine(linesById, entry.lineId);
    if (requested.has(line.id)) {
      throw new PricingError(
        'pricing.duplicate_line',
        `Line ${JSON.stringify(line.id)} appears twice in one refund; combine the quantities.`,
        { lineId: line.id },
      );
    }
    requested.add(line.id);
    const quantity = toQuantityMilli(entry, `Refund of line ${JSON.stringify(line.id)}`);
    const before = refunded.get(line.id) ?? 0;
    if (before + quantity > line.quantityMilli) {
      throw new PricingError(
        'pricing.over_refund',
        `Line ${JSON.stringify(line.id)} sold ${line.quantityMilli} (thousandths), ` +
          `${before} already refunded; ${quantity} more cannot be refunded.`,
        {
          lineId: line.id,
          soldMilli: line.quantityMilli,
          refundedMilli: before,
          requestedMilli: quantity,
        },
      );
    }
    return refundLine(line, before, before + quantity, sale);
  });

  return {
    currency: sale.currency,
    lines,
    totals: totalsOf(
      lines,
      sale.totals.taxes.map((rate) => ({ ...rate, id: rate.rateId })),
    ),
  };
}

function findLine(linesById: ReadonlyMap<string, PricedLine>, lineId: string): PricedLine {
  const line = linesById.get(lineId);
  if (!line) {
    throw new PricingError(
      'pricing.unknown_line',
      `The sale has no line ${JSON.stringify(lineId)} to refund.`,
      { lineId: String(lineId) },
    );
  }
  return line;
}

function refundLine(line: PricedLine, from: number, to: number, sale: PricedSale): RefundLine {
  const taxCount = line.taxes.length;
  const components = [
    line.netMinor,
    ...line.taxes.map((tax) => tax.taxMinor),
    line.exemptTaxRemovedMinor,
    line.lineDiscountMinor,
    line.orderDiscountMinor,
  ];
  // Depends only on the sale line, so each component keeps one tie rule across all its refunds.
  const tiesUp = components.findIndex((component) => component !== 0);
  const refunded = components.map((component, index) => {
    const rounding: DivisionRounding = index === tiesUp ? 'half_up' : 'half_down';
    return (
      cumulativeShare(component, to, line.quantityMilli, rounding) -
      cumulativeShare(component, from, line.quantityMilli, rounding)
    );
  });
  const at = (index: number): Minor => refunded[index] ?? 0;
  const netMinor = at(0);
  const taxes = line.taxes.map((tax, index): LineTax => ({ ...tax, taxMinor: at(1 + index) }));
  const exemptTaxRemovedMinor = at(1 + taxCount);
  const lineDiscountMinor = at(2 + taxCount);
  const orderDiscountMinor = at(3 + taxCount);
  const taxMinor = sumMinor(
    taxes.map((tax) => tax.taxMinor),
    'Refund tax',
  );
  const totalMinor = addMinor(netMinor, taxMinor, 'Refund total');
  // What the refunded part cost after discounts, in the sale's price terms: inclusive prices
  // contained the tax (and, for an exempt customer, the tax that was taken out).
  const afterDiscounts =
    sale.taxMode === 'inclusive' ? totalMinor + exemptTaxRemovedMinor : netMinor;
  return {
    lineId: line.id,
    quantityMilli: to - from,
    grossMinor: sumMinor([afterDiscounts, lineDiscountMinor, orderDiscountMinor], 'Refund gross'),
    lineDiscountMinor,
    orderDiscountMinor,
    netMinor,
    taxes,
    taxMinor,
    exemptTaxRemovedMinor,
    totalMinor,
  };
}

function cumulativeShare(
  component: Minor,
  quantity: number,
  ofQuantity: number,
  mode: DivisionRounding,
): Minor {
  if (quantity === ofQuantity) return component;
  if (quantity === 0 || component === 0) return 0;
  return toSafeMinor(
    divideRounded(BigInt(component) * BigInt(quantity), BigInt(ofQuantity), mode),
    'Refund share',
  );
}
