/**
 * Every cash-drawer rule fails with one of these codes. The server returns them unchanged and the
 * register branches on them, so never rename one.
 */
export type CashErrorCode =
  | 'cash.invalid_denomination'
  | 'cash.unknown_denomination'
  | 'cash.invalid_count'
  | 'cash.unsafe_total'
  | 'cash.invalid_amount';

export class CashError extends Error {
  readonly code: CashErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: CashErrorCode, message: string, details?: Readonly<Record<string, unknown>>) {
    super(message);
    this.name = 'CashError';
    this.code = code;
    this.details = details;
  }
}

export function isCashError(error: unknown): error is CashError {
  return error instanceof CashError;
}
