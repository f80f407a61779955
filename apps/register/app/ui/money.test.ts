import { describe, expect, it } from 'vitest';
import { chf, usd } from '../sale/testing.ts';
import { money, parseAmount, parsePercentPpm } from './money.ts';

describe('amounts typed at the till', () => {
  it('reads amounts exactly in minor units', () => {
    expect(parseAmount('12.5', usd)).toBe(1250);
    expect(parseAmount('12,50', usd)).toBe(1250);
    expect(parseAmount(' 20 ', usd)).toBe(2000);
    expect(parseAmount('0.07', chf)).toBe(7);
    expect(parseAmount('', usd)).toBeNull();
    expect(parseAmount('12.345', usd)).toBeNull();
    expect(parseAmount('abc', usd)).toBeNull();
    expect(parseAmount('-1', usd)).toBeNull();
  });

  it('reads percentages to parts per million', () => {
    expect(parsePercentPpm('10')).toBe(100_000);
    expect(parsePercentPpm('12.5')).toBe(125_000);
    expect(parsePercentPpm('0,25')).toBe(2_500);
    expect(parsePercentPpm('100')).toBe(1_000_000);
    expect(parsePercentPpm('100.01')).toBeNull();
    expect(parsePercentPpm('x')).toBeNull();
  });

  it('shows money in the currency', () => {
    expect(money(123_456, usd)).toBe('$1,234.56');
  });
});
