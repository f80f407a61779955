import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertEmbeddedBarcodeRule,
  composeEmbeddedBarcode,
  type EmbeddedBarcodeRule,
  embeddedBarcodeLength,
  readEmbeddedBarcode,
} from './embedded-barcode.ts';
import { hasValidCheckDigit } from './gtin.ts';

const price: EmbeddedBarcodeRule = {
  id: 'price',
  prefix: '20',
  itemCodeLength: 5,
  valueLength: 5,
  valueKind: 'price',
};
const weight: EmbeddedBarcodeRule = {
  id: 'weight',
  prefix: '2',
  itemCodeLength: 6,
  valueLength: 5,
  valueKind: 'weight',
};

describe('embedded barcodes', () => {
  it('reads a price label: 20 + item 00412 + 01299 cents + check digit', () => {
    const code = composeEmbeddedBarcode(price, '412', 1299);
    expect(code).toMatch(/^200041201299\d$/);
    expect(readEmbeddedBarcode(code, [price])).toEqual({
      ruleId: 'price',
      itemCode: '00412',
      valueKind: 'price',
      value: 1299,
    });
  });

  it('prefers the longest matching prefix', () => {
    const code = composeEmbeddedBarcode(price, '7', 450);
    expect(readEmbeddedBarcode(code, [weight, price])?.ruleId).toBe('price');
    // "2" + item 512345 does not start with "20", so only the weight rule describes it.
    const weighed = composeEmbeddedBarcode(weight, '512345', 1250);
    expect(readEmbeddedBarcode(weighed, [weight, price])).toMatchObject({
      ruleId: 'weight',
      valueKind: 'weight',
      value: 1250,
    });
  });

  it('ignores a code with a bad check digit or no matching rule', () => {
    const code = composeEmbeddedBarcode(price, '412', 1299);
    const broken = `${code.slice(0, -1)}${(Number(code.at(-1)) + 1) % 10}`;
    expect(readEmbeddedBarcode(broken, [price])).toBeNull();
    expect(readEmbeddedBarcode('4006381333931', [price])).toBeNull();
    expect(readEmbeddedBarcode(code, [])).toBeNull();
  });

  it('supports UPC-A number system 2 layouts', () => {
    const upc = { prefix: '2', itemCodeLength: 5, valueLength: 5, valueKind: 'price' as const };
    assertEmbeddedBarcodeRule(upc);
    const code = composeEmbeddedBarcode(upc, '123', 499);
    expect(code).toHaveLength(12);
    expect(readEmbeddedBarcode(code, [{ ...upc, id: 'upc' }])?.value).toBe(499);
  });

  it('refuses layouts that are not 12 or 13 digits long', () => {
    expect(() =>
      assertEmbeddedBarcodeRule({
        prefix: '20',
        itemCodeLength: 6,
        valueLength: 6,
        valueKind: 'price',
      }),
    ).toThrowError(expect.objectContaining({ code: 'catalog.invalid_barcode_rule' }));
    expect(() =>
      assertEmbeddedBarcodeRule({
        prefix: 'A',
        itemCodeLength: 5,
        valueLength: 5,
        valueKind: 'price',
      }),
    ).toThrowError(expect.objectContaining({ code: 'catalog.invalid_barcode_rule' }));
  });

  const rules = fc
    .record({
      prefix: fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 3 }),
      itemCodeLength: fc.integer({ min: 1, max: 6 }),
      valueKind: fc.constantFrom('price' as const, 'weight' as const),
      length: fc.constantFrom(12, 13),
    })
    .map(({ length, ...rule }) => ({
      ...rule,
      id: 'r',
      valueLength: length - 1 - rule.prefix.length - rule.itemCodeLength,
    }))
    .filter((rule) => rule.valueLength >= 3 && rule.valueLength <= 6);

  it('reads back exactly what was composed, for any valid layout', () => {
    fc.assert(
      fc.property(rules, fc.nat(), fc.nat(), (rule, itemSeed, valueSeed) => {
        assertEmbeddedBarcodeRule(rule);
        const itemCode = String(itemSeed % 10 ** rule.itemCodeLength).padStart(
          rule.itemCodeLength,
          '0',
        );
        const value = valueSeed % 10 ** rule.valueLength;
        const code = composeEmbeddedBarcode(rule, itemCode, value);
        expect(code).toHaveLength(embeddedBarcodeLength(rule));
        expect(hasValidCheckDigit(code)).toBe(true);
        expect(readEmbeddedBarcode(code, [rule])).toEqual({
          ruleId: 'r',
          itemCode,
          valueKind: rule.valueKind,
          value,
        });
      }),
    );
  });
});
