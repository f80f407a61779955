import type { Currency } from './currency.ts';
import { resolveCurrency } from './currency.ts';
import { PricingError } from './errors.ts';
import type { Minor } from './money.ts';
import { assertNonNegativeMinor, assertPositiveMinor, sumMinor } from './money.ts';
import type { RoundingMode } from './rounding.ts';
import { assertRoundingMode, roundToIncrement } from './rounding.ts';
import type { TenderKind } from './tender.ts';

export interface OriginalTender {
  readonly kind: TenderKind;
  /** What the store kept from this tender (AppliedTender.appliedMinor). */
  readonly appliedMinor: Minor;
  readonly id?: string;
  /** Money already given back to this tender; when set, it is checked, never exceeded. */
  readonly refundedMinor?: Minor;
}

export type RefundDestination = 'original_tenders' | 'store_credit';

export interface RefundTendersInput {
  readonly currency: string | Currency;
  /** The refund as priced (PricedRefund.totals.totalMinor). */
  readonly refundMinor: Minor;
  /** The part of the sale the tenders settled (TenderSettlement.paidMinor). */
  readonly paidMinor: Minor;
  /** The sale's tenders in the order they were taken (TenderSettlement.payments). */
  readonly tenders: readonly OriginalTender[];
  /** Sum of refundMinor of earlier refunds of this sale that went to the original tenders. */
  readonly refundedBeforeMinor?: Minor;
  readonly destination?: RefundDestination;
  readonly cashIncrementMinor?: Minor;
  readonly roundingMode?: RoundingMode;
}

export interface RefundPayment {
  readonly kind: TenderKind;
  readonly id?: string;
  /** Index into the original tenders; absent for newly issued store credit. */
  readonly tenderIndex?: number;
  readonly amountMinor: Minor;
}

export interface RefundAllocation {
  readonly payments: readonly RefundPayment[];
  readonly totalMinor: Minor;
  /** totalMinor − refundMinor: cash handed back is rounded to the smallest coin. */
  readonly cashRoundingMinor: Minor;
}

/**
 * Decides where refunded money goes.
 *
 * `store_credit` issues the exact refund as new store credit. `original_tenders` (the default)
 * pays back in a fixed waterfall: non-cash tenders first, in the order taken, then cash last (so
 * a refund cannot turn a card payment into cash), each up to what it paid.
 *
 * The waterfall is applied to the cumulative amount refunded to tenders, and this refund gets
 * the difference between after and before. Cash is rounded cumulatively too, so partial refunds
 * cannot drift by a rounding step each time; once the whole paid amount has been refunded every
 * tender has received exactly what it paid (cash rounding of the sale included) and no tender is
 * ever given more than it paid.
 */
export function allocateRefundToTenders(input: RefundTendersInput): RefundAllocation {
  const refundMinor = assertNonNegativeMinor(input.refundMinor, 'Refund amount');
  if ((input.destination ?? 'original_tenders') === 'store_credit') {
    const payments: RefundPayment[] =
      refundMinor === 0 ? [] : [{ kind: 'store_credit', amountMinor: refundMinor }];
    return { payments, totalMinor: refundMinor, cashRoundingMinor: 0 };
  }
  if (input.destination !== undefined && input.destination !== 'original_tenders') {
    throw new PricingError(
      'pricing.invalid_option',
      `Refund destination must be 'original_tenders' or 'store_credit', got ${String(input.destination)}.`,
    );
  }

  const currency = resolveCurrency(input.currency);
  const increment = assertPositiveMinor(
    input.cashIncrementMinor ?? currency.cashIncrementMinor,
    'Cash rounding increment',
  );
  const mode = assertRoundingMode(input.roundingMode ?? 'half_up');
  const paidMinor = assertNonNegativeMinor(input.paidMinor, 'Paid amount');
  const before = assertNonNegativeMinor(input.refundedBeforeMinor ?? 0, 'Refunded before');
  const after = before + refundMinor;
  if (after > paidMinor) {
    throw new PricingError(
      'pricing.over_refund',
      `Refunding ${refundMinor} after ${before} would return more than the ${paidMinor} the ` +
        'original tenders paid; refund the difference to store credit.',
      { refundMinor, refundedBeforeMinor: before, paidMinor },
    );
  }
  input.tenders.forEach((tender, index) => {
    assertNonNegativeMinor(tender.appliedMinor, `Tender ${index + 1} applied amount`);
  });

  const waterfall = new Waterfall(input.tenders, paidMinor, increment, mode);
  const cumulativeBefore = waterfall.at(before);
  const cumulativeAfter = waterfall.at(after);
  const payments: RefundPayment[] = [];
  input.tenders.forEach((tender, index) => {
    const amountMinor = (cumulativeAfter[index] ?? 0) - (cumulativeBefore[index] ?? 0);
    if (tender.refundedMinor !== undefined) {
      const refunded = assertNonNegativeMinor(tender.refundedMinor, `Tender ${index + 1} refunded`);
      if (refunded + amountMinor > tender.appliedMinor) {
        throw new PricingError(
          'pricing.over_refund',
          `Tender ${index + 1} (${tender.kind}) paid ${tender.appliedMinor} and already got ` +
            `${refunded} back; ${amountMinor} more would exceed it. Check refundedBeforeMinor.`,
          { tenderIndex: index },
        );
      }
    }
    if (amountMinor === 0) return;
    payments.push({
      kind: tender.kind,
      ...(tender.id === undefined ? {} : { id: tender.id }),
      tenderIndex: index,
      amountMinor,
    });
  });
  const totalMinor = sumMinor(payments.map((payment) => payment.amountMinor));
  return { payments, totalMinor, cashRoundingMinor: totalMinor - refundMinor };
}

/** Cumulative money returned to each tender once `refunded` of the paid amount is refunded. */
class Waterfall {
  readonly #tenders: readonly OriginalTender[];
  readonly #paid: Minor;
  readonly #kept: Minor;
  readonly #cashKept: Minor;
  readonly #increment: Minor;
  readonly #mode: RoundingMode;

  constructor(
    tenders: readonly OriginalTender[],
    paid: Minor,
    increment: Minor,
    mode: RoundingMode,
  ) {
    this.#tenders = tenders;
    this.#paid = paid;
    this.#kept = sumMinor(tenders.map((tender) => tender.appliedMinor));
    this.#cashKept = sumMinor(
      tenders.filter((tender) => tender.kind === 'cash').map((tender) => tender.appliedMinor),
    );
    this.#increment = increment;
    this.#mode = mode;
  }

  at(refunded: Minor): Minor[] {
    // The tenders kept paid + the sale's cash rounding; map refunded sale money onto kept money
    // so that refunding all of it returns all of that, rounding included.
    let left = refunded === this.#paid ? this.#kept : Math.min(refunded, this.#kept);
    const cumulative = this.#tenders.map(() => 0);
    this.#tenders.forEach((tender, index) => {
      if (tender.kind === 'cash') return;
      const take = Math.min(tender.appliedMinor, left);
      cumulative[index] = take;
      left -= take;
    });
    // What is left is bounded by the cash kept; round it to coins, but at the very end return
    // the cash kept exactly even if it is not a whole number of coins.
    let cash =
      left === this.#cashKept
        ? left
        : Math.min(roundToIncrement(left, this.#increment, this.#mode), this.#cashKept);
    this.#tenders.forEach((tender, index) => {
      if (tender.kind !== 'cash') return;
      const take = Math.min(tender.appliedMinor, cash);
      cumulative[index] = take;
      cash -= take;
    });
    return cumulative;
  }
}
