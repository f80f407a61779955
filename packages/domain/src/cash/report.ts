import type { Minor } from '../pricing/money.ts';
import type { TenderKind } from '../pricing/tender.ts';
import { TENDER_KINDS } from '../pricing/tender.ts';
import { cashAmount, exactSum, signedAmount } from './amounts.ts';
import { computeDrawer, type DrawerCount, type DrawerSummary, reconcileDrawer } from './drawer.ts';

// The X report (mid-shift) and the Z report (at close) are one computation over the rows of a
// session: the server loads them, this sums them. Every figure is an exact sum of the rows it
// names, so a report can always be traced back to the documents behind it.

/** Refunds can also be settled as value on an exchange sale. */
export type SessionTenderKind = TenderKind | 'exchange';

const TENDER_ORDER: readonly SessionTenderKind[] = [...TENDER_KINDS, 'exchange'];

/** One tax rate on a document, as the money engine reported it (sales.tax_totals). */
export interface SessionTaxRow {
  readonly rateId: string;
  readonly ratePpm: number;
  readonly taxableMinor: Minor;
  readonly taxMinor: Minor;
}

/** A sale finished on the register during the session. */
export interface SessionSale {
  readonly status: 'completed' | 'voided';
  readonly grossMinor: Minor;
  readonly lineDiscountMinor: Minor;
  readonly orderDiscountMinor: Minor;
  readonly subtotalMinor: Minor;
  readonly taxMinor: Minor;
  readonly totalMinor: Minor;
  readonly taxes: readonly SessionTaxRow[];
}

/** A tender taken on a sale; cash ones are those recorded against this session's drawer. */
export interface SessionSalePayment {
  readonly kind: TenderKind;
  readonly status: 'captured' | 'reversed';
  /** What the store kept: for cash, what stayed in the drawer after change. */
  readonly appliedMinor: Minor;
  readonly cashRoundingMinor: Minor;
}

export interface SessionRefund {
  readonly subtotalMinor: Minor;
  readonly taxMinor: Minor;
  readonly totalMinor: Minor;
  readonly cashRoundingMinor: Minor;
  readonly taxes: readonly SessionTaxRow[];
}

/** Money given back by a refund, per tender; cash ones left this session's drawer. */
export interface SessionRefundPayment {
  readonly kind: SessionTenderKind;
  readonly amountMinor: Minor;
}

export interface SessionMovement {
  readonly kind: 'pay_in' | 'pay_out' | 'no_sale';
  readonly amountMinor: Minor;
}

export interface SessionActivity {
  readonly openingFloatMinor: Minor;
  readonly sales: readonly SessionSale[];
  readonly payments: readonly SessionSalePayment[];
  readonly refunds: readonly SessionRefund[];
  readonly refundPayments: readonly SessionRefundPayment[];
  readonly movements: readonly SessionMovement[];
}

export interface SalesSummary {
  /** Completed sales. */
  readonly count: number;
  readonly grossMinor: Minor;
  readonly lineDiscountMinor: Minor;
  readonly orderDiscountMinor: Minor;
  readonly discountMinor: Minor;
  readonly subtotalMinor: Minor;
  readonly taxMinor: Minor;
  readonly totalMinor: Minor;
}

export interface RefundsSummary {
  readonly count: number;
  readonly subtotalMinor: Minor;
  readonly taxMinor: Minor;
  readonly totalMinor: Minor;
}

/** Per tender kind: captured sale payments in, refund payments out. net = sales − refunds. */
export interface TenderTotal {
  readonly kind: SessionTenderKind;
  readonly salesCount: number;
  readonly salesMinor: Minor;
  readonly refundsCount: number;
  readonly refundsMinor: Minor;
  readonly netMinor: Minor;
}

/** Per tax rate: charged on completed sales, given back on refunds. net = sales − refunds. */
export interface TaxTotal {
  readonly rateId: string;
  readonly ratePpm: number;
  readonly salesTaxableMinor: Minor;
  readonly salesTaxMinor: Minor;
  readonly refundsTaxableMinor: Minor;
  readonly refundsTaxMinor: Minor;
  readonly netTaxMinor: Minor;
}

export interface MovementTotal {
  readonly count: number;
  readonly totalMinor: Minor;
}

