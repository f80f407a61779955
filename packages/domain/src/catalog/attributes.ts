import { CatalogError } from './errors.ts';

export const ATTRIBUTE_TYPES = ['text', 'number', 'boolean', 'enum'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];
export type AttributeValue = string | number | boolean;

/** One field a category asks of its products, e.g. material (enum: cotton, wool). */
export interface AttributeDefinition {
  readonly key: string;
  readonly label: string;
  readonly type: AttributeType;
  /** Allowed values, for enum only. */
  readonly options?: readonly string[] | undefined;
  readonly required: boolean;
}

export interface AttributeProblem {
  readonly key: string;
  readonly code:
    | 'catalog.unknown_attribute'
    | 'catalog.invalid_attribute'
    | 'catalog.missing_attribute';
  readonly message: string;
}

// Keys travel in query strings (attr.material=cotton) and JSON paths: keep them plain.
export const ATTRIBUTE_KEY = /^[a-z][a-z0-9_]{0,39}$/;
const MAX_TEXT = 500;

/** Checks a category's own definitions: plain unique keys, enum options only on enums. */
export function assertAttributeDefinitions(definitions: readonly AttributeDefinition[]): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const definition of definitions) {
    const { key, type, options } = definition;
    if (!ATTRIBUTE_KEY.test(key)) problems.push(`"${key}" is not a key (a-z, 0-9, _; 1-40)`);
    if (seen.has(key)) problems.push(`"${key}" is defined twice`);
    seen.add(key);
    if (definition.label.trim().length === 0) problems.push(`"${key}" needs a label`);
    if (type === 'enum') {
      if (!options || options.length === 0 || new Set(options).size !== options.length)
        problems.push(`enum "${key}" needs a list of different options`);
    } else if (options !== undefined) {
      problems.push(`only enum attributes take options ("${key}" is ${type})`);
    }
  }
  if (problems.length > 0) {
    throw new CatalogError(
      'catalog.invalid_attribute_definition',
      `These attribute definitions do not work: ${problems.join('; ')}.`,
      { problems },
    );
  }
}

/**
 * What a product in a category must fill in: the definitions of every ancestor, root first, a
 * deeper category overriding a key it redefines. (Shirts inherit Clothing's material.)
 */
export function effectiveAttributeDefinitions(
  rootToLeaf: readonly (readonly AttributeDefinition[])[],
): AttributeDefinition[] {
  const byKey = new Map<string, AttributeDefinition>();
  for (const level of rootToLeaf)
    for (const definition of level) byKey.set(definition.key, definition);
  return [...byKey.values()];
}

function problemOf(definition: AttributeDefinition, value: unknown): string | null {
  switch (definition.type) {
    case 'text':
      return typeof value === 'string' && value.length <= MAX_TEXT
        ? null
        : `text of at most ${MAX_TEXT} characters`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'true or false';
    case 'enum':
      return typeof value === 'string' && (definition.options ?? []).includes(value)
        ? null
        : `one of ${(definition.options ?? []).join(', ')}`;
  }
}

/** Every problem of a product's attribute values against its category's definitions. */
export function attributeProblems(
  definitions: readonly AttributeDefinition[],
  values: Readonly<Record<string, unknown>>,
): AttributeProblem[] {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const problems: AttributeProblem[] = [];
  for (const [key, value] of Object.entries(values)) {
    const definition = byKey.get(key);
    if (!definition) {
      problems.push({
        key,
        code: 'catalog.unknown_attribute',
        message: `"${key}" is not an attribute of this category`,
      });
      continue;
    }
    const expected = problemOf(definition, value);
    if (expected) {
      problems.push({
        key,
        code: 'catalog.invalid_attribute',
        message: `"${key}" (${definition.label}) must be ${expected}`,
      });
    }
  }
  for (const definition of definitions) {
    if (definition.required && !Object.hasOwn(values, definition.key)) {
      problems.push({
        key: definition.key,
        code: 'catalog.missing_attribute',
        message: `"${definition.key}" (${definition.label}) is required in this category`,
      });
    }
  }
  return problems;
}

/** Throws the first problem's code, with every problem in the details. */
export function assertAttributes(
  definitions: readonly AttributeDefinition[],
  values: Readonly<Record<string, unknown>>,
): Record<string, AttributeValue> {
  const problems = attributeProblems(definitions, values);
  const [first] = problems;
  if (first) {
    throw new CatalogError(
      first.code,
      `Attributes do not fit the category: ${problems.map((p) => p.message).join('; ')}.`,
      {
        problems,
      },
    );
  }
  return values as Record<string, AttributeValue>;
}

/**
 * A query-string filter value (always text) as the JSON values it may stand for: "5" matches a
 * number attribute 5 as well as the text "5"; "true" a boolean as well as the text.
 */
export function attributeFilterValues(raw: string): AttributeValue[] {
  const values: AttributeValue[] = [raw];
  const trimmed = raw.trim();
  if (trimmed !== '' && /^-?[0-9]+(\.[0-9]+)?$/.test(trimmed)) values.push(Number(trimmed));
  if (trimmed === 'true') values.push(true);
  if (trimmed === 'false') values.push(false);
  return values;
}
