import { allocateByWeights } from './allocate.ts';
import { resolveCurrency } from './currency.ts';
import { discountAmount } from './discount.ts';
import { PricingError } from './errors.ts';
import type { Minor } from './money.ts';
import { addMinor, assertNonNegativeMinor, sumMinor } from './money.ts';
import { extendPrice, toQuantityMilli } from './quantity.ts';
import { assertRoundingMode } from './rounding.ts';
import type { LineTax, PricedLine, PricedSale, SaleInput, SaleLineInput } from './sale-types.ts';
import type { TaxMode, TaxProfile, TaxRate, TaxRounding } from './tax.ts';
import { computeTaxes, taxProfile } from './tax.ts';
import { totalsOf } from './totals.ts';

/**
 * Prices a cart: unit price × quantity, line discounts, the order discount spread over the lines,
 * then tax on what is left. Pure and deterministic, so the register's offline total and the
 * server's stored total are the same number.
 */
export function priceSale(input: SaleInput): PricedSale {
  const currency = resolveCurrency(input.currency);
  const taxMode = assertTaxMode(input.taxMode);
  const taxRounding = assertTaxRounding(input.taxRounding);
  const mode = assertRoundingMode(input.roundingMode);
  const taxExempt = input.taxExempt === true;

  const rates = new RateRegistry();
  const seenIds = new Set<string>();
  const drafts = input.lines.map((line) => draftLine(line, seenIds, rates, mode));

  const afterLineDiscounts = drafts.map((draft) => draft.grossMinor - draft.lineDiscountMinor);
  const orderDiscountMinor = input.orderDiscount
    ? discountAmount(sumMinor(afterLineDiscounts), input.orderDiscount, mode, 'Order discount')
    : 0;
  const orderShares = allocateByWeights(orderDiscountMinor, afterLineDiscounts.map(BigInt));
  const discounted = afterLineDiscounts.map((amount, index) => amount - (orderShares[index] ?? 0));

  const noTax = taxExempt && taxMode === 'exclusive';
  const taxes = noTax
    ? drafts.map((draft) => draft.profile.rates.map(() => 0))
    : computeTaxes(
        drafts.map((draft, index) => ({
          amountMinor: discounted[index] ?? 0,
          profile: draft.profile,
        })),
        taxMode,
        taxRounding,
        mode,
      );

  const lines = drafts.map((draft, index): PricedLine => {
    const amount = discounted[index] ?? 0;
    const lineTaxes = taxes[index] ?? [];
    const taxSum = sumMinor(lineTaxes, 'Line tax');
    const netMinor = taxMode === 'exclusive' ? amount : amount - taxSum;
    const charged = !taxExempt;
    const taxMinor = charged ? taxSum : 0;
    return {
      id: draft.id,
      quantityMilli: draft.quantityMilli,
      listUnitPriceMinor: draft.listUnitPriceMinor,
      unitPriceMinor: draft.unitPriceMinor,
      grossMinor: draft.grossMinor,
      lineDiscountMinor: draft.lineDiscountMinor,
      orderDiscountMinor: orderShares[index] ?? 0,
      netMinor,
      taxes: charged
        ? draft.profile.rates.map(
            (rate, position): LineTax => ({
              rateId: rate.id,
              ratePpm: rate.ratePpm,
              taxMinor: lineTaxes[position] ?? 0,
            }),
          )
        : [],
      taxMinor,
      exemptTaxRemovedMinor: taxExempt && taxMode === 'inclusive' ? taxSum : 0,
      totalMinor: addMinor(netMinor, taxMinor, 'Line total'),
    };
  });

  return {
    currency,
    taxMode,
    taxRounding,
    roundingMode: mode,
    taxExempt,
    lines,
    totals: totalsOf(lines, rates.all()),
  };
}

interface LineDraft {
  readonly id: string;
  readonly quantityMilli: number;
  readonly listUnitPriceMinor: Minor;
  readonly unitPriceMinor: Minor;
  readonly grossMinor: Minor;
  readonly lineDiscountMinor: Minor;
  readonly profile: TaxProfile;
}

function draftLine(
  line: SaleLineInput,
  seenIds: Set<string>,
  rates: RateRegistry,
  mode: SaleInput['roundingMode'],
): LineDraft {
  if (typeof line.id !== 'string' || line.id === '' || seenIds.has(line.id)) {
    throw new PricingError(
      'pricing.duplicate_line',
      `Every line needs its own non-empty id; ${JSON.stringify(line.id)} is missing or repeated.`,
      { lineId: String(line.id) },
    );
  }
  seenIds.add(line.id);
  const label = `Line ${JSON.stringify(line.id)}`;
  const quantityMilli = toQuantityMilli(line, label);
  const listUnitPriceMinor = assertNonNegativeMinor(line.unitPriceMinor, `${label} unit price`);
  const unitPriceMinor =
    line.priceOverrideMinor === undefined
      ? listUnitPriceMinor
      : assertNonNegativeMinor(line.priceOverrideMinor, `${label} price override`);
  const grossMinor = extendPrice(unitPriceMinor, quantityMilli, mode, label);
  const lineDiscountMinor = line.discount
    ? discountAmount(grossMinor, line.discount, mode, `${label} discount`)
    : 0;
  const lineRates = line.taxRates ?? [];
  const profile = taxProfile(lineRates, label);
  for (const rate of lineRates) rates.register(rate, label);
  return {
    id: line.id,
    quantityMilli,
    listUnitPriceMinor,
    unitPriceMinor,
    grossMinor,
    lineDiscountMinor,
    profile,
  };
}

/** Per-rate totals are keyed by id, so one id must mean one rate throughout the sale. */
class RateRegistry {
  readonly #byId = new Map<string, TaxRate>();

  register(rate: TaxRate, label: string): void {
    const known = this.#byId.get(rate.id);
    if (!known) {
      this.#byId.set(rate.id, rate);
      return;
    }
    if (known.ratePpm !== rate.ratePpm || (known.compound === true) !== (rate.compound === true)) {
      throw new PricingError(
        'pricing.invalid_rate',
        `${label} uses tax rate id ${JSON.stringify(rate.id)} with a different rate or ` +
          'compounding than an earlier line.',
        { rateId: rate.id },
      );
    }
  }

  all(): TaxRate[] {
    return [...this.#byId.values()];
  }
}

function assertTaxMode(value: string): TaxMode {
  if (value !== 'exclusive' && value !== 'inclusive') {
    throw new PricingError(
      'pricing.invalid_option',
      `Tax mode must be 'exclusive' or 'inclusive', got ${String(value)}.`,
      { option: 'taxMode', value: String(value) },
    );
  }
  return value;
}

function assertTaxRounding(value: string): TaxRounding {
  if (value !== 'line' && value !== 'document') {
    throw new PricingError(
      'pricing.invalid_option',
      `Tax rounding must be 'line' or 'document', got ${String(value)}.`,
      { option: 'taxRounding', value: String(value) },
    );
  }
  return value;
}
