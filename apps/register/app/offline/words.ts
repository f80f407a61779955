// The name-search tokeniser. Names are cut into words that are lower-cased and stripped of
// accents, so "Crème Brûlée" is found by "creme bru"; the words are stored in a multiEntry index
// and a query is a prefix range scan on one of its words (see catalog-search.ts).

const MARKS = /\p{M}+/gu;
const SEPARATORS = /[^\p{L}\p{N}]+/u;

/**
 * Case-folded without accents. Upper then lower case folds letters whose lower case is not the
 * lower case of their upper case (ᲀ -> В -> в, ß -> SS -> ss), so a query typed in either case
 * finds them; decomposed again because case mapping can add marks (İ -> i̇).
 */
export function foldText(text: string): string {
  return text.normalize('NFKD').toUpperCase().toLowerCase().normalize('NFKD').replace(MARKS, '');
}

/** The distinct words of a name, folded, in order of first appearance. */
export function nameWords(text: string): string[] {
  return [
    ...new Set(
      foldText(text)
        .split(SEPARATORS)
        .filter((word) => word !== ''),
    ),
  ];
}

/** True when every query word starts one of the record's words. */
export function matchesAllWords(recordWords: readonly string[], queryWords: readonly string[]) {
  return queryWords.every((query) => recordWords.some((word) => word.startsWith(query)));
}

/**
 * The query word to range-scan: the longest one, as it usually matches the fewest records, so the
 * scan stops after the fewest index entries. undefined: nothing to search for.
 */
export function scanWord(queryWords: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const word of queryWords) if (best === undefined || word.length > best.length) best = word;
  return best;
}
