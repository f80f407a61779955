import type { Minor } from '../pricing/money.ts';
import { cashAmount, exactSum, signedAmount } from './amounts.ts';

/** What went in and out of one drawer during a session, each figure ≥ 0. */
export interface DrawerInput {
  readonly openingFloatMinor: Minor;
  /** Applied amount of the captured cash payments: what the drawer kept after change. */
  readonly cashSalesMinor: Minor;
  /** Cash handed back by refunds. */
  readonly cashRefundsMinor: Minor;
  readonly payInsMinor: Minor;
  readonly payOutsMinor: Minor;
}

/** Identity: expected = openingFloat + cashIn − cashOut. */
export interface DrawerSummary extends DrawerInput {
  /** Cash sales + pay-ins. */
  readonly cashInMinor: Minor;
  /** Cash refunds + pay-outs. */
  readonly cashOutMinor: Minor;
  /** What should be in the drawer now. Negative only if more left it than it ever held. */
  readonly expectedMinor: Minor;
}

/**
 * The one drawer computation: the X report mid-shift, the pay-out check and the Z report at
 * close all call it, so they can never disagree about what the drawer should hold.
 */
export function computeDrawer(input: DrawerInput): DrawerSummary {
  const openingFloatMinor = cashAmount(input.openingFloatMinor, 'Opening float');
  const cashSalesMinor = cashAmount(input.cashSalesMinor, 'Cash sales');
  const cashRefundsMinor = cashAmount(input.cashRefundsMinor, 'Cash refunds');
  const payInsMinor = cashAmount(input.payInsMinor, 'Pay-ins');
  const payOutsMinor = cashAmount(input.payOutsMinor, 'Pay-outs');
  const cashInMinor = exactSum([cashSalesMinor, payInsMinor], 'Cash in');
  const cashOutMinor = exactSum([cashRefundsMinor, payOutsMinor], 'Cash out');
  return {
    openingFloatMinor,
    cashSalesMinor,
    cashRefundsMinor,
    payInsMinor,
    payOutsMinor,
    cashInMinor,
    cashOutMinor,
    expectedMinor: exactSum([openingFloatMinor, cashInMinor, -cashOutMinor], 'Expected cash'),
  };
}

/** Identity: overShort = counted − expected (positive: over, negative: short). */
export interface DrawerCount {
  readonly expectedMinor: Minor;
  readonly countedMinor: Minor;
  readonly overShortMinor: Minor;
}

/** The blind count against what the drawer should hold. */
export function reconcileDrawer(expectedMinor: Minor, countedMinor: Minor): DrawerCount {
  const counted = cashAmount(countedMinor, 'Counted cash');
  const expected = signedAmount(expectedMinor, 'Expected cash');
  return {
    expectedMinor: expected,
    countedMinor: counted,
    overShortMinor: exactSum([counted, -expected], 'Over/short'),
  };
}
