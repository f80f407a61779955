import { getCurrency } from '../pricing/currency.ts';
import { isPricingError } from '../pricing/errors.ts';
import type { CashReport } from './model.ts';

// A cash report is printed as given: renderers never fix figures. Before anything is laid out
// the figures must add up; a report that does not is a bug upstream, and printing it would put
// a paper in the cash bag that disagrees with the drawer and the books.

export interface CashReportProblem {
  /** Where in the report, e.g. "drawer.expectedMinor". */
  readonly path: string;
  readonly message: string;
}

export class InvalidCashReportError extends Error {
  readonly code = 'cash_report.invalid';
  readonly problems: readonly CashReportProblem[];

  constructor(problems: readonly CashReportProblem[]) {
    const first = problems.slice(0, 3).map((problem) => `${problem.path}: ${problem.message}`);
    const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
    super(`The cash report cannot be printed: ${first.join('; ')}${more}.`);
    this.name = 'InvalidCashReportError';
    this.problems = problems;
  }
}

export function isInvalidCashReportError(error: unknown): error is InvalidCashReportError {
  return error instanceof InvalidCashReportError;
}

/** Throws InvalidCashReportError listing every problem, or returns the report unchanged. */
export function assertValidCashReport(report: CashReport): CashReport {
  const problems = checkCashReport(report);
  if (problems.length > 0) throw new InvalidCashReportError(problems);
  return report;
}

type Report = (path: string, message: string) => void;

/** Every reason this report cannot be printed; empty when it can. */
export function checkCashReport(report: CashReport): CashReportProblem[] {
  const problems: CashReportProblem[] = [];
  const add: Report = (path, message) => problems.push({ path, message });
  checkIdentity(report, add);
  // Sums are meaningless when a figure is not a safe whole number.
  if (checkFigures(report, add)) checkSums(report, add);
  return problems;
}

function blank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

function checkInstant(value: unknown, path: string, add: Report): void {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
    add(path, `${JSON.stringify(value)} is not an ISO 8601 instant`);
}

function checkIdentity(report: CashReport, add: Report): void {
  if (report.kind !== 'x' && report.kind !== 'z')
    add('kind', `must be "x" or "z", got ${JSON.stringify(report.kind)}`);
  if (report.kind === 'z' && !report.closing) add('closing', 'a Z report needs the closing count');
  if (report.kind === 'x' && report.closing) add('closing', 'an X report has no closing count');
  if (blank(report.cashSessionId)) add('cashSessionId', 'is empty');
  if (blank(report.storeName)) add('storeName', 'is empty');
  if (blank(report.registerName)) add('registerName', 'is empty');
  try {
    getCurrency(report.currency);
  } catch (error) {
    if (!isPricingError(error)) throw error;
    add('currency', `${JSON.stringify(report.currency)} is not a supported currency`);
  }
  try {
    Intl.getCanonicalLocales(report.locale);
  } catch {
    add('locale', `${JSON.stringify(report.locale)} is not a BCP 47 locale`);
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: report.timeZone });
  } catch {
    add('timeZone', `${JSON.stringify(report.timeZone)} is not an IANA time zone`);
  }
  checkInstant(report.openedAt, 'openedAt', add);
  checkInstant(report.asOf, 'asOf', add);
  if (report.closing) checkInstant(report.closing.closedAt, 'closing.closedAt', add);
}

