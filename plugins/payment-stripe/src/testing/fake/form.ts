import { FakeStripeError } from './errors.ts';

// Stripe's v1 API takes application/x-www-form-urlencoded bodies (and query strings for GET) with
// bracket notation for nesting, exactly as the SDK writes them: metadata[key]=v, expand[0]=x.

export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

export function parseForm(encoded: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(encoded)) {
    const path = keyPath(key);
    let node = root;
    path.forEach((segment, index) => {
      if (index === path.length - 1) {
        node[segment] = value;
        return;
      }
      const next = node[segment];
      if (typeof next === 'object' && !Array.isArray(next)) {
        node = next;
      } else {
        const created: FormObject = {};
        node[segment] = created;
        node = created;
      }
    });
  }
  return arraysFromIndexedObjects(root) as FormObject;
}

function keyPath(key: string): string[] {
  const open = key.indexOf('[');
  if (open < 0) return [key];
  const segments = [key.slice(0, open)];
  for (const match of key.slice(open).matchAll(/\[([^\]]*)\]/g)) segments.push(match[1] ?? '');
  return segments;
}

/** expand[0]=a&expand[1]=b arrives as {0: 'a', 1: 'b'}: give it back its array shape. */
function arraysFromIndexedObjects(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const converted: FormObject = {};
  for (const key of keys) converted[key] = arraysFromIndexedObjects(value[key] as FormValue);
  const indexed = keys.length > 0 && keys.every((key, position) => key === String(position));
  return indexed ? keys.map((key) => converted[key] as FormValue) : converted;
}

/** Reads typed parameters and refuses what Stripe would refuse, before anything executes. */
export class Params {
  readonly raw: FormObject;

  constructor(raw: FormObject, allowed: readonly string[]) {
    this.raw = raw;
    for (const name of Object.keys(raw)) {
      if (name !== 'expand' && !allowed.includes(name))
        throw FakeStripeError.invalidParameter(name, `Received unknown parameter: ${name}`, {
          code: 'parameter_unknown',
        });
    }
  }

  has(name: string): boolean {
    return this.raw[name] !== undefined;
  }

  string(name: string): string | null {
    const value = this.raw[name];
    if (value === undefined) return null;
    if (typeof value !== 'string')
      throw FakeStripeError.invalidParameter(name, `Invalid string: ${name} must be a string`);
    return value;
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === null || value === '') throw FakeStripeError.missingParameter(name);
    return value;
  }

  integer(name: string): number | null {
    const value = this.string(name);
    if (value === null) return null;
    if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
      throw FakeStripeError.invalidParameter(name, `Invalid integer: ${value}`, {
        code: 'parameter_invalid_integer',
      });
    return Number(value);
  }

  requiredInteger(name: string): number {
    const value = this.integer(name);
    if (value === null) throw FakeStripeError.missingParameter(name);
    return value;
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T | null {
    const value = this.string(name);
    if (value === null) return null;
    if (!(values as readonly string[]).includes(value))
      throw FakeStripeError.invalidParameter(
        name,
        `Invalid ${name}: must be one of ${values.join(', ')}`,
      );
    return value as T;
  }

  stringArray(name: string): string[] | null {
    const value = this.raw[name];
    if (value === undefined) return null;
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
      throw FakeStripeError.invalidParameter(name, `Invalid array: ${name} must be an array`);
    return value as string[];
  }

  object(name: string): FormObject | null {
    const value = this.raw[name];
    if (value === undefined) return null;
    if (typeof value !== 'object' || Array.isArray(value))
      throw FakeStripeError.invalidParameter(name, `Invalid object: ${name} must be a hash`);
    return value;
  }

  /** Stripe's metadata rules: at most 50 keys, keys up to 40 and values up to 500 characters. */
  metadata(): Record<string, string> {
    const value = this.object('metadata') ?? {};
    const entries = Object.entries(value);
    if (entries.length > 50)
      throw FakeStripeError.invalidParameter('metadata', 'Metadata can have at most 50 keys.');
    const metadata: Record<string, string> = {};
    for (const [key, item] of entries) {
      if (typeof item !== 'string' || key.length > 40 || item.length > 500)
        throw FakeStripeError.invalidParameter(
          `metadata[${key}]`,
          'Metadata keys are limited to 40 characters and values to 500 characters.',
        );
      if (item !== '') metadata[key] = item;
    }
    return metadata;
  }

  expand(): string[] {
    return this.stringArray('expand') ?? [];
  }
}
