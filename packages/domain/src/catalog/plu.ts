import { CatalogError } from './errors.ts';

const PLU = /^[0-9]{1,10}$/;

/**
 * A variant's PLU / item code: what scales print inside price- and weight-embedded barcodes and
 * what cashiers key for produce. Leading zeros carry no meaning (a 5-digit field holds "00412"
 * for PLU 412), so the canonical form has none.
 */
export function normalizePlu(input: string): string {
  const trimmed = input.trim();
  const canonical = trimmed.replace(/^0+/, '');
  if (!PLU.test(trimmed) || canonical === '') {
    throw new CatalogError(
      'catalog.invalid_plu',
      `A PLU is 1 to 10 digits and not all zeros; got "${input}".`,
      { plu: input },
    );
  }
  return canonical;
}
