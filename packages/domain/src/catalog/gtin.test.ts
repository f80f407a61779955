import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gtin14, gtinCheckDigit, hasValidCheckDigit, isValidGtin, withCheckDigit } from './gtin.ts';

describe('GS1 check digits', () => {
  it.each([
    ['4006381333931', 'EAN-13'],
    ['5901234123457', 'EAN-13'],
    ['036000291452', 'UPC-A'],
    ['012345678905', 'UPC-A'],
    ['96385074', 'EAN-8'],
    ['10012345678902', 'GTIN-14'],
  ])('accepts %s (%s)', (code) => {
    expect(isValidGtin(code)).toBe(true);
  });

  it.each([
    ['4006381333932', 'wrong check digit'],
    ['036000291453', 'wrong check digit'],
    ['96385075', 'wrong check digit'],
    ['400638133393', 'EAN-13 missing a digit reads as a 12-digit code with a bad check digit'],
    ['12345', 'not a GS1 length'],
    ['40063813339a1', 'not digits'],
  ])('refuses %s (%s)', (code) => {
    expect(isValidGtin(code)).toBe(false);
  });

  const digits = (min: number, max: number) =>
    fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

  it('withCheckDigit always produces a valid code', () => {
    fc.assert(fc.property(digits(1, 17), (body) => hasValidCheckDigit(withCheckDigit(body))));
  });

  it('catches every single-digit typo', () => {
    fc.assert(
      fc.property(digits(7, 13), fc.nat(), fc.integer({ min: 1, max: 9 }), (body, at, shift) => {
        const code = withCheckDigit(body);
        const index = at % code.length;
        const typo = (Number(code[index]) + shift) % 10;
        const mistyped = `${code.slice(0, index)}${typo}${code.slice(index + 1)}`;
        expect(hasValidCheckDigit(mistyped)).toBe(false);
      }),
    );
  });

  it('catches swapping two adjacent digits unless they differ by 5 or are equal', () => {
    fc.assert(
      fc.property(digits(7, 13), fc.nat(), (body, at) => {
        const code = withCheckDigit(body);
        const index = at % (code.length - 1);
        const a = Number(code[index]);
        const b = Number(code[index + 1]);
        fc.pre(a !== b && Math.abs(a - b) !== 5);
        const swapped = `${code.slice(0, index)}${b}${a}${code.slice(index + 2)}`;
        expect(hasValidCheckDigit(swapped)).toBe(false);
      }),
    );
  });

  it('left zero padding keeps a GTIN valid, so UPC-A and its EAN-13 form are one GTIN-14', () => {
    fc.assert(
      fc.property(digits(7, 11), (body) => {
        const upc = withCheckDigit(body.padStart(11, '0'));
        expect(isValidGtin(`0${upc}`)).toBe(true);
        expect(gtin14(upc)).toBe(gtin14(`0${upc}`));
        expect(gtinCheckDigit(`0${body}`)).toBe(gtinCheckDigit(body));
      }),
    );
  });
});
