import { assertNonNegativeMinor, type Minor, sumMinor } from '../pricing/money.ts';
import { extendPrice } from '../pricing/quantity.ts';

// What goods cost at a purchase price: unit cost (minor units per unit, or per kg for weighed
// goods) times a quantity in thousandths. Each line is rounded once, half up, exactly as the sale
// engine extends weighed prices; a total is always the sum of its rounded lines, so a PO's total
// and the lines printed under it never disagree by a cent.

export interface CostLine {
  readonly unitCostMinor: Minor;
  readonly quantityMilli: number;
}

export function lineCost(line: CostLine, label = 'line'): Minor {
  assertNonNegativeMinor(line.unitCostMinor, `${label} unit cost`);
  return extendPrice(line.unitCostMinor, line.quantityMilli, 'half_up', label);
}

export function totalCost(lines: readonly CostLine[], label = 'total'): Minor {
  return sumMinor(
    lines.map((line, index) => lineCost(line, `line ${index + 1}`)),
    label,
  );
}
