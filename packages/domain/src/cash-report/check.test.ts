import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertValidCashReport, checkCashReport, InvalidCashReportError } from './check.ts';
import type { CashReport } from './model.ts';
import { cashReportArbitrary, sampleXReport, sampleZReport } from './test-support.ts';

const paths = (report: CashReport) => checkCashReport(report).map((problem) => problem.path);

describe('checkCashReport', () => {
  it('accepts the sample X and Z reports', () => {
    expect(checkCashReport(sampleXReport())).toEqual([]);
    expect(checkCashReport(sampleZReport())).toEqual([]);
  });

  it('accepts every report whose figures add up', () => {
    fc.assert(
      fc.property(cashReportArbitrary, (report) => {
        expect(checkCashReport(report)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses an expected amount that is not float + sales − refunds + pay-ins − pay-outs', () => {
    const report = sampleXReport();
    const wrong = { ...report, drawer: { ...report.drawer, expectedMinor: 23_501 } };
    expect(checkCashReport(wrong)).toEqual([
      {
        path: 'drawer.expectedMinor',
        message: 'is 23501, but float + cash sales − cash refunds + pay-ins − pay-outs is 23500',
      },
    ]);
  });

  it('refuses an over/short that is not counted − expected', () => {
    const report = sampleZReport();
    if (!report.closing) throw new Error('sample Z has a closing');
    expect(paths({ ...report, closing: { ...report.closing, overShortMinor: 335 } })).toEqual([
      'closing.overShortMinor',
    ]);
  });

  it('refuses a counted amount the denomination lines do not make', () => {
    const report = sampleZReport();
    if (!report.closing) throw new Error('sample Z has a closing');
    const denominations = report.closing.denominations.map((line) =>
      line.valueMinor === 5 ? { ...line, count: 4 } : line,
    );
    expect(paths({ ...report, closing: { ...report.closing, denominations } })).toEqual([
      'closing.countedMinor',
    ]);
  });

  it('refuses an expected-at-close that differs from the drawer unless documents changed', () => {
    const report = sampleZReport();
    if (!report.closing) throw new Error('sample Z has a closing');
    const moved = { ...report.closing, expectedMinor: 23_000, overShortMinor: 165 };
    expect(paths({ ...report, closing: moved })).toEqual(['closing.expectedMinor']);
    expect(paths({ ...report, closing: { ...moved, changedSinceClose: true } })).toEqual([]);
  });

  it('refuses movements that do not add up to the pay-in and pay-out totals', () => {
    const report = sampleXReport();
    const movements = [{ kind: 'pay_in' as const, amountMinor: 1_999, reason: 'Top-up' }];
    expect(paths({ ...report, movements })).toEqual([
      'drawer.payInsMinor',
      'drawer.payOutsMinor',
      'payOutsCount',
    ]);
    expect(paths({ ...report, movements: null })).toEqual([]);
  });

  it('refuses cash tender figures that disagree with the drawer', () => {
    const report = sampleXReport();
    const tenders = report.tenders.filter((tender) => tender.kind !== 'cash');
    expect(paths({ ...report, tenders })).toEqual([
      'drawer.cashSalesMinor',
      'drawer.cashRefundsMinor',
    ]);
  });

  it('refuses net sales and tender nets that are not sales − refunds', () => {
    const report = sampleXReport();
    const tenders = report.tenders.map((tender) => ({ ...tender, netMinor: tender.salesMinor }));
    expect(paths({ ...report, netSalesMinor: 1, tenders })).toEqual([
      'netSalesMinor',
      'tenders[0].netMinor',
    ]);
  });

  it('refuses a net tax that is not the sales tax less the tax refunded', () => {
    const report = sampleXReport();
    const taxes = report.taxes.map((tax) => ({ ...tax, netTaxMinor: tax.salesTaxMinor }));
    expect(paths({ ...report, taxes })).toEqual(['taxes[0].netTaxMinor']);
    const negative = report.taxes.map((tax) => ({ ...tax, refundsTaxMinor: -1 }));
    expect(paths({ ...report, taxes: negative })).toEqual(['taxes[0].refundsTaxMinor']);
  });

  it('refuses fractional, unsafe and negative figures before adding anything up', () => {
    const report = sampleXReport();
    expect(
      paths({
        ...report,
        drawer: { ...report.drawer, cashSalesMinor: 10.5, payOutsMinor: -1 },
        voidsCount: Number.MAX_SAFE_INTEGER + 2,
      }),
    ).toEqual(['drawer.cashSalesMinor', 'drawer.payOutsMinor', 'voidsCount']);
  });

  it('refuses a Z without a count, an X with one, and unknown currency, locale and zone', () => {
    const z = sampleZReport();
    expect(paths({ ...z, closing: null })).toEqual(['closing']);
    expect(paths({ ...z, kind: 'x' })).toEqual(['closing']);
    expect(
      paths({ ...sampleXReport(), currency: 'XXX', locale: 'not a locale', timeZone: 'Mars/Base' }),
    ).toEqual(['currency', 'locale', 'timeZone']);
    expect(paths({ ...sampleXReport(), storeName: ' ', openedAt: 'yesterday' })).toEqual([
      'storeName',
      'openedAt',
    ]);
  });

  it('assertValidCashReport throws cash_report.invalid with every problem', () => {
    const report = sampleXReport();
    let thrown: unknown;
    try {
      assertValidCashReport({ ...report, netSalesMinor: 0, registerName: '' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidCashReportError);
    if (thrown instanceof InvalidCashReportError) {
      expect(thrown.code).toBe('cash_report.invalid');
      expect(thrown.problems.map((problem) => problem.path)).toEqual([
        'registerName',
        'netSalesMinor',
      ]);
    }
  });
});
