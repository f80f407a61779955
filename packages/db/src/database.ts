import type pg from 'pg';
import { isRetryableTransactionError } from './errors.ts';
import { isUuid } from './ids.ts';
import { sql } from './sql.ts';
import { type Tx, wrapClient } from './transaction.ts';

/** The role every API and worker transaction runs as (NOSUPERUSER NOBYPASSRLS, see 0001). */
export const APP_ROLE = 'tillpoint_app';

export interface TenantScope {
  readonly tenantId: string;
}

export interface SystemTx extends Tx {
  /** Continue this same transaction inside one tenant (signup creates the tenant first). */
  enterTenant(tenantId: string): Promise<void>;
}

export type Isolation = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  readonly isolation?: Isolation;
  /** Re-run the whole callback on serialization failure or deadlock (callback must be pure DB). */
  readonly retries?: number;
}

export interface SystemLogger {
  info(details: Record<string, unknown>, message: string): void;
}

export interface Database {
  readonly kind: 'postgres' | 'embedded';
  withTenant<T>(
    scope: TenantScope,
    fn: (tx: Tx) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T>;
  /** Cross-tenant work (signup, sign-in lookup, pairing). The reason is logged every time. */
  withSystem<T>(reason: string, fn: (tx: SystemTx) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class MissingTenantError extends Error {
  constructor(value: unknown) {
    super(`withTenant needs a tenant id (uuid), got ${JSON.stringify(value)}`);
    this.name = 'MissingTenantError';
  }
}

interface DatabaseParts {
  readonly kind: Database['kind'];
  readonly pool: pg.Pool;
  readonly logger: SystemLogger;
  readonly onClose: () => Promise<void>;
}

export function createDatabase({ kind, pool, logger, onClose }: DatabaseParts): Database {
  async function transaction<T>(
    begin: SqlBegin,
    fn: (tx: Tx) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    const attempts = 1 + (options.retries ?? 0);
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      const afterCommit: (() => void)[] = [];
      let broken = false;
      try {
        await client.query(`begin isolation level ${options.isolation ?? 'read committed'}`);
        const tx = wrapClient(client, afterCommit);
        await tx.execute(begin);
        const result = await fn(tx);
        await client.query('commit');
        for (const callback of afterCommit) {
          try {
            callback();
          } catch {
            // The transaction is committed; a failing follow-up must not turn it into an error.
          }
        }
        return result;
      } catch (error) {
        try {
          await client.query('rollback');
        } catch {
          broken = true;
        }
        if (attempt < attempts && isRetryableTransactionError(error)) continue;
        throw error;
      } finally {
        client.release(broken);
      }
    }
  }

  return {
    kind,
    withTenant(scope, fn, options) {
      if (!scope || typeof scope.tenantId !== 'string' || !isUuid(scope.tenantId)) {
        return Promise.reject(new MissingTenantError(scope?.tenantId));
      }
      return transaction(
        sql`select set_config('app.tenant_id', ${scope.tenantId}, true), set_config('role', ${APP_ROLE}, true)`,
        fn,
        options,
      );
    },
    withSystem(reason, fn) {
      logger.info({ reason }, 'system transaction');
      return transaction(
        sql`select set_config('app.system', 'on', true), set_config('role', ${APP_ROLE}, true)`,
        (tx) => {
          return fn({
            ...tx,
            async enterTenant(tenantId) {
              if (!isUuid(tenantId)) throw new MissingTenantError(tenantId);
              await tx.execute(
                sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('app.system', '', true)`,
              );
            },
          });
        },
      );
    },
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      await pool.end();
      await onClose();
    },
  };
}

type SqlBegin = ReturnType<typeof sql>;
