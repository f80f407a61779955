// SQL as tagged templates: values always travel as bind parameters, fragments compose, and
// nothing user-supplied is ever concatenated into the statement text.
const FRAGMENT = Symbol('sql.fragment');

export interface SqlFragment {
  readonly [FRAGMENT]: true;
  readonly strings: readonly string[];
  readonly values: readonly unknown[];
}

export interface SqlQuery {
  readonly text: string;
  readonly values: unknown[];
}

function isFragment(value: unknown): value is SqlFragment {
  return typeof value === 'object' && value !== null && FRAGMENT in value;
}

function fragment(strings: readonly string[], values: readonly unknown[]): SqlFragment {
  return { [FRAGMENT]: true, strings, values };
}

function tag(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  return fragment(strings, values);
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export const sql = Object.assign(tag, {
  /** A column or table name chosen by code (never by a request); quoted and checked. */
  identifier(name: string): SqlFragment {
    if (!IDENTIFIER.test(name)) throw new Error(`Refusing unsafe SQL identifier: ${name}`);
    return fragment([`"${name}"`], []);
  },
  join(parts: readonly SqlFragment[], separator: SqlFragment = sql`, `): SqlFragment {
    if (parts.length === 0) return fragment([''], []);
    const strings: string[] = [''];
    const values: unknown[] = [];
    parts.forEach((part, index) => {
      if (index > 0) {
        values.push(separator);
        strings.push('');
      }
      values.push(part);
      strings.push('');
    });
    return fragment(strings, values);
  },
  empty: fragment([''], []),
  /** Serialises a value for a json/jsonb parameter (pg would send arrays as Postgres arrays). */
  json(value: unknown): SqlFragment {
    return fragment(['', '::jsonb'], [JSON.stringify(value)]);
  },
});

/** Flattens nested fragments into one statement with $1..$n placeholders. */
export function compile(root: SqlFragment): SqlQuery {
  let text = '';
  const values: unknown[] = [];
  const walk = (node: SqlFragment): void => {
    node.strings.forEach((chunk, index) => {
      text += chunk;
      if (index >= node.values.length) return;
      const value = node.values[index];
      if (isFragment(value)) {
        walk(value);
      } else {
        values.push(value);
        text += `$${values.length}`;
      }
    });
  };
  walk(root);
  return { text, values };
}
