// Cumulative per-database counters from pg_stat_database (PostgreSQL 14+): how long backends of
// a database spent executing statements (active_time), how long they sat inside an open
// transaction waiting for the client (idle_in_transaction_time), and how many transactions ended.
// Backends report these when they go idle, at most once a second; what is left over is reported
// 10 s after the backend went idle. So read them after every measured backend has been idle for
// over 10 s, or after `select pg_stat_force_next_flush()` on the measured connection itself.
import type pg from 'pg';

export interface DbActivity {
  readonly transactions: number;
  readonly activeMs: number;
  readonly idleInTransactionMs: number;
}

export async function readDbActivity(client: pg.Client, database: string): Promise<DbActivity> {
  const { rows } = await client.query<{ transactions: number; active: number; idle: number }>(
    `select (xact_commit + xact_rollback)::float8 as transactions, active_time::float8 as active,
       idle_in_transaction_time::float8 as idle
     from pg_stat_database where datname = $1`,
    [database],
  );
  const row = rows[0];
  if (!row) throw new Error(`no statistics for database ${database}`);
  return { transactions: row.transactions, activeMs: row.active, idleInTransactionMs: row.idle };
}

export function activityBetween(before: DbActivity, after: DbActivity): DbActivity {
  return {
    transactions: after.transactions - before.transactions,
    activeMs: after.activeMs - before.activeMs,
    idleInTransactionMs: after.idleInTransactionMs - before.idleInTransactionMs,
  };
}
