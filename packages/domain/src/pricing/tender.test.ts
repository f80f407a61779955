import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES, getCurrency } from './currency.ts';
import type { TenderInput, TenderKind } from './tender.ts';
import { applyTenders } from './tender.ts';
import { expectWholeMoney, sum } from './test-support.ts';

describe('applyTenders: examples', () => {
  it('CHF 20.03 paid card 10.00 + cash 20.00: the cash rest 10.03 rounds to 10.05', () => {
    const result = applyTenders({
      currency: 'CHF',
      balanceDueMinor: 2003,
      tenders: [
        { kind: 'card', amountMinor: 1000 },
        { kind: 'cash', amountMinor: 2000 },
      ],
    });
    expect(result.payments).toEqual([
      {
        kind: 'card',
        tenderedMinor: 1000,
        appliedMinor: 1000,
        changeMinor: 0,
        cashRoundingMinor: 0,
      },
      {
        kind: 'cash',
        tenderedMinor: 2000,
        appliedMinor: 1005,
        changeMinor: 995,
        cashRoundingMinor: 2,
      },
    ]);
    expect(result).toMatchObject({
      paidMinor: 2003,
      appliedMinor: 2005,
      changeMinor: 995,
      cashRoundingMinor: 2,
      balanceRemainingMinor: 0,
      settled: true,
    });
  });

  it('CAD 10.02 in cash rounds down to 10.00', () => {
    const result = applyTenders({
      currency: 'CAD',
      balanceDueMinor: 1002,
      tenders: [{ kind: 'cash', amountMinor: 2000, id: 'drawer-1' }],
    });
    expect(result.payments[0]).toEqual({
      kind: 'cash',
      id: 'drawer-1',
      tenderedMinor: 2000,
      appliedMinor: 1000,
      changeMinor: 1000,
      cashRoundingMinor: -2,
    });
    expect(result.cashRoundingMinor).toBe(-2);
  });

  it('exact cash on a rounded-down rest settles it (CAD 10.02 with a 10.00 note)', () => {
    const result = applyTenders({
      currency: 'CAD',
      balanceDueMinor: 1002,
      tenders: [{ kind: 'cash', amountMinor: 1000 }],
    });
    expect(result).toMatchObject({ settled: true, changeMinor: 0, cashRoundingMinor: -2 });
  });

  it('does not round cash that only pays part of the balance', () => {
    const result = applyTenders({
      currency: 'CHF',
      balanceDueMinor: 1003,
      tenders: [
        { kind: 'cash', amountMinor: 500 },
        { kind: 'card', amountMinor: 503 },
      ],
    });
    expect(result).toMatchObject({ cashRoundingMinor: 0, appliedMinor: 1003, settled: true });
  });

  it('leaves a balance open on partial payment', () => {
    const result = applyTenders({
      currency: 'USD',
      balanceDueMinor: 1000,
      tenders: [{ kind: 'gift_card', amountMinor: 600 }],
    });
    expect(result).toMatchObject({ paidMinor: 600, balanceRemainingMinor: 400, settled: false });
  });

  it('uses a store override of the cash increment', () => {
    const result = applyTenders({
      currency: 'EUR',
      cashIncrementMinor: 5,
      balanceDueMinor: 998,
      tenders: [{ kind: 'cash', amountMinor: 1000 }],
    });
    expect(result).toMatchObject({ appliedMinor: 1000, changeMinor: 0, cashRoundingMinor: 2 });
  });

  it('refuses a non-cash tender above the balance and any tender after settlement', () => {
    expect(() =>
      applyTenders({
        currency: 'USD',
        balanceDueMinor: 1000,
        tenders: [{ kind: 'card', amountMinor: 1001 }],
      }),
    ).toThrowError(expect.objectContaining({ code: 'pricing.tender_exceeds_balance' }));
    expect(() =>
      applyTenders({
        currency: 'USD',
        balanceDueMinor: 1000,
        tenders: [
          { kind: 'cash', amountMinor: 1000 },
          { kind: 'cash', amountMinor: 100 },
        ],
      }),
    ).toThrowError(expect.objectContaining({ code: 'pricing.tender_exceeds_balance' }));
  });

  it('refuses zero, negative and fractional tenders and unknown kinds', () => {
    const run = (tender: TenderInput) =>
      applyTenders({ currency: 'USD', balanceDueMinor: 1000, tenders: [tender] });
    expect(() => run({ kind: 'card', amountMinor: 0 })).toThrowError(
      expect.objectContaining({ code: 'pricing.invalid_amount' }),
    );
    expect(() => run({ kind: 'card', amountMinor: -1 })).toThrowError(
      expect.objectContaining({ code: 'pricing.negative_amount' }),
    );
    expect(() => run({ kind: 'cash', amountMinor: 0.5 })).toThrowError(
      expect.objectContaining({ code: 'pricing.invalid_amount' }),
    );
    expect(() => run({ kind: 'cheque' as TenderKind, amountMinor: 1 })).toThrowError(
      expect.objectContaining({ code: 'pricing.invalid_option' }),
    );
  });
});

