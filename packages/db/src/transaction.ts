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

export function wrapClient(
  client: pg.PoolClient | pg.Client,
  afterCommit: (() => void)[] = [],
): Tx {
  const run = async (query: SqlFragment): Promise<pg.QueryResult> => {
    const { text, values } = compile(query);
    return client.query({ text, values });
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
