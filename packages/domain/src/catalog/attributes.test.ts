import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AttributeDefinition,
  assertAttributeDefinitions,
  assertAttributes,
  attributeFilterValues,
  attributeProblems,
  effectiveAttributeDefinitions,
} from './attributes.ts';

const clothing: AttributeDefinition[] = [
  { key: 'material', label: 'Material', type: 'enum', options: ['cotton', 'wool'], required: true },
  { key: 'care', label: 'Care', type: 'text', required: false },
];
const shirts: AttributeDefinition[] = [
  { key: 'sleeve_cm', label: 'Sleeve length', type: 'number', required: false },
  { key: 'organic', label: 'Organic', type: 'boolean', required: false },
];

describe('category attributes', () => {
  const definitions = effectiveAttributeDefinitions([clothing, shirts]);

  it('inherits definitions from ancestors, the deeper category winning on a key', () => {
    expect(definitions.map((d) => d.key)).toEqual(['material', 'care', 'sleeve_cm', 'organic']);
    const override = effectiveAttributeDefinitions([
      clothing,
      [{ key: 'material', label: 'Fabric', type: 'text', required: false }],
    ]);
    expect(override.find((d) => d.key === 'material')?.type).toBe('text');
  });

  it('accepts values of the right types', () => {
    const values = { material: 'cotton', sleeve_cm: 61.5, organic: true, care: 'Wash cold' };
    expect(assertAttributes(definitions, values)).toEqual(values);
  });

  it('names an unknown attribute', () => {
    expect(() => assertAttributes(definitions, { material: 'wool', colour: 'red' })).toThrowError(
      expect.objectContaining({ code: 'catalog.unknown_attribute' }),
    );
  });

  it.each([
    [{ material: 'silk' }],
    [{ material: 'wool', sleeve_cm: '61' }],
    [{ material: 'wool', organic: 'yes' }],
    [{ material: 3 }],
  ])('refuses a wrong type or option: %j', (values) => {
    expect(() => assertAttributes(definitions, values)).toThrowError(
      expect.objectContaining({ code: 'catalog.invalid_attribute' }),
    );
  });

  it('requires required attributes', () => {
    expect(attributeProblems(definitions, {})).toEqual([
      expect.objectContaining({ key: 'material', code: 'catalog.missing_attribute' }),
    ]);
  });

  it('refuses broken definitions', () => {
    for (const bad of [
      [{ key: 'Material', label: 'M', type: 'text', required: false }],
      [{ key: 'size', label: 'Size', type: 'enum', required: false }],
      [{ key: 'size', label: 'Size', type: 'text', options: ['S'], required: false }],
      [...clothing, clothing[0]],
    ] as AttributeDefinition[][]) {
      expect(() => assertAttributeDefinitions(bad)).toThrowError(
        expect.objectContaining({ code: 'catalog.invalid_attribute_definition' }),
      );
    }
    expect(() => assertAttributeDefinitions([...clothing, ...shirts])).not.toThrow();
  });

  it('reports exactly the keys that are not defined', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,9}$/), fc.boolean()),
        (extra) => {
          const values = { material: 'wool', ...extra };
          const unknown = attributeProblems(definitions, values)
            .filter((p) => p.code === 'catalog.unknown_attribute')
            .map((p) => p.key)
            .sort();
          const defined = new Set(definitions.map((d) => d.key));
          expect(unknown).toEqual(
            Object.keys(values)
              .filter((k) => !defined.has(k))
              .sort(),
          );
        },
      ),
    );
  });

  it('turns a query-string filter into every JSON value it may mean', () => {
    expect(attributeFilterValues('cotton')).toEqual(['cotton']);
    expect(attributeFilterValues('5')).toEqual(['5', 5]);
    expect(attributeFilterValues('true')).toEqual(['true', true]);
  });
});
