import { getCurrency } from '../pricing/currency.ts';
import { isPricingError } from '../pricing/errors.ts';
import { isWholeQuantity } from './format.ts';
import type { Receipt } from './model.ts';

// A receipt is printed as given: renderers never fix figures. So before anything is laid out the
// receipt must be internally consistent; a receipt that is not is a bug upstream, and printing
// it would hand the customer numbers that disagree with the books.

export interface ReceiptProblem {
  /** Where in the receipt, e.g. "lines[2].grossMinor". */
  readonly path: string;
  readonly message: string;
}

export class InvalidReceiptError extends Error {
  readonly code = 'receipt.invalid';
  readonly problems: readonly ReceiptProblem[];

  constructor(problems: readonly ReceiptProblem[]) {
    const first = problems.slice(0, 3).map((problem) => `${problem.path}: ${problem.message}`);
    const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
    super(`The receipt cannot be printed: ${first.join('; ')}${more}.`);
    this.name = 'InvalidReceiptError';
    this.problems = problems;
  }
}

export function isInvalidReceiptError(error: unknown): error is InvalidReceiptError {
  return error instanceof InvalidReceiptError;
}

/** Throws InvalidReceiptError listing every problem, or returns the receipt unchanged. */
export function assertValidReceipt(receipt: Receipt): Receipt {
  const problems = checkReceipt(receipt);
  if (problems.length > 0) throw new InvalidReceiptError(problems);
  return receipt;
}

/** Every reason this receipt cannot be printed; empty when it can. */
export function checkReceipt(receipt: Receipt): ReceiptProblem[] {
  const problems: ReceiptProblem[] = [];
  const report = (path: string, message: string) => problems.push({ path, message });

  checkIdentity(receipt, report);
  const moneyOk = checkAmounts(receipt, report);
  // Sums are meaningless (and may overflow) when an amount is not a safe whole number.
  if (moneyOk) checkSums(receipt, report);
  return problems;
}

type Report = (path: string, message: string) => void;

function blank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

function checkIdentity(receipt: Receipt, report: Report): void {
  if (receipt.kind !== 'sale' && receipt.kind !== 'refund')
    report('kind', `must be "sale" or "refund", got ${JSON.stringify(receipt.kind)}`);
  if (blank(receipt.receiptNumber)) report('receiptNumber', 'is empty');
  if (blank(receipt.documentId)) report('documentId', 'is empty');
  if (blank(receipt.store?.name)) report('store.name', 'is empty');
  if (blank(receipt.registerName)) report('registerName', 'is empty');
  if (receipt.kind === 'refund' && receipt.originalReceiptNumber !== null) {
    if (blank(receipt.originalReceiptNumber)) report('originalReceiptNumber', 'is empty');
  }
  try {
    getCurrency(receipt.currency);
  } catch (error) {
    if (!isPricingError(error)) throw error;
    report('currency', `${JSON.stringify(receipt.currency)} is not a supported currency`);
  }
  try {
    Intl.getCanonicalLocales(receipt.locale);
  } catch {
    report('locale', `${JSON.stringify(receipt.locale)} is not a BCP 47 locale`);
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: receipt.timeZone });
  } catch {
    report('timeZone', `${JSON.stringify(receipt.timeZone)} is not an IANA time zone`);
  }
  if (typeof receipt.issuedAt !== 'string' || Number.isNaN(Date.parse(receipt.issuedAt)))
    report('issuedAt', `${JSON.stringify(receipt.issuedAt)} is not an ISO 8601 instant`);
  if (receipt.lines.length === 0) report('lines', 'a receipt needs at least one line');
  receipt.lines.forEach((line, index) => {
    if (blank(line.description)) report(`lines[${index}].description`, 'is empty');
    if (!Number.isSafeInteger(line.quantityMilli) || line.quantityMilli <= 0)
      report(`lines[${index}].quantityMilli`, 'must be a positive whole number of thousandths');
    else if (line.unit === 'each' && !isWholeQuantity(line.quantityMilli))
      report(`lines[${index}].quantityMilli`, 'counted goods must be a whole number of units');
    if (line.unit !== 'each' && line.unit !== 'weight')
      report(`lines[${index}].unit`, `must be "each" or "weight"`);
  });
  receipt.tenders.forEach((tender, index) => {
    if (blank(tender.label)) report(`tenders[${index}].label`, 'is empty');
  });
}

