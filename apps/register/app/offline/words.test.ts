import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldText, matchesAllWords, nameWords, scanWord } from './words.ts';

describe('name words', () => {
  it('folds case and accents and splits on anything but letters and digits', () => {
    expect(nameWords('Crème Brûlée — 250g')).toEqual(['creme', 'brulee', '250g']);
    expect(nameWords("  Ærø's   ÉCLAIR/éclair ")).toEqual(['ærø', 's', 'eclair']);
    expect(nameWords('İstanbul Çay')).toEqual(['istanbul', 'cay']);
    expect(nameWords(' -- ')).toEqual([]);
  });

  it('finds a name by prefixes of its words in any order, and not by a word it lacks', () => {
    const words = nameWords('Organic Green Tea, Large');
    expect(matchesAllWords(words, nameWords('tea org'))).toBe(true);
    expect(matchesAllWords(words, nameWords('LARGE gr'))).toBe(true);
    expect(matchesAllWords(words, nameWords('tea small'))).toBe(false);
    expect(matchesAllWords(words, nameWords('rganic'))).toBe(false);
  });

  it('scans on the longest query word', () => {
    expect(scanWord(['a', 'green', 'tea'])).toBe('green');
    expect(scanWord([])).toBeUndefined();
  });

  const anyName = fc.string({ unit: 'grapheme', maxLength: 40 });

  it('gives distinct, non-empty, folded words without separators, and is stable', () => {
    fc.assert(
      fc.property(anyName, (name) => {
        const words = nameWords(name);
        expect(new Set(words).size).toBe(words.length);
        for (const word of words) {
          expect(word).not.toBe('');
          expect(word).toMatch(/^[\p{L}\p{N}]+$/u);
          expect(foldText(word)).toBe(word);
        }
        expect(nameWords(words.join(' '))).toEqual(words);
      }),
    );
  });

  it('always finds a name by any prefixes of its own words, whatever their case', () => {
    fc.assert(
      fc.property(
        anyName,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 20 })), { maxLength: 4 }),
        (name, picks) => {
          const words = nameWords(name);
          if (words.length === 0) return;
          const query = picks
            // Prefixes by code point: a cashier never types half of a surrogate pair.
            .map(([index, length]) =>
              [...(words[index % words.length] ?? '')].slice(0, length).join(''),
            )
            .join(' ')
            .toUpperCase();
          expect(matchesAllWords(words, nameWords(query))).toBe(true);
        },
      ),
    );
  });
});
