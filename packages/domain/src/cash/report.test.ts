import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeDrawer } from './drawer.ts';
import type { SessionActivity } from './report.ts';
import { closeSession, summarizeSession } from './report.ts';
import { activity, sum } from './test-support.ts';

const refused = (code: string) => expect.objectContaining({ code });

const shift: SessionActivity = {
  openingFloatMinor: 15_000,
  sales: [
    {
      status: 'completed',
      grossMinor: 2_000,
      lineDiscountMinor: 200,
      orderDiscountMinor: 0,
      subtotalMinor: 1_800,
      taxMinor: 160,
      totalMinor: 1_960,
      taxes: [
        { rateId: 'state', ratePpm: 40_000, taxableMinor: 1_800, taxMinor: 72 },
        { rateId: 'city', ratePpm: 45_000, taxableMinor: 1_800, taxMinor: 88 },
      ],
    },
    {
      status: 'completed',
      grossMinor: 5_000,
      lineDiscountMinor: 0,
      orderDiscountMinor: 500,
      subtotalMinor: 4_500,
      taxMinor: 180,
      totalMinor: 4_680,
      taxes: [{ rateId: 'state', ratePpm: 40_000, taxableMinor: 4_500, taxMinor: 180 }],
    },
    {
      status: 'voided',
      grossMinor: 999,
      lineDiscountMinor: 0,
      orderDiscountMinor: 0,
      subtotalMinor: 999,
      taxMinor: 0,
      totalMinor: 999,
      taxes: [],
    },
  ],
  payments: [
    { kind: 'cash', status: 'captured', appliedMinor: 1_960, cashRoundingMinor: 0 },
    { kind: 'cash', status: 'captured', appliedMinor: 2_000, cashRoundingMinor: 0 },
    { kind: 'external', status: 'captured', appliedMinor: 2_680, cashRoundingMinor: 0 },
    // The voided sale's cash went back to the customer.
    { kind: 'cash', status: 'reversed', appliedMinor: 999, cashRoundingMinor: 0 },
  ],
  refunds: [
    {
      subtotalMinor: 900,
      taxMinor: 80,
      totalMinor: 980,
      cashRoundingMinor: 0,
      taxes: [
        { rateId: 'state', ratePpm: 40_000, taxableMinor: 900, taxMinor: 36 },
        { rateId: 'city', ratePpm: 45_000, taxableMinor: 900, taxMinor: 44 },
      ],
    },
  ],
  refundPayments: [{ kind: 'cash', amountMinor: 980 }],
  movements: [
    { kind: 'pay_in', amountMinor: 5_000 },
    { kind: 'pay_out', amountMinor: 1_200 },
    { kind: 'pay_out', amountMinor: 300 },
    { kind: 'no_sale', amountMinor: 0 },
  ],
};

