import {
  type AppliedTender,
  applyTenders,
  type Discount,
  type LineAmounts,
  type PricedSale,
  priceSale,
  type RateTotal,
  type SaleInput,
  type TaxRate,
} from '@tillpoint/domain';
import type { DiscountInput } from '../api-types.ts';
import type { Cart, CartPayment } from './cart.ts';
import { ratesFor, type SaleContext } from './context.ts';

// The cart priced exactly as the server prices the submitted sale (sales/pricing.ts saleInputOf
// + priceSale, then sales/tenders.ts applyTenders over the payments in the order taken). The
// register never adds or rounds money itself: every figure below is the engine's.

export interface PricedCartLine extends LineAmounts {
  readonly id: string;
  readonly variantId: string;
  readonly name: string;
  readonly quantityMilli: number;
  /** The catalog price the register charged (sent as unitPriceMinor). */
  readonly listUnitPriceMinor: number;
  /** The unit price actually charged: the override when there is one. */
  readonly unitPriceMinor: number;
  /** Line plus its share of the order discount. */
  readonly discountMinor: number;
  /** The rates charged (sent as taxRates), in charging order. */
  readonly taxRates: readonly TaxRate[];
}

export interface CartTotals {
  readonly lines: readonly PricedCartLine[];
  readonly grossMinor: number;
  readonly lineDiscountMinor: number;
  readonly orderDiscountMinor: number;
  readonly discountMinor: number;
  /** After discounts, excluding tax. */
  readonly subtotalMinor: number;
  readonly taxMinor: number;
  readonly taxes: readonly RateTotal[];
  /** Inclusive prices, exempt customer: the contained tax taken out of the shelf price. */
  readonly exemptTaxRemovedMinor: number;
  readonly totalMinor: number;
  /** Each payment as the engine applied it, in the order taken. */
  readonly payments: readonly AppliedTender[];
  /** The part of the total the payments settled. */
  readonly paidMinor: number;
  readonly balanceMinor: number;
  readonly changeMinor: number;
  /** Cash rounding of the cash tender that settled the sale (0 otherwise). */
  readonly cashRoundingMinor: number;
  /** Something is sold and nothing is left to pay. */
  readonly paidInFull: boolean;
}

/** The API says ppm; the engine says ratePpm (as engineDiscount on the server). */
export function engineDiscount(discount: DiscountInput): Discount {
  return discount.kind === 'percent'
    ? { kind: 'percent', ratePpm: discount.ppm }
    : { kind: 'fixed', amountMinor: discount.amountMinor };
}

/** The engine's input for the cart: the same SaleInput the server builds from the submit. */
export function saleInputOf(cart: Cart, context: SaleContext): SaleInput {
  return {
    currency: context.currency,
    taxMode: context.taxMode,
    taxRounding: context.taxRounding,
    roundingMode: context.roundingMode,
    taxExempt: cart.customer?.taxExempt ?? false,
    lines: cart.lines.map((line) => ({
      id: line.id,
      quantityMilli: line.quantityMilli,
      unitPriceMinor: line.variant.priceMinor,
      ...(line.priceOverrideMinor === null ? {} : { priceOverrideMinor: line.priceOverrideMinor }),
      taxRates: ratesFor(context, line.variant.taxCategoryId),
      ...(line.discount === null ? {} : { discount: engineDiscount(line.discount) }),
    })),
    ...(cart.orderDiscount ? { orderDiscount: engineDiscount(cart.orderDiscount) } : {}),
  };
}

/** Settles the payments against a total, as captureTenders does on the server. */
export function settlePayments(
  totalMinor: number,
  payments: readonly Pick<CartPayment, 'kind' | 'amountMinor' | 'id'>[],
  context: SaleContext,
) {
  return applyTenders({
    currency: context.currency,
    balanceDueMinor: totalMinor,
    tenders: payments.map((payment) => ({
      kind: payment.kind,
      amountMinor: payment.amountMinor,
      id: payment.id,
    })),
    cashIncrementMinor: context.cashIncrementMinor,
    roundingMode: context.roundingMode,
  });
}

/**
 * Prices the cart and settles its payments. Throws the engine's PricingError when the cart
 * breaks a money rule (a fixed discount over its amount, a card over the balance): the sell
 * screen checks each action with tryCartAction (guard.ts) so a cart in state never does.
 */
export function priceCart(cart: Cart, context: SaleContext): CartTotals {
  const input = saleInputOf(cart, context);
  const priced: PricedSale = priceSale(input);
  const { totals } = priced;
  const settlement = settlePayments(totals.totalMinor, cart.payments, context);
  const lines = priced.lines.map((result, index): PricedCartLine => {
    const line = cart.lines[index];
    const engineLine = input.lines[index];
    if (!line || !engineLine || line.id !== result.id)
      throw new Error(`priced line ${index} is missing`);
    return {
      ...result,
      variantId: line.variant.id,
      name: line.variant.name,
      discountMinor: result.lineDiscountMinor + result.orderDiscountMinor,
      taxRates: engineLine.taxRates ?? [],
    };
  });
  return {
    lines,
    grossMinor: totals.grossMinor,
    lineDiscountMinor: totals.lineDiscountMinor,
    orderDiscountMinor: totals.orderDiscountMinor,
    discountMinor: totals.discountMinor,
    subtotalMinor: totals.subtotalMinor,
    taxMinor: totals.taxMinor,
    taxes: totals.taxes,
    exemptTaxRemovedMinor: totals.exemptTaxRemovedMinor,
    totalMinor: totals.totalMinor,
    payments: settlement.payments,
    paidMinor: settlement.paidMinor,
    balanceMinor: settlement.balanceRemainingMinor,
    changeMinor: settlement.changeMinor,
    cashRoundingMinor: settlement.cashRoundingMinor,
    paidInFull: cart.lines.length > 0 && settlement.settled,
  };
}
