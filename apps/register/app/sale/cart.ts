import { assertUnitQuantity, MILLI_PER_UNIT } from '@tillpoint/domain';
import type { DiscountInput } from '../api-types.ts';
import { SaleModelError } from './errors.ts';
import { uuidv7 } from './uuid.ts';

// The sale being rung up, as plain immutable data. Nothing here prices anything: totals.ts hands
// the cart to the shared money engine. The reducer keeps the register's inputs exactly as the
// server will receive them (quantities in thousandths, money in minor units, ids chosen here).

/** A variant from the register's offline catalog (GET /catalog/changes, GET /catalog/lookup). */
export interface CachedVariant {
  readonly id: string;
  readonly name: string;
  readonly sku: string;
  /** This store's price of one unit (one kg for weighed goods), in the tenant's tax mode. */
  readonly priceMinor: number;
  readonly taxCategoryId: string | null;
  readonly unit: 'each' | 'weight';
}

export interface CartLine {
  readonly id: string;
  readonly variant: CachedVariant;
  readonly quantityMilli: number;
  /** Weighed or label-priced: each scan is its own line, never merged into another. */
  readonly standalone: boolean;
  /** The price printed on a price-embedded label, when the line came from one. */
  readonly labelPriceMinor: number | null;
  readonly priceOverrideMinor: number | null;
  readonly overrideApprovalId: string | null;
  readonly discount: DiscountInput | null;
  readonly discountApprovalId: string | null;
}

export type CartPayment =
  | { readonly id: string; readonly kind: 'cash'; readonly amountMinor: number }
  | {
      readonly id: string;
      /** A card on a stand-alone terminal; reference is the terminal's approval code. */
      readonly kind: 'external' | 'other';
      readonly amountMinor: number;
      readonly reference: string;
    }
  | {
      readonly id: string;
      readonly kind: 'gift_card';
      readonly amountMinor: number;
      readonly giftCardCode: string;
    }
  | { readonly id: string; readonly kind: 'store_credit'; readonly amountMinor: number }
  | {
      /** The card payment the server confirmed; the tender takes its id. */
      readonly id: string;
      readonly kind: 'card';
      readonly amountMinor: number;
      readonly cardPaymentId: string;
    };

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
/** A payment to add: its id is generated unless given (a card payment keeps the server's id). */
export type NewPayment = WithoutId<CartPayment> & { readonly id?: string };

export interface CartCustomer {
  readonly id: string;
  readonly name: string;
  /** Exempt customers pay no tax (inclusive prices have the contained tax taken out). */
  readonly taxExempt: boolean;
}

export interface Cart {
  /** The sale id the server will store (and the outbox replays under). */
  readonly id: string;
  readonly lines: readonly CartLine[];
  readonly orderDiscount: DiscountInput | null;
  readonly orderDiscountApprovalId: string | null;
  readonly customer: CartCustomer | null;
  readonly payments: readonly CartPayment[];
}

export type CartAction =
  | {
      readonly type: 'addVariant';
      readonly variant: CachedVariant;
      /** Thousandths: required for weighed goods (the scale's grams), default one unit. */
      readonly quantityMilli?: number;
      /** From a price-embedded label (see label-price.ts). */
      readonly labelPriceMinor?: number;
      readonly lineId?: string;
    }
  | { readonly type: 'setQuantity'; readonly lineId: string; readonly quantityMilli: number }
  | { readonly type: 'removeLine'; readonly lineId: string }
  | {
      readonly type: 'setLineDiscount';
      readonly lineId: string;
      readonly discount: DiscountInput | null;
      readonly approvalId?: string;
    }
  | {
      readonly type: 'setOrderDiscount';
      readonly discount: DiscountInput | null;
      readonly approvalId?: string;
    }
  | {
      readonly type: 'overridePrice';
      readonly lineId: string;
      /** null removes the override. */
      readonly priceMinor: number | null;
      readonly approvalId?: string;
    }
  | { readonly type: 'attachCustomer'; readonly customer: CartCustomer }
  | { readonly type: 'detachCustomer' }
  | { readonly type: 'addPayment'; readonly payment: NewPayment }
  | { readonly type: 'removePayment'; readonly paymentId: string }
  | { readonly type: 'clear' };

export function emptyCart(id: string = uuidv7()): Cart {
  return {
    id,
    lines: [],
    orderDiscount: null,
    orderDiscountApprovalId: null,
    customer: null,
    payments: [],
  };
}

/**
 * Once money is taken the items and discounts are what the customer is paying for; the server
 * refuses changes after a payment (sale.has_payments), so the cart does too. Remove the payments
 * (or void the sale) to change it.
 */
export function isLocked(cart: Cart): boolean {
  return cart.payments.length > 0;
}

function assertQuantity(milli: number, unit: CachedVariant['unit']): void {
  if (!Number.isSafeInteger(milli) || milli <= 0)
    throw new SaleModelError(
      'sale.invalid_quantity',
      `A quantity must be a positive whole number of thousandths, got ${milli}.`,
    );
  try {
    assertUnitQuantity(milli, unit);
  } catch (error) {
    throw new SaleModelError(
      'sale.invalid_quantity',
      error instanceof Error ? error.message : String(error),
    );
  }
}

function assertAmount(amount: number, what: string, allowZero: boolean): void {
  if (!Number.isSafeInteger(amount) || amount < (allowZero ? 0 : 1))
    throw new SaleModelError(
      'sale.invalid_amount',
      `${what} must be a ${allowZero ? 'non-negative' : 'positive'} whole number of minor units, got ${amount}.`,
    );
}