export interface SessionReport {
  readonly drawer: DrawerSummary;
  readonly sales: SalesSummary;
  readonly refunds: RefundsSummary;
  /** Sales total − refunds total. */
  readonly netSalesMinor: Minor;
  readonly tenders: readonly TenderTotal[];
  readonly taxes: readonly TaxTotal[];
  /**
   * Cash rounding: on sales, what customers paid over (+) or under (−) the exact total; on
   * refunds, what the store handed back over (+) or under (−). net = sales − refunds is the
   * store's gain from rounding.
   */
  readonly cashRounding: { salesMinor: Minor; refundsMinor: Minor; netMinor: Minor };
  readonly payIns: MovementTotal;
  readonly payOuts: MovementTotal;
  readonly voidsCount: number;
  readonly noSaleCount: number;
}

/** The Z report: the X figures at close plus the blind count. */
export interface ClosingReport extends SessionReport {
  readonly count: DrawerCount;
}

const total = (values: readonly Minor[], label: string) => exactSum(values, label);

function sumTaxes(
  into: Map<string, { rateId: string; ratePpm: number; taxable: Minor[]; tax: Minor[] }>,
  rows: readonly SessionTaxRow[],
  label: string,
): void {
  for (const row of rows) {
    // Keyed by rate and percentage: a rate edited mid-shift reports both percentages apart.
    const key = `${row.rateId}\u0000${row.ratePpm}`;
    const entry = into.get(key) ?? {
      rateId: row.rateId,
      ratePpm: row.ratePpm,
      taxable: [],
      tax: [],
    };
    entry.taxable.push(cashAmount(row.taxableMinor, `${label} taxable amount`));
    entry.tax.push(cashAmount(row.taxMinor, `${label} tax`));
    into.set(key, entry);
  }
}

function taxTotals(sales: readonly SessionSale[], refunds: readonly SessionRefund[]): TaxTotal[] {
  const sold = new Map<
    string,
    { rateId: string; ratePpm: number; taxable: Minor[]; tax: Minor[] }
  >();
  const returned = new Map<
    string,
    { rateId: string; ratePpm: number; taxable: Minor[]; tax: Minor[] }
  >();
  for (const sale of sales) sumTaxes(sold, sale.taxes, 'Sale');
  for (const refund of refunds) sumTaxes(returned, refund.taxes, 'Refund');
  const keys = [...new Set([...sold.keys(), ...returned.keys()])].sort();
  return keys.map((key) => {
    const s = sold.get(key);
    const r = returned.get(key);
    const head = s ?? r;
    const salesTaxMinor = total(s?.tax ?? [], 'Tax on sales');
    const refundsTaxMinor = total(r?.tax ?? [], 'Tax on refunds');
    return {
      rateId: head?.rateId ?? '',
      ratePpm: head?.ratePpm ?? 0,
      salesTaxableMinor: total(s?.taxable ?? [], 'Taxable sales'),
      salesTaxMinor,
      refundsTaxableMinor: total(r?.taxable ?? [], 'Taxable refunds'),
      refundsTaxMinor,
      netTaxMinor: total([salesTaxMinor, -refundsTaxMinor], 'Net tax'),
    };
  });
}

function tenderTotals(
  payments: readonly SessionSalePayment[],
  refundPayments: readonly SessionRefundPayment[],
): TenderTotal[] {
  return TENDER_ORDER.flatMap((kind): TenderTotal[] => {
    const taken = payments.filter((p) => p.kind === kind).map((p) => p.appliedMinor);
    const given = refundPayments.filter((p) => p.kind === kind).map((p) => p.amountMinor);
    if (taken.length === 0 && given.length === 0) return [];
    const salesMinor = total(taken, `${kind} taken`);
    const refundsMinor = total(given, `${kind} refunded`);
    return [
      {
        kind,
        salesCount: taken.length,
        salesMinor,
        refundsCount: given.length,
        refundsMinor,
        netMinor: total([salesMinor, -refundsMinor], `${kind} net`),
      },
    ];
  });
}

function movementTotal(movements: readonly SessionMovement[], kind: 'pay_in' | 'pay_out') {
  const amounts = movements.filter((m) => m.kind === kind).map((m) => m.amountMinor);
  return { count: amounts.length, totalMinor: total(amounts, kind) };
}

