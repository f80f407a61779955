import { createHash } from 'node:crypto';
import type pg from 'pg';
import { compile, type SqlFragment } from './sql.ts';

export class NoRowError extends Error {
  constructor(text: string) {
    super(`Expected one row, got none: ${text.slice(0, 200)}`);
    this.name = 'NoRowError';
  }
}

/** A connection inside an open transaction. Rows come back as typed by the caller. */
export interface Tx {
  query<Row>(query: SqlFragment): Promise<Row[]>;
  /** Exactly one row or NoRowError. */
  one<Row>(query: SqlFragment): Promise<Row>;
  maybeOne<Row>(query: SqlFragment): Promise<Row | null>;
  /** Number of rows written. */
  execute(query: SqlFragment): Promise<number>;
  /** Runs after a successful COMMIT (never after a rollback): publish, notify, kick workers. */
  afterCommit(callback: () => void): void;
}

/**
 * Statements are prepared once per connection under a name derived from their text, so
 * PostgreSQL parses and plans each one once per connection instead of on every execution (most
 * of the database's CPU on short OLTP statements). Texts are code-defined templates; those built
 * with a variable number of parts (sql.join over a list) could make the set unbounded, so only
 * the first PREPARED_LIMIT distinct texts get names and the rest run unnamed. Plans stay correct
 * across the per-transaction role and tenant settings: PostgreSQL replans a cached statement
 * whose row-level security depends on a different role, and the tenant is read at execution.
 */
const PREPARED_LIMIT = 1000;
const statementNames = new Map<string, string>();

function statementName(text: string): string | undefined {
  const known = statementNames.get(text);
  if (known !== undefined || statementNames.size >= PREPARED_LIMIT) return known;
  const name = `tp_${createHash('sha1').update(text).digest('base64url')}`;
  statementNames.set(text, name);
  return name;
}

export function wrapClient(
  client: pg.PoolClient | pg.Client,
  afterCommit: (() => void)[] = [],
): Tx {
  const run = async (query: SqlFragment): Promise<pg.QueryResult> => {
    const { text, values } = compile(query);
    const name = statementName(text);
    return client.query(name === undefined ? { text, values } : { name, text, values });
  };
  return {
    async query<Row>(query: SqlFragment) {
      return (await run(query)).rows as Row[];
    },
    async one<Row>(query: SqlFragment) {
      const { rows } = await run(query);
      if (rows.length === 0) throw new NoRowError(compile(query).text);
      return rows[0] as Row;
    },
    async maybeOne<Row>(query: SqlFragment) {
      const { rows } = await run(query);
      return (rows[0] as Row | undefined) ?? null;
    },
    async execute(query: SqlFragment) {
      return (await run(query)).rowCount ?? 0;
    },
    afterCommit(callback) {
      afterCommit.push(callback);
    },
  };
}
