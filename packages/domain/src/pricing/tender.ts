import type { Currency } from './currency.ts';
import { resolveCurrency } from './currency.ts';
import { PricingError } from './errors.ts';
import type { Minor } from './money.ts';
import { addMinor, assertNonNegativeMinor, assertPositiveMinor } from './money.ts';
import type { RoundingMode } from './rounding.ts';
import { assertRoundingMode, roundToIncrement } from './rounding.ts';

export type TenderKind = 'cash' | 'card' | 'gift_card' | 'store_credit' | 'external' | 'other';

export const TENDER_KINDS: readonly TenderKind[] = [
  'cash',
  'card',
  'gift_card',
  'store_credit',
  'external',
  'other',
];

export interface TenderInput {
  readonly kind: TenderKind;
  /** What the customer handed over or authorised. */
  readonly amountMinor: Minor;
  readonly id?: string;
}

export interface AppliedTender {
  readonly kind: TenderKind;
  readonly id?: string;
  readonly tenderedMinor: Minor;
  /** What the store keeps from this tender: tendered − change. */
  readonly appliedMinor: Minor;
  readonly changeMinor: Minor;
  /** Non-zero only on the cash tender that settled the sale: applied − balance it settled. */
  readonly cashRoundingMinor: Minor;
}

/**
 * Identities: paid + balanceRemaining = balanceDue; applied = paid + cashRounding;
 * sum of tendered = applied + change.
 */
export interface TenderSettlement {
  readonly balanceDueMinor: Minor;
  readonly payments: readonly AppliedTender[];
  /** The part of the balance due that the tenders settled. */
  readonly paidMinor: Minor;
  readonly appliedMinor: Minor;
  readonly changeMinor: Minor;
  readonly cashRoundingMinor: Minor;
  readonly balanceRemainingMinor: Minor;
  readonly settled: boolean;
}

export interface ApplyTendersInput {
  readonly currency: string | Currency;
  readonly balanceDueMinor: Minor;
  /** In the order they were taken. */
  readonly tenders: readonly TenderInput[];
  /** Overrides the currency's cash increment (store setting). */
  readonly cashIncrementMinor?: Minor;
  readonly roundingMode?: RoundingMode;
}

/**
 * Applies tenders in order to a balance. Non-cash tenders must not exceed what is still owed
 * (a card is charged exactly; there is no change to give from it). Cash may exceed it and gives
 * change. When cash settles the rest of the balance, that rest is rounded to the cash increment
 * and the difference is reported, never folded into the sale total. A balance may stay open.
 */
export function applyTenders(input: ApplyTendersInput): TenderSettlement {
  const currency = resolveCurrency(input.currency);
  const increment = assertPositiveMinor(
    input.cashIncrementMinor ?? currency.cashIncrementMinor,
    'Cash rounding increment',
  );
  const mode = assertRoundingMode(input.roundingMode ?? 'half_up');
  const balanceDueMinor = assertNonNegativeMinor(input.balanceDueMinor, 'Balance due');

  let remaining = balanceDueMinor;
  let applied = 0;
  let change = 0;
  let cashRounding = 0;
  const payments = input.tenders.map((tender, index): AppliedTender => {
    const label = `Tender ${index + 1} (${String(tender.kind)})`;
    assertTenderKind(tender.kind, label);
    const tendered = assertPositiveMinor(tender.amountMinor, `${label} amount`);
    if (remaining === 0) {
      throw new PricingError(
        'pricing.tender_exceeds_balance',
        `${label} was offered after the balance was already settled.`,
        { tenderIndex: index },
      );
    }
    const result = applyOne(tender.kind, tendered, remaining, increment, mode, label, index);
    remaining -= result.settledMinor;
    applied = addMinor(applied, result.appliedMinor, 'Applied tenders');
    change = addMinor(change, result.changeMinor, 'Change');
    cashRounding += result.cashRoundingMinor;
    return {
      kind: tender.kind,
      ...(tender.id === undefined ? {} : { id: tender.id }),
      tenderedMinor: tendered,
      appliedMinor: result.appliedMinor,
      changeMinor: result.changeMinor,
      cashRoundingMinor: result.cashRoundingMinor,
    };
  });

  return {
    balanceDueMinor,
    payments,
    paidMinor: balanceDueMinor - remaining,
    appliedMinor: applied,
    changeMinor: change,
    cashRoundingMinor: cashRounding,
    balanceRemainingMinor: remaining,
    settled: remaining === 0,
  };
}

interface TenderEffect {
  /** How much of the balance this tender cleared. */
  readonly settledMinor: Minor;
  readonly appliedMinor: Minor;
  readonly changeMinor: Minor;
  readonly cashRoundingMinor: Minor;
}

function applyOne(
  kind: TenderKind,
  tendered: Minor,
  remaining: Minor,
  increment: Minor,
  mode: RoundingMode,
  label: string,
  index: number,
): TenderEffect {
  if (kind !== 'cash') {
    if (tendered > remaining) {
      throw new PricingError(
        'pricing.tender_exceeds_balance',
        `${label} of ${tendered} exceeds the ${remaining} still owed; only cash can give change.`,
        { tenderIndex: index, tenderedMinor: tendered, balanceMinor: remaining },
      );
    }
    return { settledMinor: tendered, appliedMinor: tendered, changeMinor: 0, cashRoundingMinor: 0 };
  }
  const rounded = roundToIncrement(remaining, increment, mode);
  // Cash that covers either the exact or the rounded rest settles the sale. Keeping at most the
  // rounded rest means an odd amount between the two (10.04 on a 10.03 → 10.05 rest) is kept
  // whole rather than giving change in a coin that does not exist.
  if (tendered >= Math.min(remaining, rounded)) {
    const kept = Math.min(tendered, rounded);
    return {
      settledMinor: remaining,
      appliedMinor: kept,
      changeMinor: tendered - kept,
      cashRoundingMinor: kept - remaining,
    };
  }
  return { settledMinor: tendered, appliedMinor: tendered, changeMinor: 0, cashRoundingMinor: 0 };
}

function assertTenderKind(kind: string, label: string): asserts kind is TenderKind {
  if (!(TENDER_KINDS as readonly string[]).includes(kind)) {
    throw new PricingError(
      'pricing.invalid_option',
      `${label}: tender kind must be one of ${TENDER_KINDS.join(', ')}.`,
      { option: 'tenderKind', value: String(kind) },
    );
  }
}
