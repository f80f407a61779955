/**
 * Every rule the money engine enforces fails with one of these codes. They are part of the API:
 * the server returns them to clients and the register branches on them, so never rename one.
 */
export type PricingErrorCode =
  | 'pricing.unsafe_integer'
  | 'pricing.invalid_amount'
  | 'pricing.negative_amount'
  | 'pricing.too_many_decimals'
  | 'pricing.unknown_currency'
  | 'pricing.invalid_currency'
  | 'pricing.invalid_rate'
  | 'pricing.invalid_quantity'
  | 'pricing.discount_exceeds_amount'
  | 'pricing.duplicate_line'
  | 'pricing.unknown_line'
  | 'pricing.tender_exceeds_balance'
  | 'pricing.over_refund'
  | 'pricing.division_by_zero'
  | 'pricing.invalid_allocation'
  | 'pricing.invalid_option';

export class PricingError extends Error {
  readonly code: PricingErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: PricingErrorCode,
    message: string,
    details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'PricingError';
    this.code = code;
    this.details = details;
  }
}

export function isPricingError(error: unknown): error is PricingError {
  return error instanceof PricingError;
}