/** The X report: everything the session has recorded so far, and what the drawer should hold. */
export function summarizeSession(activity: SessionActivity): SessionReport {
  for (const sale of activity.sales) {
    for (const field of [
      'grossMinor',
      'lineDiscountMinor',
      'orderDiscountMinor',
      'subtotalMinor',
      'taxMinor',
      'totalMinor',
    ] as const)
      cashAmount(sale[field], `Sale ${field}`);
  }
  for (const refund of activity.refunds) {
    for (const field of ['subtotalMinor', 'taxMinor', 'totalMinor'] as const)
      cashAmount(refund[field], `Refund ${field}`);
    signedAmount(refund.cashRoundingMinor, 'Refund cash rounding');
  }
  // Reversed payments (a voided sale) went back to the customer: they are not takings.
  const captured = activity.payments.filter((p) => p.status === 'captured');
  for (const payment of captured) {
    cashAmount(payment.appliedMinor, 'Payment');
    signedAmount(payment.cashRoundingMinor, 'Payment cash rounding');
  }
  for (const payment of activity.refundPayments) cashAmount(payment.amountMinor, 'Refund payment');
  for (const movement of activity.movements) cashAmount(movement.amountMinor, 'Cash movement');

  const completed = activity.sales.filter((s) => s.status === 'completed');
  const pick = (field: keyof Omit<SessionSale, 'status' | 'taxes'>) =>
    total(
      completed.map((s) => s[field]),
      `Sales ${field}`,
    );
  const lineDiscountMinor = pick('lineDiscountMinor');
  const orderDiscountMinor = pick('orderDiscountMinor');
  const sales: SalesSummary = {
    count: completed.length,
    grossMinor: pick('grossMinor'),
    lineDiscountMinor,
    orderDiscountMinor,
    discountMinor: total([lineDiscountMinor, orderDiscountMinor], 'Discounts'),
    subtotalMinor: pick('subtotalMinor'),
    taxMinor: pick('taxMinor'),
    totalMinor: pick('totalMinor'),
  };
  const refunds: RefundsSummary = {
    count: activity.refunds.length,
    subtotalMinor: total(
      activity.refunds.map((r) => r.subtotalMinor),
      'Refunds subtotal',
    ),
    taxMinor: total(
      activity.refunds.map((r) => r.taxMinor),
      'Refunds tax',
    ),
    totalMinor: total(
      activity.refunds.map((r) => r.totalMinor),
      'Refunds total',
    ),
  };
  const payIns = movementTotal(activity.movements, 'pay_in');
  const payOuts = movementTotal(activity.movements, 'pay_out');
  const cashTaken = captured.filter((p) => p.kind === 'cash');
  const drawer = computeDrawer({
    openingFloatMinor: activity.openingFloatMinor,
    cashSalesMinor: total(
      cashTaken.map((p) => p.appliedMinor),
      'Cash sales',
    ),
    cashRefundsMinor: total(
      activity.refundPayments.filter((p) => p.kind === 'cash').map((p) => p.amountMinor),
      'Cash refunds',
    ),
    payInsMinor: payIns.totalMinor,
    payOutsMinor: payOuts.totalMinor,
  });
  const roundingSales = total(
    cashTaken.map((p) => p.cashRoundingMinor),
    'Cash rounding on sales',
  );
  const roundingRefunds = total(
    activity.refunds.map((r) => r.cashRoundingMinor),
    'Cash rounding on refunds',
  );
  return {
    drawer,
    sales,
    refunds,
    netSalesMinor: total([sales.totalMinor, -refunds.totalMinor], 'Net sales'),
    tenders: tenderTotals(captured, activity.refundPayments),
    taxes: taxTotals(completed, activity.refunds),
    cashRounding: {
      salesMinor: roundingSales,
      refundsMinor: roundingRefunds,
      netMinor: total([roundingSales, -roundingRefunds], 'Net cash rounding'),
    },
    payIns,
    payOuts,
    voidsCount: activity.sales.filter((s) => s.status === 'voided').length,
    noSaleCount: activity.movements.filter((m) => m.kind === 'no_sale').length,
  };
}

/** The Z report: the same computation at close, reconciled against the blind count. */
export function closeSession(activity: SessionActivity, countedMinor: Minor): ClosingReport {
  const report = summarizeSession(activity);
  return { ...report, count: reconcileDrawer(report.drawer.expectedMinor, countedMinor) };
}
