import { describe, expect, it } from 'vitest';
import { normalizeOptionNames, normalizeOptionValues, variantLabel } from './options.ts';

describe('variant options', () => {
  it('trims names and values and labels a variant by its values', () => {
    const names = normalizeOptionNames([' Size', 'Colour ']);
    expect(names).toEqual(['Size', 'Colour']);
    const values = normalizeOptionValues(names, ['M ', ' Red']);
    expect(variantLabel(values)).toBe('M / Red');
  });

  it('refuses duplicate, empty or too many option names', () => {
    for (const names of [['Size', 'size'], [''], ['A', 'B', 'C', 'D']]) {
      expect(() => normalizeOptionNames(names)).toThrowError(
        expect.objectContaining({ code: 'catalog.invalid_option_names' }),
      );
    }
  });

  it('needs one value per option', () => {
    expect(() => normalizeOptionValues(['Size'], [])).toThrowError(
      expect.objectContaining({ code: 'catalog.option_mismatch' }),
    );
    expect(() => normalizeOptionValues([], ['M'])).toThrowError(
      expect.objectContaining({ code: 'catalog.option_mismatch' }),
    );
    expect(normalizeOptionValues([], [])).toEqual([]);
  });
});
