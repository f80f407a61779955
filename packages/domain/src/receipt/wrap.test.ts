import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textWidth } from './printable.ts';
import { composeRow, wrapText } from './wrap.ts';

const text = fc
  .array(fc.string({ unit: fc.constantFrom('a', 'é', 'Z', '€', '-'), maxLength: 30 }), {
    maxLength: 12,
  })
  .map((words) => words.join(' '));

describe('wrapText', () => {
  it('never exceeds the width and keeps every character in order', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 50 }), (input, width) => {
        const lines = wrapText(input, width);
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(width);
        expect(lines.join('').replace(/ /g, '')).toBe(input.replace(/ /g, ''));
      }),
      { numRuns: 500 },
    );
  });

  it('breaks between words when it can and cuts words longer than a line', () => {
    expect(wrapText('Crème brûlée au caramel', 12)).toEqual(['Crème brûlée', 'au caramel']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('', 10)).toEqual(['']);
  });
});

describe('composeRow', () => {
  it('puts the amount on the first line, right-aligned, within the columns', () => {
    fc.assert(
      fc.property(
        text,
        fc.string({ unit: fc.constantFrom('1', ',', '.', '$', '€'), maxLength: 40 }),
        fc.integer({ min: 24, max: 48 }),
        fc.constantFrom(0, 2),
        (label, amount, columns, indent) => {
          const lines = composeRow(label, amount, columns, indent);
          for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(columns);
          if (amount !== '') expect(lines.some((line) => line.endsWith(amount))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('indents details', () => {
    expect(composeRow('10% staff', '-$0.70', 24, 2)).toEqual(['  10% staff       -$0.70']);
  });
});
