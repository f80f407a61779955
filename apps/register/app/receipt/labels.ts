import { formatReceiptMoney, ppmToPercent } from '@tillpoint/domain';
import type { DiscountInput } from '../api-types.ts';
import type { CartPayment } from '../sale/cart.ts';

// The words a receipt prints next to figures, worded exactly as the platform words them
// (apps/platform/src/modules/receipts/labels.ts), so a receipt printed here reads like the one
// the platform prints for the same sale; receipt-agreement.test.ts holds the two together.

export function rateLabel(ratePpm: number, locale: string): string {
  const separator =
    new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === 'decimal')
      ?.value ?? '.';
  return `${ppmToPercent(ratePpm).replace('.', separator)}%`;
}

function describeDiscount(discount: DiscountInput, currency: string, locale: string): string {
  return discount.kind === 'percent'
    ? `${rateLabel(discount.ppm, locale)} off`
    : `${formatReceiptMoney(discount.amountMinor, currency, locale)} off`;
}

/** "10% off", "order 5% off", "tax exempt", joined; null when the line kept its full price. */
export function discountLabel(input: {
  readonly lineDiscount: DiscountInput | null;
  readonly lineDiscountMinor: number;
  readonly orderDiscount: DiscountInput | null;
  readonly orderDiscountMinor: number;
  readonly exemptTaxMinor: number;
  readonly currency: string;
  readonly locale: string;
}): string | null {
  const parts: string[] = [];
  if (input.lineDiscountMinor > 0)
    parts.push(
      input.lineDiscount
        ? describeDiscount(input.lineDiscount, input.currency, input.locale)
        : 'discount',
    );
  if (input.orderDiscountMinor > 0)
    parts.push(
      input.orderDiscount
        ? `order ${describeDiscount(input.orderDiscount, input.currency, input.locale)}`
        : 'order discount',
    );
  if (input.exemptTaxMinor > 0) parts.push('tax exempt');
  return parts.length > 0 ? parts.join(' + ') : null;
}

const MASK = '••••';

/**
 * "Cash", "Gift card •••• 1234", "Card terminal"... A card taken online is named "Card" here:
 * its brand and last digits are the payment processor's, which the platform prints when it can.
 */
export function tenderLabel(payment: CartPayment): string {
  switch (payment.kind) {
    case 'cash':
      return 'Cash';
    case 'card':
      return 'Card';
    case 'gift_card': {
      const last4 = payment.giftCardCode.trim().slice(-4);
      return last4 ? `Gift card ${MASK} ${last4}` : 'Gift card';
    }
    case 'store_credit':
      return 'Store credit';
    case 'external':
      return 'Card terminal';
    case 'other':
      return 'Other';
  }
}

/** The reference worth printing: the approval code or cheque number typed at the till. */
export function tenderReference(payment: CartPayment): string | null {
  return payment.kind === 'external' || payment.kind === 'other' ? payment.reference : null;
}
