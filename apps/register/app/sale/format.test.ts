import { getCurrency } from '@tillpoint/domain';
import { describe, expect, it } from 'vitest';
import { formatMoney } from './format.ts';

// Intl separates symbol and amount with a no-break space in some locales.
const shown = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMoney', () => {
  it('formats minor units with the currency exponent from the engine', () => {
    expect(formatMoney(123_456, 'USD')).toBe('$1,234.56');
    expect(formatMoney(5, 'USD')).toBe('$0.05');
    expect(formatMoney(-250, 'USD')).toBe('-$2.50');
    expect(formatMoney(1200, 'JPY')).toBe('¥1,200');
    expect(shown(formatMoney(12_345, 'KWD'))).toBe('KWD 12.345');
    expect(shown(formatMoney(123_456, 'EUR', 'de-DE'))).toBe('1.234,56 €');
    expect(shown(formatMoney(1235, getCurrency('CHF', { cashIncrementMinor: 5 }), 'de-CH'))).toBe(
      'CHF 12.35',
    );
  });

  it('never goes through a float: the largest safe amount keeps every digit', () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'USD')).toBe('$90,071,992,547,409.91');
  });
});
