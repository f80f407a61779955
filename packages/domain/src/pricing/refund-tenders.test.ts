import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES, getCurrency } from './currency.ts';
import type { OriginalTender, RefundAllocation } from './refund-tenders.ts';
import { allocateRefundToTenders } from './refund-tenders.ts';
import type { TenderInput, TenderKind } from './tender.ts';
import { applyTenders } from './tender.ts';
import { expectWholeMoney, sum } from './test-support.ts';

describe('allocateRefundToTenders: examples', () => {
  // CHF 20.03 paid card 10.00 + cash 10.05 (the cash rest 10.03 rounded up).
  const chfTenders: OriginalTender[] = [
    { kind: 'card', appliedMinor: 1000, id: 'card-1' },
    { kind: 'cash', appliedMinor: 1005 },
  ];

  it('refunds to the card first, then returns the rest including the cash rounding', () => {
    const first = allocateRefundToTenders({
      currency: 'CHF',
      refundMinor: 500,
      paidMinor: 2003,
      tenders: chfTenders,
    });
    expect(first).toEqual({
      payments: [{ kind: 'card', id: 'card-1', tenderIndex: 0, amountMinor: 500 }],
      totalMinor: 500,
      cashRoundingMinor: 0,
    });
    const rest = allocateRefundToTenders({
      currency: 'CHF',
      refundMinor: 1503,
      paidMinor: 2003,
      refundedBeforeMinor: 500,
      tenders: chfTenders,
    });
    expect(rest).toEqual({
      payments: [
        { kind: 'card', id: 'card-1', tenderIndex: 0, amountMinor: 500 },
        { kind: 'cash', tenderIndex: 1, amountMinor: 1005 },
      ],
      totalMinor: 1505,
      cashRoundingMinor: 2,
    });
  });

  it('CAD 10.02 paid 10.00 cash, refunded in two halves, gives back exactly 10.00', () => {
    const tenders: OriginalTender[] = [{ kind: 'cash', appliedMinor: 1000 }];
    const first = allocateRefundToTenders({
      currency: 'CAD',
      refundMinor: 501,
      paidMinor: 1002,
      tenders,
    });
    const second = allocateRefundToTenders({
      currency: 'CAD',
      refundMinor: 501,
      paidMinor: 1002,
      refundedBeforeMinor: 501,
      tenders,
    });
    expect([first.totalMinor, second.totalMinor]).toEqual([500, 500]);
    expect([first.cashRoundingMinor, second.cashRoundingMinor]).toEqual([-1, -1]);
  });

  it('rounds cash cumulatively so many small refunds do not drift', () => {
    // Ten items of 0.03 paid with 0.30 cash in CHF, refunded one at a time.
    const steps = Array.from({ length: 10 }, (_, index) =>
      allocateRefundToTenders({
        currency: 'CHF',
        refundMinor: 3,
        paidMinor: 30,
        refundedBeforeMinor: 3 * index,
        tenders: [{ kind: 'cash', appliedMinor: 30 }],
      }),
    );
    expect(steps.map((step) => step.totalMinor)).toEqual([5, 0, 5, 0, 5, 5, 0, 5, 0, 5]);
  });

  it('issues store credit for the exact refund when asked', () => {
    expect(
      allocateRefundToTenders({
        currency: 'CHF',
        refundMinor: 1503,
        paidMinor: 2003,
        tenders: chfTenders,
        destination: 'store_credit',
      }),
    ).toEqual({
      payments: [{ kind: 'store_credit', amountMinor: 1503 }],
      totalMinor: 1503,
      cashRoundingMinor: 0,
    });
  });

  it('refuses to refund more than the tenders paid', () => {
    expect(() =>
      allocateRefundToTenders({
        currency: 'CHF',
        refundMinor: 1504,
        paidMinor: 2003,
        refundedBeforeMinor: 500,
        tenders: chfTenders,
      }),
    ).toThrowError(expect.objectContaining({ code: 'pricing.over_refund' }));
  });

  it('checks recorded per-tender refunds and refuses to exceed what a tender paid', () => {
    expect(() =>
      allocateRefundToTenders({
        currency: 'CHF',
        refundMinor: 500,
        paidMinor: 2003,
        tenders: [
          { kind: 'card', appliedMinor: 1000, refundedMinor: 600 },
          { kind: 'cash', appliedMinor: 1005 },
        ],
      }),
    ).toThrowError(expect.objectContaining({ code: 'pricing.over_refund' }));
  });
});

