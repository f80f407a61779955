import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES, getCurrency } from '../pricing/currency.ts';
import { countCash } from './counts.ts';
import { DENOMINATION_CURRENCIES, denominationsOf } from './denominations.ts';

const refused = (code: string) => expect.objectContaining({ code });

describe('denominations', () => {
  it('lists the coins and notes of every currency the money engine knows', () => {
    expect([...DENOMINATION_CURRENCIES].sort()).toEqual([...CURRENCY_CODES].sort());
    for (const code of CURRENCY_CODES) {
      const values = (denominationsOf(code) ?? []).map((d) => d.valueMinor);
      const increment = getCurrency(code).cashIncrementMinor;
      // Smallest first, no repeats, and the smallest coin is exactly what cash settles to.
      expect(values, code).toEqual([...new Set(values)].sort((a, b) => a - b));
      expect(values[0], code).toBe(increment);
      for (const value of values) expect(value % increment, `${code} ${value}`).toBe(0);
    }
  });

  it('knows no list for a currency the engine does not know', () => {
    expect(denominationsOf('XAF')).toBeNull();
    expect(denominationsOf('toString')).toBeNull();
  });
});

describe('countCash', () => {
  it('totals a drawer count in minor units', () => {
    expect(countCash({ '2000': 3, '500': 4, '25': 8, '1': 0 }, 'USD')).toEqual({
      counts: { '1': 0, '25': 8, '500': 4, '2000': 3 },
      totalMinor: 8200,
    });
    expect(countCash({ '10000': 2, '500': 3, '1': 7 }, 'JPY').totalMinor).toBe(21_507);
    expect(countCash({ '250': 2, '5': 1 }, 'KWD').totalMinor).toBe(505);
    expect(countCash({}, 'EUR')).toEqual({ counts: {}, totalMinor: 0 });
  });

  it('refuses a denomination the currency does not have, naming the ones it does', () => {
    expect(() => countCash({ '3': 1 }, 'USD')).toThrowError(refused('cash.unknown_denomination'));
    // Canada withdrew the penny: a count of cents is a typo, not cash.
    expect(() => countCash({ '1': 4 }, 'CAD')).toThrowError(
      /CAD has no 0\.01 coin or note; count only 0\.05, 0\.10/,
    );
    expect(() => countCash({ '2': 1 }, 'USD')).toThrowError(refused('cash.unknown_denomination'));
  });

  it.each([['0'], ['05'], ['1.5'], ['-5'], ['1e3'], ['abc'], [' 5'], ['99999999999999999']])(
    'refuses the denomination key %j',
    (key) => {
      expect(() => countCash({ [key]: 1 })).toThrowError(refused('cash.invalid_denomination'));
    },
  );

  it.each([[-1], [1.5], [Number.NaN], [Number.POSITIVE_INFINITY], [2 ** 53]])(
    'refuses the count %s',
    (count) => {
      expect(() => countCash({ '100': count }, 'USD')).toThrowError(refused('cash.invalid_count'));
    },
  );

  it('refuses counts that are not numbers, and a count that is not an object', () => {
    expect(() => countCash({ '100': '3' as unknown as number }, 'USD')).toThrowError(
      refused('cash.invalid_count'),
    );
    expect(() => countCash([] as unknown as Record<string, number>)).toThrowError(
      refused('cash.invalid_count'),
    );
    expect(() => countCash(null as unknown as Record<string, number>)).toThrowError(
      refused('cash.invalid_count'),
    );
  });

  it('refuses a total beyond the safe integer range instead of rounding it', () => {
    expect(() => countCash({ '10000': 2 ** 50 }, 'USD')).toThrowError(refused('cash.unsafe_total'));
  });

  it('accepts any well-formed denomination when the currency has no list', () => {
    expect(countCash({ '7': 3, '300': 1 }).totalMinor).toBe(321);
    expect(countCash({ '7': 3 }, 'XAF').totalMinor).toBe(21);
  });

  it('is exactly the sum of value × count, and adds up across piles', () => {
    const usd = (denominationsOf('USD') ?? []).map((d) => d.valueMinor);
    const pile = fc.dictionary(
      fc.constantFrom(...usd).map(String),
      fc.integer({ min: 0, max: 1_000_000 }),
    );
    fc.assert(
      fc.property(pile, pile, (a, b) => {
        const counted = countCash(a, 'USD');
        const exact = Object.entries(a).reduce(
          (total, [value, count]) => total + BigInt(value) * BigInt(count),
          0n,
        );
        expect(BigInt(counted.totalMinor)).toBe(exact);
        expect(counted.counts).toEqual(a);
        // Two drawers counted apart hold what they hold counted together.
        const merged: Record<string, number> = { ...a };
        for (const [value, count] of Object.entries(b))
          merged[value] = (merged[value] ?? 0) + count;
        expect(countCash(merged, 'USD').totalMinor).toBe(
          counted.totalMinor + countCash(b, 'USD').totalMinor,
        );
      }),
    );
  });
});