function assertDiscount(discount: DiscountInput | null): void {
  if (discount === null) return;
  if (discount.kind === 'fixed') assertAmount(discount.amountMinor, 'A fixed discount', true);
  else if (!Number.isSafeInteger(discount.ppm) || discount.ppm < 0 || discount.ppm > 1_000_000)
    throw new SaleModelError(
      'sale.invalid_amount',
      `A percentage discount is 0 to 1000000 ppm (100 %), got ${discount.ppm}.`,
    );
}

function addVariant(cart: Cart, action: Extract<CartAction, { type: 'addVariant' }>): Cart {
  const { variant, labelPriceMinor } = action;
  if (variant.unit === 'weight' && action.quantityMilli === undefined)
    throw new SaleModelError(
      'sale.weight_required',
      `${variant.name} is sold by weight: weigh it or scan its scale label.`,
    );
  const quantityMilli = action.quantityMilli ?? MILLI_PER_UNIT;
  assertQuantity(quantityMilli, variant.unit);
  if (labelPriceMinor !== undefined) assertAmount(labelPriceMinor, 'A label price', true);
  const standalone = variant.unit === 'weight' || labelPriceMinor !== undefined;

  // Scanning a counted item again adds to its line, unless that line's price was changed by hand.
  const same = standalone
    ? undefined
    : cart.lines.findLast(
        (line) =>
          line.variant.id === variant.id && !line.standalone && line.priceOverrideMinor === null,
      );
  if (same)
    return replaceLine(cart, same.id, (line) => ({
      ...line,
      quantityMilli: line.quantityMilli + quantityMilli,
    }));

  // A label price on a counted item is that item's price: an override the server approves like
  // any other. Weighed items take the label's price through their weight (label-price.ts).
  const labelOverride = labelPriceMinor !== undefined && variant.unit === 'each';
  const line: CartLine = {
    id: action.lineId ?? uuidv7(),
    variant,
    quantityMilli,
    standalone,
    labelPriceMinor: labelPriceMinor ?? null,
    priceOverrideMinor: labelOverride ? labelPriceMinor : null,
    overrideApprovalId: null,
    discount: null,
    discountApprovalId: null,
  };
  return { ...cart, lines: [...cart.lines, line] };
}

function replaceLine(cart: Cart, lineId: string, change: (line: CartLine) => CartLine): Cart {
  if (!cart.lines.some((line) => line.id === lineId)) return cart;
  return { ...cart, lines: cart.lines.map((line) => (line.id === lineId ? change(line) : line)) };
}

function removeLine(cart: Cart, lineId: string): Cart {
  const lines = cart.lines.filter((line) => line.id !== lineId);
  return lines.length === cart.lines.length ? cart : { ...cart, lines };
}

function newPayment(payment: NewPayment): CartPayment {
  assertAmount(payment.amountMinor, 'A payment', false);
  const id = payment.kind === 'card' ? payment.cardPaymentId : (payment.id ?? uuidv7());
  return { ...payment, id };
}

/** Changes to what is sold: refused (state unchanged) while the cart is locked. */
function changeGoods(cart: Cart, action: CartAction): Cart {
  switch (action.type) {
    case 'addVariant':
      return addVariant(cart, action);
    case 'setQuantity': {
      // Zero takes the line off, as the minus button on the last unit does.
      if (action.quantityMilli === 0) return removeLine(cart, action.lineId);
      return replaceLine(cart, action.lineId, (line) => {
        assertQuantity(action.quantityMilli, line.variant.unit);
        return { ...line, quantityMilli: action.quantityMilli };
      });
    }
    case 'removeLine':
      return removeLine(cart, action.lineId);
    case 'setLineDiscount':
      assertDiscount(action.discount);
      return replaceLine(cart, action.lineId, (line) => ({
        ...line,
        discount: action.discount,
        discountApprovalId: action.discount === null ? null : (action.approvalId ?? null),
      }));
    case 'setOrderDiscount':
      assertDiscount(action.discount);
      return {
        ...cart,
        orderDiscount: action.discount,
        orderDiscountApprovalId: action.discount === null ? null : (action.approvalId ?? null),
      };
    case 'overridePrice':
      if (action.priceMinor !== null) assertAmount(action.priceMinor, 'A price', true);
      return replaceLine(cart, action.lineId, (line) => ({
        ...line,
        priceOverrideMinor: action.priceMinor,
        overrideApprovalId: action.priceMinor === null ? null : (action.approvalId ?? null),
      }));
    case 'attachCustomer':
      return { ...cart, customer: action.customer };
    case 'detachCustomer':
      return cart.customer === null ? cart : { ...cart, customer: null };
    default:
      return cart;
  }
}

/**
 * The cart's only way to change. Invalid input (a fractional count, a negative amount) throws a
 * SaleModelError; money rules that need the totals (a discount larger than the line, a card over
 * the balance) are the engine's: see tryCartAction in guard.ts.
 */
export function cartReducer(cart: Cart, action: CartAction): Cart {
  switch (action.type) {
    case 'addPayment':
      return { ...cart, payments: [...cart.payments, newPayment(action.payment)] };
    case 'removePayment': {
      const payments = cart.payments.filter((payment) => payment.id !== action.paymentId);
      return payments.length === cart.payments.length ? cart : { ...cart, payments };
    }
    case 'clear':
      return emptyCart();
    default:
      return isLocked(cart) ? cart : changeGoods(cart, action);
  }
}
