import { ppmToPercent } from '../pricing/rate.ts';
import { formatReceiptMoney } from './format.ts';

// The words a receipt prints next to figures: tender names, discount descriptions, tax rates.
// Figures themselves always come from the document; these only describe them. The platform
// (stored documents) and the register (sales it prints before they sync) both word receipts
// through these, so the same sale reads the same on either.

export type DiscountJson =
  | { readonly kind: 'percent'; readonly ppm: number }
  | { readonly kind: 'fixed'; readonly amountMinor: number };

/** "8.25%", exact to the ppm (never through a float), with the locale's decimal sign. */
export function rateLabel(ratePpm: number, locale: string): string {
  return `${withLocaleDecimal(ppmToPercent(ratePpm), locale)}%`;
}

function withLocaleDecimal(decimal: string, locale: string): string {
  const separator =
    new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === 'decimal')
      ?.value ?? '.';
  return decimal.replace('.', separator);
}

function describeDiscount(discount: DiscountJson, currency: string, locale: string): string {
  return discount.kind === 'percent'
    ? `${rateLabel(discount.ppm, locale)} off`
    : `${formatReceiptMoney(discount.amountMinor, currency, locale)} off`;
}

/**
 * "10% off", "order 5% off", "tax exempt", joined when a line has several. null when the line
 * kept its full price.
 */
export function discountLabel(input: {
  readonly lineDiscount: DiscountJson | null;
  readonly lineDiscountMinor: number;
  readonly orderDiscount: DiscountJson | null;
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

export interface TenderFacts {
  readonly kind: string;
  readonly reference: string | null;
  readonly giftCardLast4: string | null;
  readonly cardBrand: string | null;
  readonly cardLast4: string | null;
}

const MASK = '••••';

function brandName(brand: string): string {
  const known: Record<string, string> = {
    amex: 'American Express',
    american_express: 'American Express',
    diners: 'Diners Club',
    mastercard: 'Mastercard',
    visa: 'Visa',
    discover: 'Discover',
    jcb: 'JCB',
    unionpay: 'UnionPay',
    interac: 'Interac',
    eftpos_au: 'eftpos',
  };
  const key = brand.toLowerCase();
  return known[key] ?? key.charAt(0).toUpperCase() + key.slice(1);
}

/** An exchange's returned goods paying its new sale (sales/exchange-service.ts). */
const EXCHANGE_REFERENCE = /^exchange:/;

function isExchangeCredit(tender: Pick<TenderFacts, 'kind' | 'reference'>): boolean {
  return tender.kind === 'other' && EXCHANGE_REFERENCE.test(tender.reference ?? '');
}

/** The reference worth printing: an approval code or cheque number, not an internal id. */
export function tenderReference(tender: Pick<TenderFacts, 'kind' | 'reference'>): string | null {
  return isExchangeCredit(tender) ? null : tender.reference;
}

/** "Cash", "Visa •••• 4242", "Gift card •••• 1234", "Card terminal"... */
export function tenderLabel(tender: TenderFacts): string {
  switch (tender.kind) {
    case 'cash':
      return 'Cash';
    case 'card': {
      const name = tender.cardBrand ? brandName(tender.cardBrand) : 'Card';
      return tender.cardLast4 ? `${name} ${MASK} ${tender.cardLast4}` : name;
    }
    case 'gift_card':
      return tender.giftCardLast4 ? `Gift card ${MASK} ${tender.giftCardLast4}` : 'Gift card';
    case 'store_credit':
      return 'Store credit';
    case 'external':
      return 'Card terminal';
    case 'exchange':
      return 'Exchange';
    default:
      return isExchangeCredit(tender) ? 'Exchange' : 'Other';
  }
}