describe('summarizeSession (X report)', () => {
  it('reports a worked shift', () => {
    const report = summarizeSession(shift);
    expect(report.drawer).toEqual({
      openingFloatMinor: 15_000,
      cashSalesMinor: 3_960,
      cashRefundsMinor: 980,
      payInsMinor: 5_000,
      payOutsMinor: 1_500,
      cashInMinor: 8_960,
      cashOutMinor: 2_480,
      expectedMinor: 21_480,
    });
    expect(report.sales).toEqual({
      count: 2,
      grossMinor: 7_000,
      lineDiscountMinor: 200,
      orderDiscountMinor: 500,
      discountMinor: 700,
      subtotalMinor: 6_300,
      taxMinor: 340,
      totalMinor: 6_640,
    });
    expect(report.refunds).toEqual({
      count: 1,
      subtotalMinor: 900,
      taxMinor: 80,
      totalMinor: 980,
    });
    expect(report.netSalesMinor).toBe(5_660);
    expect(report.tenders).toEqual([
      {
        kind: 'cash',
        salesCount: 2,
        salesMinor: 3_960,
        refundsCount: 1,
        refundsMinor: 980,
        netMinor: 2_980,
      },
      {
        kind: 'external',
        salesCount: 1,
        salesMinor: 2_680,
        refundsCount: 0,
        refundsMinor: 0,
        netMinor: 2_680,
      },
    ]);
    expect(report.taxes).toEqual([
      {
        rateId: 'city',
        ratePpm: 45_000,
        salesTaxableMinor: 1_800,
        salesTaxMinor: 88,
        refundsTaxableMinor: 900,
        refundsTaxMinor: 44,
        netTaxMinor: 44,
      },
      {
        rateId: 'state',
        ratePpm: 40_000,
        salesTaxableMinor: 6_300,
        salesTaxMinor: 252,
        refundsTaxableMinor: 900,
        refundsTaxMinor: 36,
        netTaxMinor: 216,
      },
    ]);
    expect(report.payIns).toEqual({ count: 1, totalMinor: 5_000 });
    expect(report.payOuts).toEqual({ count: 2, totalMinor: 1_500 });
    expect(report.voidsCount).toBe(1);
    expect(report.noSaleCount).toBe(1);
  });

  it('reports an empty session as its float', () => {
    const report = summarizeSession({
      openingFloatMinor: 10_000,
      sales: [],
      payments: [],
      refunds: [],
      refundPayments: [],
      movements: [],
    });
    expect(report.drawer.expectedMinor).toBe(10_000);
    expect(report.sales.count).toBe(0);
    expect(report.tenders).toEqual([]);
    expect(report.taxes).toEqual([]);
  });

  it('has every total equal to the sum of the rows it came from', () => {
    fc.assert(
      fc.property(activity, (input) => {
        const report = summarizeSession(input);
        const completed = input.sales.filter((s) => s.status === 'completed');
        const captured = input.payments.filter((p) => p.status === 'captured');
        const cash = captured.filter((p) => p.kind === 'cash');
        const movements = (kind: string) => input.movements.filter((m) => m.kind === kind);

        expect(report.sales.count).toBe(completed.length);
        for (const field of [
          'grossMinor',
          'lineDiscountMinor',
          'orderDiscountMinor',
          'subtotalMinor',
          'taxMinor',
          'totalMinor',
        ] as const)
          expect(report.sales[field], field).toBe(sum(completed.map((s) => s[field])));
        expect(report.sales.discountMinor).toBe(
          report.sales.lineDiscountMinor + report.sales.orderDiscountMinor,
        );
        expect(report.refunds.totalMinor).toBe(sum(input.refunds.map((r) => r.totalMinor)));
        expect(report.refunds.taxMinor).toBe(sum(input.refunds.map((r) => r.taxMinor)));
        expect(report.netSalesMinor).toBe(report.sales.totalMinor - report.refunds.totalMinor);

        // Tenders: every captured payment and every refund payment lands in exactly one row.
        expect(sum(report.tenders.map((t) => t.salesMinor))).toBe(
          sum(captured.map((p) => p.appliedMinor)),
        );
        expect(sum(report.tenders.map((t) => t.salesCount))).toBe(captured.length);
        expect(sum(report.tenders.map((t) => t.refundsMinor))).toBe(
          sum(input.refundPayments.map((p) => p.amountMinor)),
        );
        for (const tender of report.tenders)
          expect(tender.netMinor).toBe(tender.salesMinor - tender.refundsMinor);

        // Taxes: per rate, summed from the documents' rate rows; they add up to the tax charged.
        expect(sum(report.taxes.map((t) => t.salesTaxMinor))).toBe(report.sales.taxMinor);
        expect(sum(report.taxes.map((t) => t.refundsTaxMinor))).toBe(report.refunds.taxMinor);
        expect(sum(report.taxes.map((t) => t.salesTaxableMinor))).toBe(
          sum(completed.flatMap((s) => s.taxes.map((r) => r.taxableMinor))),
        );
        for (const tax of report.taxes)
          expect(tax.netTaxMinor).toBe(tax.salesTaxMinor - tax.refundsTaxMinor);

        // The drawer is the one computation over the cash rows.
        const cashTender = report.tenders.find((t) => t.kind === 'cash');
        expect(report.drawer.cashSalesMinor).toBe(cashTender?.salesMinor ?? 0);
        expect(report.drawer.cashRefundsMinor).toBe(cashTender?.refundsMinor ?? 0);
        expect(report.drawer.payInsMinor).toBe(sum(movements('pay_in').map((m) => m.amountMinor)));
        expect(report.drawer.payOutsMinor).toBe(
          sum(movements('pay_out').map((m) => m.amountMinor)),
        );
        expect(report.drawer).toEqual(computeDrawer(report.drawer));
        expect(report.drawer.expectedMinor).toBe(
          input.openingFloatMinor +
            report.drawer.cashSalesMinor +
            report.drawer.payInsMinor -
            report.drawer.cashRefundsMinor -
            report.drawer.payOutsMinor,
        );
        expect(report.payIns.count + report.payOuts.count + report.noSaleCount).toBe(
          input.movements.length,
        );
        expect(report.voidsCount + report.sales.count).toBe(input.sales.length);
        expect(report.cashRounding.salesMinor).toBe(sum(cash.map((p) => p.cashRoundingMinor)));
        expect(report.cashRounding.netMinor).toBe(
          report.cashRounding.salesMinor - report.cashRounding.refundsMinor,
        );
      }),
    );
  });

  it('refuses negative or fractional rows rather than reporting them', () => {
    const [first] = shift.sales;
    if (!first) throw new Error('fixture');
    expect(() =>
      summarizeSession({ ...shift, sales: [{ ...first, totalMinor: -1 }] }),
    ).toThrowError(refused('cash.invalid_amount'));
    expect(() =>
      summarizeSession({ ...shift, movements: [{ kind: 'pay_out', amountMinor: 0.5 }] }),
    ).toThrowError(refused('cash.invalid_amount'));
  });
});

describe('closeSession (Z report)', () => {
  it('is the X report plus the count, with counted = expected + over/short', () => {
    fc.assert(
      fc.property(activity, fc.integer({ min: 0, max: 1e13 }), (input, counted) => {
        const z = closeSession(input, counted);
        const { count, ...figures } = z;
        expect(figures).toEqual(summarizeSession(input));
        expect(count.expectedMinor).toBe(z.drawer.expectedMinor);
        expect(count.countedMinor).toBe(counted);
        expect(count.overShortMinor).toBe(counted - z.drawer.expectedMinor);
      }),
    );
  });

  it('reports over and short', () => {
    expect(closeSession(shift, 21_600).count.overShortMinor).toBe(120);
    expect(closeSession(shift, 21_400).count.overShortMinor).toBe(-80);
    expect(closeSession(shift, 21_480).count.overShortMinor).toBe(0);
  });
});