const tenderPlan = fc.array(
  fc.record({
    kind: fc.constantFrom<TenderKind>(
      'cash',
      'card',
      'gift_card',
      'store_credit',
      'external',
      'other',
    ),
    // A fraction of what is still owed, or (for cash) more than it.
    fraction: fc.double({ min: 0, max: 3, noNaN: true }),
  }),
  { minLength: 1, maxLength: 6 },
);

describe('applyTenders: properties', () => {
  it('balances exactly, gives change only from cash and rounds only a settling cash tender', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CURRENCY_CODES),
        fc.integer({ min: 0, max: 10_000_000 }),
        tenderPlan,
        (code, due, plan) => {
          const currency = getCurrency(code);
          // Build tenders that are valid by construction: non-cash never above what is owed.
          const tenders: TenderInput[] = [];
          let owed = due;
          for (const step of plan) {
            if (owed <= 0) break;
            const wanted = Math.max(1, Math.floor(owed * step.fraction));
            const amount = step.kind === 'cash' ? wanted : Math.min(wanted, owed);
            tenders.push({ kind: step.kind, amountMinor: amount });
            const result = applyTenders({ currency, balanceDueMinor: due, tenders });
            owed = result.balanceRemainingMinor;
          }
          fc.pre(tenders.length > 0);
          const result = applyTenders({ currency, balanceDueMinor: due, tenders });
          expectWholeMoney(result);
          expect(result.paidMinor + result.balanceRemainingMinor).toBe(due);
          expect(result.appliedMinor).toBe(result.paidMinor + result.cashRoundingMinor);
          expect(sum(result.payments.map((p) => p.tenderedMinor))).toBe(
            result.appliedMinor + result.changeMinor,
          );
          expect(Math.abs(result.cashRoundingMinor) * 2).toBeLessThanOrEqual(
            currency.cashIncrementMinor,
          );
          for (const payment of result.payments) {
            expect(payment.appliedMinor + payment.changeMinor).toBe(payment.tenderedMinor);
            if (payment.kind !== 'cash') {
              expect(payment.changeMinor).toBe(0);
              expect(payment.cashRoundingMinor).toBe(0);
            }
          }
        },
      ),
    );
  });

  it('refuses every non-cash tender above the balance', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom<TenderKind>('card', 'gift_card', 'store_credit', 'external', 'other'),
        (due, excess, kind) => {
          expect(() =>
            applyTenders({
              currency: 'USD',
              balanceDueMinor: due,
              tenders: [{ kind, amountMinor: due + excess }],
            }),
          ).toThrowError(expect.objectContaining({ code: 'pricing.tender_exceeds_balance' }));
        },
      ),
    );
  });
});
