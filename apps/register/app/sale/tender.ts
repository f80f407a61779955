import { denominationsOf, isPricingError, roundCash } from '@tillpoint/domain';
import type { Cart, NewPayment } from './cart.ts';
import type { SaleContext } from './context.ts';
import { type CartTotals, priceCart, settlePayments } from './totals.ts';

// The tender screen's arithmetic. Cash rounding is the engine's (applyTenders): only a cash
// tender that settles the rest of the balance is rounded to the cash increment, and the
// difference is reported beside the total, never folded into it. A card or gift card that
// settles the sale is charged to the minor unit.

/** What to ask for in cash: the balance rounded to the cash increment (CHF 12.37 -> 12.35). */
export function cashDueMinor(balanceMinor: number, context: SaleContext): number {
  return roundCash(balanceMinor, context.cashIncrementMinor, context.roundingMode).roundedMinor;
}

/**
 * Quick cash buttons: the amount due in cash, then the next amounts the customer can hand over
 * in whole notes of the currency (USD 12.37 -> 12.37, 13, 14, 15, 20), smallest first.
 */
export function quickCashAmounts(
  balanceMinor: number,
  context: SaleContext,
  extra: number = 4,
): number[] {
  if (balanceMinor <= 0) return [];
  const due = cashDueMinor(balanceMinor, context);
  const notes = (denominationsOf(context.currency.code) ?? [])
    .filter((denomination) => denomination.kind === 'note')
    .map((note) => note.valueMinor);
  const above = new Set<number>();
  for (const note of notes) {
    const next = Math.ceil(due / note) * note;
    above.add(next === due ? next + note : next);
  }
  // A balance below half the smallest coin rounds to nothing in cash: no exact-cash button then.
  const exact = due > 0 ? [due] : [];
  return [
    ...exact,
    ...[...above]
      .filter((amount) => amount > 0)
      .sort((a, b) => a - b)
      .slice(0, extra),
  ];
}

export interface CashPreview {
  /** Does this cash settle the sale? */
  readonly settles: boolean;
  readonly changeMinor: number;
  readonly cashRoundingMinor: number;
  /** Still to pay after this cash. */
  readonly balanceMinor: number;
}

/** What handing over this much cash now would do, exactly as the server will settle it. */
export function previewCash(cart: Cart, context: SaleContext, amountMinor: number): CashPreview {
  const totals = priceCart(cart, context);
  const settlement = settlePayments(
    totals.totalMinor,
    [...cart.payments, { kind: 'cash', amountMinor, id: 'preview' }],
    context,
  );
  const applied = settlement.payments.at(-1);
  return {
    settles: settlement.settled,
    changeMinor: applied?.changeMinor ?? 0,
    cashRoundingMinor: applied?.cashRoundingMinor ?? 0,
    balanceMinor: settlement.balanceRemainingMinor,
  };
}

/** The sale can be submitted: something is sold and the payments settle the total. */
export function isFullyPaid(totals: CartTotals): boolean {
  return totals.paidInFull;
}

export type PaymentRefusal =
  | 'amount_invalid'
  | 'nothing_due'
  | 'exceeds_balance'
  | 'customer_required'
  | 'code_required'
  | 'reference_required'
  | 'not_offline';

/**
 * Why the register should not take this payment now, or null. Mirrors the server's refusals
 * (sales/tenders.ts assertTenderShape, applyTenders) so a submitted sale is never refused for
 * its payments; offline, only the tenders the tenant allows offline (settings.offlineTenders).
 */
export function paymentRefusal(
  cart: Cart,
  context: SaleContext,
  payment: NewPayment,
  options: { readonly offline: boolean },
): PaymentRefusal | null {
  if (!Number.isSafeInteger(payment.amountMinor) || payment.amountMinor < 1)
    return 'amount_invalid';
  if (options.offline && !context.offlineTenders.includes(payment.kind)) return 'not_offline';
  if (payment.kind === 'store_credit' && cart.customer === null) return 'customer_required';
  if (payment.kind === 'gift_card' && !payment.giftCardCode.trim()) return 'code_required';
  if ((payment.kind === 'external' || payment.kind === 'other') && !payment.reference.trim())
    return 'reference_required';
  const totals = priceCart(cart, context);
  if (totals.balanceMinor === 0) return 'nothing_due';
  try {
    settlePayments(
      totals.totalMinor,
      [...cart.payments, { kind: payment.kind, amountMinor: payment.amountMinor, id: 'check' }],
      context,
    );
  } catch (error) {
    if (isPricingError(error) && error.code === 'pricing.tender_exceeds_balance')
      return 'exceeds_balance';
    throw error;
  }
  return null;
}
