// Narrow helpers over node-postgres errors so services can turn constraint violations into
// stable application error codes without string-matching messages.
interface PgError {
  code: string;
  constraint?: string;
}

function isPgError(error: unknown): error is PgError {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof (error as { code: unknown }).code === 'string'
  );
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return (
    isPgError(error) &&
    error.code === '23505' &&
    (constraint === undefined || error.constraint === constraint)
  );
}

export function isForeignKeyViolation(error: unknown): boolean {
  return isPgError(error) && error.code === '23503';
}

export function isCheckViolation(error: unknown, constraint?: string): boolean {
  return (
    isPgError(error) &&
    error.code === '23514' &&
    (constraint === undefined || error.constraint === constraint)
  );
}

/** Serialization failures and deadlocks are safe to retry as a whole transaction. */
export function isRetryableTransactionError(error: unknown): boolean {
  return isPgError(error) && (error.code === '40001' || error.code === '40P01');
}

export function isRowLevelSecurityViolation(error: unknown): boolean {
  return isPgError(error) && error.code === '42501';
}