/** Checks every amount is a safe whole number of minor units; true when all are. */
function checkAmounts(receipt: Receipt, report: Report): boolean {
  let ok = true;
  const amount = (path: string, value: number, mayBeNegative = false) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      report(path, `must be a whole number of minor units, got ${String(value)}`);
      ok = false;
    } else if (value < 0 && !mayBeNegative) {
      report(path, `must not be negative, got ${value}`);
      ok = false;
    }
  };
  receipt.lines.forEach((line, index) => {
    amount(`lines[${index}].unitPriceMinor`, line.unitPriceMinor);
    amount(`lines[${index}].grossMinor`, line.grossMinor);
    amount(`lines[${index}].discountMinor`, line.discountMinor);
    amount(`lines[${index}].amountMinor`, line.amountMinor);
  });
  receipt.taxes.forEach((tax, index) => {
    amount(`taxes[${index}].taxableMinor`, tax.taxableMinor);
    amount(`taxes[${index}].taxMinor`, tax.taxMinor);
  });
  receipt.tenders.forEach((tender, index) => {
    amount(`tenders[${index}].amountMinor`, tender.amountMinor);
    amount(`tenders[${index}].tenderedMinor`, tender.tenderedMinor);
  });
  amount('subtotalMinor', receipt.subtotalMinor);
  amount('discountTotalMinor', receipt.discountTotalMinor);
  amount('totalMinor', receipt.totalMinor);
  amount('changeMinor', receipt.changeMinor);
  amount('cashRoundingMinor', receipt.cashRoundingMinor, true);
  amount('exemptTaxRemovedMinor', receipt.exemptTaxRemovedMinor ?? 0);
  return ok;
}

function sum(values: readonly number[]): number {
  // BigInt so a sum of safe integers is compared exactly even past 2^53.
  const total = values.reduce((acc, value) => acc + BigInt(value), 0n);
  return Number(total);
}

function checkSums(receipt: Receipt, report: Report): void {
  receipt.lines.forEach((line, index) => {
    if (line.discountMinor > line.grossMinor)
      report(`lines[${index}].discountMinor`, 'is more than the line amount before discount');
  });
  const gross = sum(receipt.lines.map((line) => line.grossMinor));
  if (gross !== receipt.subtotalMinor)
    report('subtotalMinor', `is ${receipt.subtotalMinor} but the lines add up to ${gross}`);
  const discounts = sum(receipt.lines.map((line) => line.discountMinor));
  if (discounts !== receipt.discountTotalMinor)
    report(
      'discountTotalMinor',
      `is ${receipt.discountTotalMinor} but the line discounts add up to ${discounts}`,
    );
  const tax = sum(receipt.taxes.map((entry) => entry.taxMinor));
  const exempt = receipt.exemptTaxRemovedMinor ?? 0;
  const expectedTotal = receipt.taxIncluded
    ? receipt.subtotalMinor - receipt.discountTotalMinor - exempt
    : receipt.subtotalMinor - receipt.discountTotalMinor + tax;
  if (expectedTotal !== receipt.totalMinor) {
    const rule = receipt.taxIncluded
      ? 'subtotal − discounts − exempt tax'
      : 'subtotal − discounts + taxes';
    report('totalMinor', `is ${receipt.totalMinor} but ${rule} is ${expectedTotal}`);
  }
  if (receipt.taxIncluded && tax > receipt.totalMinor)
    report('taxes', `included taxes (${tax}) are more than the total`);

  // Sales and refunds alike: what the tenders kept (or paid out) is the total plus cash rounding.
  const applied = sum(receipt.tenders.map((tender) => tender.amountMinor));
  const due = receipt.totalMinor + receipt.cashRoundingMinor;
  if (applied < due)
    report(
      'tenders',
      receipt.kind === 'refund'
        ? `tenders pay out ${applied}, less than the ${due} refunded`
        : `tenders (${applied}) do not cover the ${due} due`,
    );
  else if (applied > due) report('tenders', `tenders (${applied}) are more than the ${due} due`);
  receipt.tenders.forEach((tender, index) => {
    if (tender.tenderedMinor < tender.amountMinor)
      report(`tenders[${index}].tenderedMinor`, 'is less than the amount applied');
  });
  const tendered = sum(receipt.tenders.map((tender) => tender.tenderedMinor));
  if (tendered - applied !== receipt.changeMinor)
    report(
      'changeMinor',
      `is ${receipt.changeMinor} but tendered − applied is ${tendered - applied}`,
    );
}