const kinds = fc.constantFrom<TenderKind>('cash', 'card', 'gift_card', 'store_credit', 'external');

/** A settled sale paid with random tenders, cash handed over in whole coins. */
const paidSales = fc
  .record({
    code: fc.constantFrom(...CURRENCY_CODES),
    due: fc.integer({ min: 1, max: 5_000_000 }),
    plan: fc.array(
      fc.record({ kind: kinds, fraction: fc.double({ min: 0, max: 1, noNaN: true }) }),
      {
        maxLength: 4,
      },
    ),
    finalKind: kinds,
    steps: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }),
  })
  .map(({ code, due, plan, finalKind, steps }) => {
    const currency = getCurrency(code);
    const coin = currency.cashIncrementMinor;
    const tenders: TenderInput[] = [];
    let owed = due;
    for (const step of [...plan, { kind: finalKind, fraction: 1 }]) {
      if (owed <= 0) break;
      let amount = Math.max(1, Math.floor(owed * step.fraction));
      if (step.kind === 'cash') amount = Math.max(coin, Math.ceil(amount / coin) * coin);
      else amount = Math.min(amount, owed);
      tenders.push({ kind: step.kind, amountMinor: amount });
      owed = applyTenders({ currency, balanceDueMinor: due, tenders }).balanceRemainingMinor;
    }
    if (owed > 0) tenders.push({ kind: 'card', amountMinor: owed });
    const settlement = applyTenders({ currency, balanceDueMinor: due, tenders });
    // Random cut points splitting the paid amount into refunds.
    const cuts = [...new Set(steps.map((f) => Math.floor(f * settlement.paidMinor)))]
      .filter((cut) => cut > 0 && cut < settlement.paidMinor)
      .sort((a, b) => a - b);
    const bounds = [0, ...cuts, settlement.paidMinor];
    const refunds = bounds.slice(1).map((bound, index) => bound - (bounds[index] ?? 0));
    return { currency, settlement, refunds };
  });

describe('allocateRefundToTenders: properties', () => {
  it('refunding all of a sale in steps returns each tender exactly what it paid, never more', () => {
    fc.assert(
      fc.property(paidSales, ({ currency, settlement, refunds }) => {
        const tenders: OriginalTender[] = settlement.payments.map((p) => ({
          kind: p.kind,
          appliedMinor: p.appliedMinor,
        }));
        const given = tenders.map(() => 0);
        let before = 0;
        for (const refundMinor of refunds) {
          const allocation: RefundAllocation = allocateRefundToTenders({
            currency,
            refundMinor,
            paidMinor: settlement.paidMinor,
            refundedBeforeMinor: before,
            tenders: tenders.map((t, i) => ({ ...t, refundedMinor: given[i] ?? 0 })),
          });
          expectWholeMoney(allocation);
          expect(allocation.totalMinor).toBe(sum(allocation.payments.map((p) => p.amountMinor)));
          for (const payment of allocation.payments) {
            const index = payment.tenderIndex ?? -1;
            given[index] = (given[index] ?? 0) + payment.amountMinor;
            if (payment.kind === 'cash') {
              expect(payment.amountMinor % currency.cashIncrementMinor).toBe(0);
            }
          }
          before += refundMinor;
          tenders.forEach((tender, index) => {
            expect(given[index] ?? 0).toBeLessThanOrEqual(tender.appliedMinor);
          });
          // Cash is only touched once every non-cash tender has been paid back in full.
          const cashGiven = sum(tenders.map((t, i) => (t.kind === 'cash' ? (given[i] ?? 0) : 0)));
          if (cashGiven > 0) {
            tenders.forEach((tender, index) => {
              if (tender.kind !== 'cash') expect(given[index]).toBe(tender.appliedMinor);
            });
          }
          expect(Math.abs(sum(given) - before) * 2).toBeLessThanOrEqual(
            currency.cashIncrementMinor,
          );
        }
        expect(given).toEqual(tenders.map((t) => t.appliedMinor));
        expect(sum(given)).toBe(settlement.appliedMinor);
      }),
      { numRuns: 300 },
    );
  });
});
