// Why the register cannot do what was asked with this cart. Money rules the engine enforces
// (a discount larger than the line, a card over the balance) stay PricingErrors from
// @tillpoint/domain; these are the register's own.

export type SaleModelErrorCode =
  | 'sale.invalid_quantity'
  | 'sale.invalid_amount'
  | 'sale.weight_required'
  | 'sale.not_paid'
  | 'sale.empty'
  | 'sale.card_needs_online_sale';

export class SaleModelError extends Error {
  readonly code: SaleModelErrorCode;

  constructor(code: SaleModelErrorCode, message: string) {
    super(message);
    this.name = 'SaleModelError';
    this.code = code;
  }
}
