// Test-only arbitraries shared by the *.test.ts files beside it; not exported from the barrel.
import fc from 'fast-check';
import { TENDER_KINDS } from '../pricing/tender.ts';
import type {
  SessionActivity,
  SessionMovement,
  SessionRefund,
  SessionRefundPayment,
  SessionSale,
  SessionSalePayment,
  SessionTaxRow,
} from './report.ts';

// Amounts from small (rounding-sized) to a large till's day, well inside the safe range.
export const amount = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 5_000 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 10_000_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 1_000_000_000_000 }) },
);

const rounding = fc.integer({ min: -50, max: 50 });

const RATES = [
  { rateId: 'state', ratePpm: 40_000 },
  { rateId: 'city', ratePpm: 45_000 },
  { rateId: 'vat', ratePpm: 200_000 },
  { rateId: 'vat', ratePpm: 190_000 },
] as const;

const taxRow: fc.Arbitrary<SessionTaxRow> = fc
  .record({ rate: fc.constantFrom(...RATES), taxableMinor: amount, taxMinor: amount })
  .map(({ rate, ...row }) => ({ ...rate, ...row }));

const taxRows = fc.uniqueArray(taxRow, {
  maxLength: 3,
  selector: (row) => `${row.rateId}:${row.ratePpm}`,
});

/** Field identities of a real sale are the engine's business; here only the sums matter. */
export const sale: fc.Arbitrary<SessionSale> = fc
  .record({
    status: fc.constantFrom('completed' as const, 'voided' as const),
    grossMinor: amount,
    lineDiscountMinor: amount,
    orderDiscountMinor: amount,
    subtotalMinor: amount,
    taxes: taxRows,
  })
  .map((draft) => {
    const taxMinor = draft.taxes.reduce((sum, row) => sum + row.taxMinor, 0);
    return { ...draft, taxMinor, totalMinor: draft.subtotalMinor + taxMinor };
  });

export const payment: fc.Arbitrary<SessionSalePayment> = fc.record({
  kind: fc.constantFrom(...TENDER_KINDS),
  status: fc.constantFrom('captured' as const, 'captured' as const, 'reversed' as const),
  appliedMinor: amount,
  cashRoundingMinor: rounding,
});

export const refund: fc.Arbitrary<SessionRefund> = fc
  .record({ subtotalMinor: amount, cashRoundingMinor: rounding, taxes: taxRows })
  .map((draft) => {
    const taxMinor = draft.taxes.reduce((sum, row) => sum + row.taxMinor, 0);
    return { ...draft, taxMinor, totalMinor: draft.subtotalMinor + taxMinor };
  });

export const refundPayment: fc.Arbitrary<SessionRefundPayment> = fc.record({
  kind: fc.constantFrom(...TENDER_KINDS, 'exchange' as const),
  amountMinor: amount,
});

export const movement: fc.Arbitrary<SessionMovement> = fc.oneof(
  fc.record({ kind: fc.constantFrom('pay_in' as const, 'pay_out' as const), amountMinor: amount }),
  fc.constant({ kind: 'no_sale' as const, amountMinor: 0 }),
);

export const activity: fc.Arbitrary<SessionActivity> = fc.record({
  openingFloatMinor: amount,
  sales: fc.array(sale, { maxLength: 12 }),
  payments: fc.array(payment, { maxLength: 15 }),
  refunds: fc.array(refund, { maxLength: 5 }),
  refundPayments: fc.array(refundPayment, { maxLength: 6 }),
  movements: fc.array(movement, { maxLength: 8 }),
});

export const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
