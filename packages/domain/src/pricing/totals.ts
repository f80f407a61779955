import type { Minor } from './money.ts';
import { addMinor, sumMinor } from './money.ts';
import type { LineAmounts, RateTotal, SaleTotals } from './sale-types.ts';

export interface RateKey {
  readonly id: string;
  readonly ratePpm: number;
  readonly compound?: boolean;
}

/** Document totals as plain sums of the lines, so they can never disagree with them. */
export function totalsOf(lines: readonly LineAmounts[], rates: readonly RateKey[]): SaleTotals {
  const sum = (pick: (line: LineAmounts) => Minor, label: string): Minor =>
    sumMinor(lines.map(pick), label);
  const lineDiscountMinor = sum((line) => line.lineDiscountMinor, 'Line discounts');
  const orderDiscountMinor = sum((line) => line.orderDiscountMinor, 'Order discount');
  const taxes = rates.flatMap((rate): RateTotal[] => {
    let taxableMinor = 0;
    let taxMinor = 0;
    let carried = false;
    for (const line of lines) {
      const tax = line.taxes.find((entry) => entry.rateId === rate.id);
      if (!tax) continue;
      carried = true;
      taxableMinor = addMinor(taxableMinor, line.netMinor, 'Taxable amount');
      taxMinor = addMinor(taxMinor, tax.taxMinor, 'Tax');
    }
    if (!carried) return [];
    const compound = rate.compound === true;
    return [{ rateId: rate.id, ratePpm: rate.ratePpm, compound, taxableMinor, taxMinor }];
  });
  return {
    grossMinor: sum((line) => line.grossMinor, 'Gross'),
    lineDiscountMinor,
    orderDiscountMinor,
    discountMinor: addMinor(lineDiscountMinor, orderDiscountMinor, 'Discounts'),
    subtotalMinor: sum((line) => line.netMinor, 'Subtotal'),
    taxes,
    taxMinor: sum((line) => line.taxMinor, 'Tax'),
    exemptTaxRemovedMinor: sum((line) => line.exemptTaxRemovedMinor, 'Exempt tax'),
    totalMinor: sum((line) => line.totalMinor, 'Total'),
  };
}
