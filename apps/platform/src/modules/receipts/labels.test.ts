import {
  discountLabel,
  formatReceiptNumber,
  rateLabel,
  tenderLabel,
  tenderReference,
} from '@tillpoint/domain';
import { describe, expect, it } from 'vitest';
import { localeOf } from '../../lib/locale.ts';
import { addressLines, textLines } from './issuer.ts';

// The words and numbers printed beside the stored figures: exact, and in the tenant's locale.

describe('rate labels', () => {
  it('print the stored rate exactly, with the locale decimal sign', () => {
    expect(rateLabel(82_500, 'en-US')).toBe('8.25%');
    expect(rateLabel(88_750, 'en-US')).toBe('8.875%');
    expect(rateLabel(70_625, 'en-US')).toBe('7.0625%');
    expect(rateLabel(99_750, 'fr-CA')).toBe('9,975%');
    expect(rateLabel(200_000, 'de-DE')).toBe('20%');
    expect(rateLabel(0, 'en-US')).toBe('0%');
  });
});

describe('discount labels', () => {
  const base = {
    lineDiscount: null,
    lineDiscountMinor: 0,
    orderDiscount: null,
    orderDiscountMinor: 0,
    exemptTaxMinor: 0,
    currency: 'USD',
    locale: 'en-US',
  };

  it('name what came off a line, from the stored discounts', () => {
    expect(discountLabel(base)).toBeNull();
    expect(
      discountLabel({
        ...base,
        lineDiscount: { kind: 'percent', ppm: 125_000 },
        lineDiscountMinor: 250,
      }),
    ).toBe('12.5% off');
    expect(
      discountLabel({
        ...base,
        lineDiscount: { kind: 'fixed', amountMinor: 1_500 },
        lineDiscountMinor: 1_500,
        orderDiscount: { kind: 'percent', ppm: 50_000 },
        orderDiscountMinor: 40,
        exemptTaxMinor: 12,
      }),
    ).toBe('$15.00 off + order 5% off + tax exempt');
    expect(
      discountLabel({
        ...base,
        currency: 'JPY',
        locale: 'ja-JP',
        orderDiscount: { kind: 'fixed', amountMinor: 500 },
        orderDiscountMinor: 500,
      }),
    ).toMatch(/^order .500 off$/);
  });
});

describe('tender labels', () => {
  const tender = {
    reference: null,
    giftCardLast4: null,
    cardBrand: null,
    cardLast4: null,
  };

  it('say what paid, masking card numbers to their last four', () => {
    expect(tenderLabel({ ...tender, kind: 'cash' })).toBe('Cash');
    expect(tenderLabel({ ...tender, kind: 'card', cardBrand: 'visa', cardLast4: '4242' })).toBe(
      'Visa •••• 4242',
    );
    expect(tenderLabel({ ...tender, kind: 'card', cardLast4: '0005' })).toBe('Card •••• 0005');
    expect(tenderLabel({ ...tender, kind: 'card' })).toBe('Card');
    expect(tenderLabel({ ...tender, kind: 'gift_card', giftCardLast4: '1234' })).toBe(
      'Gift card •••• 1234',
    );
    expect(tenderLabel({ ...tender, kind: 'store_credit' })).toBe('Store credit');
    expect(tenderLabel({ ...tender, kind: 'external', reference: 'AUTH-1' })).toBe('Card terminal');
    expect(tenderLabel({ ...tender, kind: 'other', reference: 'Cheque 104' })).toBe('Other');
  });

  it('show exchange credit as such, without the internal reference', () => {
    const credit = { ...tender, kind: 'other', reference: 'exchange:0190-aaaa' };
    expect(tenderLabel(credit)).toBe('Exchange');
    expect(tenderReference(credit)).toBeNull();
    expect(tenderReference({ kind: 'external', reference: 'AUTH-1' })).toBe('AUTH-1');
  });
});

describe('issuer details', () => {
  it('prints the address parts there are, in postal order', () => {
    expect(
      addressLines({
        line1: '1 Main St',
        line2: ' ',
        city: 'Springfield',
        region: 'IL',
        postalCode: '62701',
        country: 'US',
      }),
    ).toEqual(['1 Main St', 'Springfield, IL 62701']);
    expect(addressLines({ postalCode: 'SW1A 1AA' })).toEqual(['SW1A 1AA']);
    expect(addressLines({})).toEqual([]);
  });

  it('keeps typed header lines, dropping outer blank ones', () => {
    expect(textLines('\nWelcome!\r\n\nOpen daily  \n\n')).toEqual(['Welcome!', '', 'Open daily']);
    expect(textLines('')).toEqual([]);
  });

  it("takes the tenant's locale, else the country's language", () => {
    expect(localeOf('US')).toBe('en-US');
    expect(localeOf('CA')).toBe('en-CA');
    expect(localeOf('FR')).toBe('fr-FR');
    expect(localeOf('CA', 'fr-CA')).toBe('fr-CA');
    expect(localeOf('US', 'not a locale!')).toBe('en-US');
  });
});

describe('receipt numbers', () => {
  it('print six digits at least, never cut', () => {
    expect(formatReceiptNumber(7)).toBe('000007');
    expect(formatReceiptNumber(123_456)).toBe('123456');
    expect(formatReceiptNumber(12_345_678)).toBe('12345678');
    expect(() => formatReceiptNumber(0)).toThrow();
  });
});
