import { describe, expect, it } from 'vitest';
import { formatReceiptDateTime, formatReceiptMoney, formatReceiptQuantity } from './format.ts';

describe('formatReceiptMoney', () => {
  it.each([
    [123456, 'USD', 'en-US', '$1,234.56'],
    [-70, 'USD', 'en-US', '-$0.70'],
    [0, 'USD', 'en-US', '$0.00'],
    [1200, 'JPY', 'en-US', '¥1,200'],
    [1200, 'JPY', 'ja-JP', '¥1,200'],
    [1250, 'KWD', 'en-US', 'KWD 1.250'],
    [7, 'KWD', 'en-US', 'KWD 0.007'],
    [123450, 'EUR', 'de-DE', '1.234,50 €'],
    [123450, 'EUR', 'fr-FR', '1 234,50 €'],
    [-1200, 'SEK', 'sv-SE', '-12,00 kr'],
  ])('%i %s in %s is %s', (minor, currency, locale, text) => {
    expect(formatReceiptMoney(minor, currency, locale)).toBe(text);
  });

  it('prints every digit of amounts past the float range, exactly', () => {
    expect(formatReceiptMoney(Number.MAX_SAFE_INTEGER, 'USD', 'en-US')).toBe(
      '$90,071,992,547,409.91',
    );
    expect(formatReceiptMoney(Number.MAX_SAFE_INTEGER, 'KWD', 'en-US')).toBe(
      'KWD 9,007,199,254,740.991',
    );
  });

  it('shows the sign of a signed amount both ways and none on zero', () => {
    expect(formatReceiptMoney(2, 'CAD', 'en-CA', { signed: true })).toBe('+$0.02');
    expect(formatReceiptMoney(-3, 'CAD', 'en-CA', { signed: true })).toBe('-$0.03');
    expect(formatReceiptMoney(0, 'CAD', 'en-CA', { signed: true })).toBe('$0.00');
  });

  it('uses only plain spaces and printable signs (no NBSP, narrow NBSP, U+2212)', () => {
    for (const [currency, locale] of [
      ['EUR', 'fr-FR'],
      ['SEK', 'sv-SE'],
      ['KWD', 'en-US'],
      ['JPY', 'ja-JP'],
    ] as const) {
      const text = formatReceiptMoney(-123456789, currency, locale);
      expect(text).not.toMatch(/[\u00a0\u202f\u2212\uffe5\p{Cf}]/u);
    }
  });

  it('refuses fractions and unknown currencies', () => {
    expect(() => formatReceiptMoney(1.5, 'USD', 'en-US')).toThrowError(
      expect.objectContaining({ code: 'pricing.invalid_amount' }),
    );
    expect(() => formatReceiptMoney(1, 'XXX', 'en-US')).toThrowError(
      expect.objectContaining({ code: 'pricing.unknown_currency' }),
    );
  });
});

describe('formatReceiptQuantity', () => {
  it.each([
    [1000, 'each', 'en-US', '1'],
    [12000, 'each', 'en-US', '12'],
    [1_500_000, 'each', 'en-US', '1,500'],
    [250, 'weight', 'en-US', '0.250 kg'],
    [1250, 'weight', 'en-US', '1.250 kg'],
    [7, 'weight', 'en-US', '0.007 kg'],
    [250, 'weight', 'de-DE', '0,250 kg'],
  ] as const)('%i %s in %s is %s', (milli, unit, locale, text) => {
    expect(formatReceiptQuantity(milli, unit, locale)).toBe(text);
  });
});

describe('formatReceiptDateTime', () => {
  it("prints the instant on the store's clock", () => {
    const instant = '2025-03-01T15:04:05.000Z';
    expect(formatReceiptDateTime(instant, 'America/Chicago', 'en-US')).toBe('Mar 1, 2025, 9:04 AM');
    expect(formatReceiptDateTime(instant, 'Europe/Paris', 'fr-FR')).toBe('1 mars 2025, 16:04');
    // The day changes with the zone: late evening UTC is already tomorrow in Tokyo.
    expect(formatReceiptDateTime('2025-03-01T20:00:00Z', 'Asia/Tokyo', 'en-US')).toMatch(
      /^Mar 2, 2025/,
    );
  });
});
