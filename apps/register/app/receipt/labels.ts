import type { TenderFacts } from '@tillpoint/domain';
import type { CartPayment } from '../sale/cart.ts';

// A payment of this register's cart as the facts the shared receipt wording
// (@tillpoint/domain tenderLabel / tenderReference) takes, known here before the server has the
// sale. receipt-agreement.test.ts holds what comes out equal to the platform's receipt.

/** The last four of a gift card number as the platform stores them: no spaces or dashes, upper case. */
function giftCardLast4(code: string): string | null {
  const normalized = code.replace(/[\s-]/g, '').toUpperCase();
  return normalized.length >= 4 ? normalized.slice(-4) : null;
}

export function tenderFactsOf(payment: CartPayment): TenderFacts {
  return {
    kind: payment.kind,
    reference: payment.kind === 'external' || payment.kind === 'other' ? payment.reference : null,
    giftCardLast4: payment.kind === 'gift_card' ? giftCardLast4(payment.giftCardCode) : null,
    // A card taken online is named "Card" here: its brand and last digits are the payment
    // processor's, which the platform prints on its copy.
    cardBrand: null,
    cardLast4: null,
  };
}