/** Money and counts are safe whole numbers; amounts that only add up are never negative. */
function checkFigures(report: CashReport, add: Report): boolean {
  let ok = true;
  const whole = (value: unknown, path: string, minimum: number | null) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      add(path, `must be a whole number of minor units, got ${String(value)}`);
      ok = false;
    } else if (minimum !== null && value < minimum) {
      add(path, `must be at least ${minimum}, got ${value}`);
      ok = false;
    }
  };
  const { drawer } = report;
  for (const key of [
    'openingFloatMinor',
    'cashSalesMinor',
    'cashRefundsMinor',
    'payInsMinor',
    'payOutsMinor',
  ] as const)
    whole(drawer[key], `drawer.${key}`, 0);
  whole(drawer.expectedMinor, 'drawer.expectedMinor', null);
  for (const key of ['payInsCount', 'payOutsCount', 'noSaleCount', 'voidsCount'] as const)
    whole(report[key], key, 0);
  whole(report.openSalesCount, 'openSalesCount', 0);
  whole(report.parkedSalesCount, 'parkedSalesCount', 0);
  for (const part of ['sales', 'refunds'] as const) {
    whole(report[part].count, `${part}.count`, 0);
    whole(report[part].totalMinor, `${part}.totalMinor`, 0);
  }
  whole(report.netSalesMinor, 'netSalesMinor', null);
  report.tenders.forEach((tender, index) => {
    const at = `tenders[${index}]`;
    if (blank(tender.kind)) add(`${at}.kind`, 'is empty');
    if (blank(tender.label)) add(`${at}.label`, 'is empty');
    for (const key of ['salesCount', 'salesMinor', 'refundsCount', 'refundsMinor'] as const)
      whole(tender[key], `${at}.${key}`, 0);
    whole(tender.netMinor, `${at}.netMinor`, null);
  });
  report.taxes.forEach((tax, index) => {
    const at = `taxes[${index}]`;
    if (blank(tax.name)) add(`${at}.name`, 'is empty');
    if (blank(tax.rateLabel)) add(`${at}.rateLabel`, 'is empty');
    for (const key of [
      'salesTaxableMinor',
      'salesTaxMinor',
      'refundsTaxableMinor',
      'refundsTaxMinor',
    ] as const)
      whole(tax[key], `${at}.${key}`, 0);
    whole(tax.netTaxMinor, `${at}.netTaxMinor`, null);
  });
  report.movements?.forEach((movement, index) => {
    if (movement.kind !== 'pay_in' && movement.kind !== 'pay_out')
      add(`movements[${index}].kind`, 'must be "pay_in" or "pay_out"');
    whole(movement.amountMinor, `movements[${index}].amountMinor`, 1);
  });
  const { closing } = report;
  if (closing) {
    closing.denominations.forEach((line, index) => {
      whole(line.valueMinor, `closing.denominations[${index}].valueMinor`, 1);
      whole(line.count, `closing.denominations[${index}].count`, 0);
    });
    whole(closing.countedMinor, 'closing.countedMinor', 0);
    whole(closing.expectedMinor, 'closing.expectedMinor', null);
    whole(closing.overShortMinor, 'closing.overShortMinor', null);
  }
  return ok;
}

const sum = (terms: readonly number[]) => terms.reduce((total, term) => total + BigInt(term), 0n);

function checkSums(report: CashReport, add: Report): void {
  const equal = (path: string, shown: number, computed: bigint, how: string) => {
    if (BigInt(shown) !== computed) add(path, `is ${shown}, but ${how} is ${computed.toString()}`);
  };
  const { drawer } = report;
  equal(
    'drawer.expectedMinor',
    drawer.expectedMinor,
    sum([drawer.openingFloatMinor, drawer.cashSalesMinor, drawer.payInsMinor]) -
      sum([drawer.cashRefundsMinor, drawer.payOutsMinor]),
    'float + cash sales − cash refunds + pay-ins − pay-outs',
  );
  equal(
    'netSalesMinor',
    report.netSalesMinor,
    sum([report.sales.totalMinor]) - sum([report.refunds.totalMinor]),
    'sales − refunds',
  );
  for (const [index, tender] of report.tenders.entries())
    equal(
      `tenders[${index}].netMinor`,
      tender.netMinor,
      sum([tender.salesMinor]) - sum([tender.refundsMinor]),
      'sales − refunds',
    );
  for (const [index, tax] of report.taxes.entries())
    equal(
      `taxes[${index}].netTaxMinor`,
      tax.netTaxMinor,
      sum([tax.salesTaxMinor]) - sum([tax.refundsTaxMinor]),
      'sales tax − refunds tax',
    );
  // The cash tender and the drawer are the same cash, counted from the same payments.
  const cash = report.tenders.filter((tender) => tender.kind === 'cash');
  if (cash.length > 1) add('tenders', 'lists cash more than once');
  equal(
    'drawer.cashSalesMinor',
    drawer.cashSalesMinor,
    sum(cash.map((tender) => tender.salesMinor)),
    'the cash tender taken',
  );
  equal(
    'drawer.cashRefundsMinor',
    drawer.cashRefundsMinor,
    sum(cash.map((tender) => tender.refundsMinor)),
    'the cash tender refunded',
  );
  if (report.movements) {
    for (const [kind, total, count] of [
      ['pay_in', 'payInsMinor', 'payInsCount'],
      ['pay_out', 'payOutsMinor', 'payOutsCount'],
    ] as const) {
      const listed = report.movements.filter((movement) => movement.kind === kind);
      equal(
        `drawer.${total}`,
        drawer[total],
        sum(listed.map((m) => m.amountMinor)),
        `the ${kind} lines`,
      );
      equal(count, report[count], BigInt(listed.length), `the number of ${kind} lines`);
    }
  }
  const { closing } = report;
  if (!closing) return;
  equal(
    'closing.countedMinor',
    closing.countedMinor,
    closing.denominations.reduce(
      (total, line) => total + BigInt(line.valueMinor) * BigInt(line.count),
      0n,
    ),
    'the denomination count',
  );
  equal(
    'closing.overShortMinor',
    closing.overShortMinor,
    BigInt(closing.countedMinor) - BigInt(closing.expectedMinor),
    'counted − expected',
  );
  if (closing.expectedMinor !== drawer.expectedMinor && !closing.changedSinceClose)
    add(
      'closing.expectedMinor',
      `is ${closing.expectedMinor}, but the drawer figures give ${drawer.expectedMinor} and nothing changed since the close`,
    );
}
