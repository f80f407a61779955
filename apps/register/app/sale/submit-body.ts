import type { SubmitBody, SubmitLine, SubmitPayment } from '../api-types.ts';
import type { Cart, CartLine, CartPayment } from './cart.ts';
import type { SaleContext } from './context.ts';
import { SaleModelError } from './errors.ts';
import { type CartTotals, priceCart } from './totals.ts';

// The register's finished sale as POST /api/v1/sales/submit takes it (SubmitBody in
// sales/sale-schemas.ts). Each line carries the price and rates the register charged, and the
// body the total it showed: online the server refuses any difference (the cache was stale),
// offline it keeps the register's figures and flags them.

export interface SubmitOptions {
  /** The paired register; the server takes the signed-in device's when omitted. */
  readonly registerId?: string;
  /** When the sale happened at the till (ISO 8601). */
  readonly occurredAt: string;
  readonly offline: boolean;
  readonly offlineReference?: string;
  readonly note?: string;
}

/** API quantities are decimals (units or kg, three places): thousandths / 1000 is exact there. */
function quantityOf(line: CartLine): number {
  return line.quantityMilli / 1000;
}

function lineBody(line: CartLine, totals: CartTotals, index: number): SubmitLine {
  const priced = totals.lines[index];
  if (!priced || priced.id !== line.id) throw new Error(`priced line ${index} is missing`);
  // The server reads approvalId as the override's approval when the line overrides its price,
  // else as the discount's; discountApprovalId is the discount's when the line needs both.
  const overridden = line.priceOverrideMinor !== null;
  const approvalId = overridden ? line.overrideApprovalId : line.discountApprovalId;
  const discountApprovalId = overridden ? line.discountApprovalId : null;
  return {
    id: line.id,
    kind: 'item',
    variantId: line.variant.id,
    quantity: quantityOf(line),
    ...(line.priceOverrideMinor === null ? {} : { priceOverrideMinor: line.priceOverrideMinor }),
    ...(line.discount === null ? {} : { discount: line.discount }),
    ...(approvalId === null ? {} : { approvalId }),
    ...(discountApprovalId === null ? {} : { discountApprovalId }),
    unitPriceMinor: priced.listUnitPriceMinor,
    taxRates: priced.taxRates.map((rate) => ({
      id: rate.id,
      ratePpm: rate.ratePpm,
      ...(rate.compound ? { compound: true } : {}),
    })),
  };
}

function paymentBody(payment: CartPayment): SubmitPayment {
  const base = { id: payment.id, kind: payment.kind, amountMinor: payment.amountMinor };
  switch (payment.kind) {
    case 'cash':
    case 'store_credit':
      return base;
    case 'external':
    case 'other':
      return { ...base, reference: payment.reference };
    case 'gift_card':
      return { ...base, giftCardCode: payment.giftCardCode };
    case 'card':
      // A card payment belongs to a sale the server already holds (POST /sales/{id}/card-
      // payments); the submit body has no field for it, so such a sale completes online.
      throw new SaleModelError(
        'sale.card_needs_online_sale',
        'A card taken on the card reader is completed on the online sale, not submitted.',
      );
  }
}

/** The submit body for a fully paid cart. Throws SaleModelError when it cannot be submitted. */
export function toSubmitBody(cart: Cart, context: SaleContext, options: SubmitOptions): SubmitBody {
  if (cart.lines.length === 0)
    throw new SaleModelError('sale.empty', 'Nothing is sold on this sale yet.');
  const totals = priceCart(cart, context);
  if (!totals.paidInFull)
    throw new SaleModelError(
      'sale.not_paid',
      `${totals.balanceMinor} (minor units) is still due on this sale.`,
    );
  return {
    id: cart.id,
    ...(options.registerId === undefined ? {} : { registerId: options.registerId }),
    occurredAt: options.occurredAt,
    offline: options.offline,
    ...(options.offlineReference === undefined
      ? {}
      : { offlineReference: options.offlineReference }),
    ...(cart.customer === null ? {} : { customerId: cart.customer.id }),
    ...(options.note === undefined ? {} : { note: options.note }),
    lines: cart.lines.map((line, index) => lineBody(line, totals, index)),
    ...(cart.orderDiscount === null ? {} : { orderDiscount: cart.orderDiscount }),
    payments: cart.payments.map(paymentBody),
    expectedTotalMinor: totals.totalMinor,
    ...(cart.orderDiscountApprovalId === null
      ? {}
      : { approvals: { orderDiscount: cart.orderDiscountApprovalId } }),
  };
}
