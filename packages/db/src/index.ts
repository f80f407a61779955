export {
  APP_ROLE,
  type Database,
  type Isolation,
  MissingTenantError,
  type SystemLogger,
  type SystemTx,
  type TenantScope,
  type TransactionOptions,
} from './database.ts';
export {
  isCheckViolation,
  isForeignKeyViolation,
  isRetryableTransactionError,
  isRowLevelSecurityViolation,
  isUniqueViolation,
} from './errors.ts';
export { isUuid, newId } from './ids.ts';
export { MIGRATIONS_DIR, type MigrationResult, migrate } from './migrate.ts';
export { type DatabaseConfig, openDatabase } from './open.ts';
export { compile, type SqlFragment, sql } from './sql.ts';
export { NoRowError, type Tx } from './transaction.ts';
