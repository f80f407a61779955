import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatReceiptMoney } from '../receipt/format.ts';
import { textWidth } from '../receipt/printable.ts';
import { InvalidCashReportError } from './check.ts';
import { cashReportLayout } from './layout.ts';
import type { CashReport } from './model.ts';
import { cashReportArbitrary, sampleXReport, sampleZReport } from './test-support.ts';
import { renderCashReportText } from './text.ts';

const COLUMNS = [32, 42, 48] as const;

/** The printed line that starts with `label`, or an error naming what was printed. */
function row(text: string, label: string): string {
  const found = text.split('\n').find((line) => line.trimStart().startsWith(label));
  if (found === undefined) throw new Error(`No line starts with ${label}:\n${text}`);
  return found;
}

describe('renderCashReportText', () => {
  it('prints the Z report a store staples to the cash bag', () => {
    const text = renderCashReportText(sampleZReport(), { columns: 42 });
    expect(text).toContain('*** Z REPORT ***');
    expect(text).toContain('Main Street Market');
    expect(row(text, 'Register')).toMatch(/ Front till$/);
    expect(row(text, 'Opened by')).toMatch(/ Casey Cashier$/);
    expect(row(text, 'Closed by')).toMatch(/ Morgan Manager$/);
    // 6:05 PM in Chicago is 00:05 UTC the next day.
    expect(row(text, 'Closed ')).toMatch(/ Mar 1, 2025, 6:05 PM$/);
    expect(row(text, 'Opening float')).toMatch(/ \$150\.00$/);
    expect(row(text, 'Cash sales')).toMatch(/ \+\$84\.50$/);
    expect(row(text, 'Cash refunds')).toMatch(/ -\$12\.00$/);
    expect(row(text, 'Pay-ins (1)')).toMatch(/ \+\$20\.00$/);
    expect(row(text, 'Change top-up')).toMatch(/ \$20\.00$/);
    expect(row(text, 'Pay-outs (1)')).toMatch(/ -\$7\.50$/);
    expect(row(text, 'Window cleaner')).toMatch(/ \$7\.50$/);
    expect(row(text, 'No-sale opens')).toMatch(/ 2$/);
    expect(row(text, 'EXPECTED IN DRAWER')).toMatch(/ \$235\.00$/);
    expect(row(text, '5 x $20.00')).toMatch(/ \$100\.00$/);
    expect(row(text, '3 x $0.05')).toMatch(/ \$0\.15$/);
    expect(text).not.toContain('0 x $0.01');
    expect(row(text, 'COUNTED')).toMatch(/ \$231\.65$/);
    expect(row(text, 'SHORT')).toMatch(/ -\$3\.35$/);
    expect(row(text, 'Note:')).toBe('Note: Float counted twice');
    expect(row(text, 'Cash (4)')).toMatch(/ \$84\.50$/);
    expect(row(text, 'Card (3)')).toMatch(/ \$114\.75$/);
    expect(row(text, 'Net sales')).toMatch(/ \$187\.25$/);
    expect(row(text, 'State sales tax 8.25%')).toMatch(/ \$14\.28$/);
    expect(row(text, 'on sales of')).toMatch(/ \$184\.06$/);
    expect(row(text, 'refunded')).toMatch(/ -\$0\.91$/);
    expect(text).toContain('0197a3c4-5e6f-7a8b-9c0d-aabbccddeeff');
    expect(text).not.toContain('REPRINT');
  });

  it('prints an X report as of now, without a count', () => {
    const text = renderCashReportText(sampleXReport(), { columns: 32 });
    expect(text).toContain('*** X REPORT ***');
    expect(row(text, 'As of')).toMatch(/ Mar 1, 2025, 1:30 PM$/);
    expect(row(text, 'EXPECTED IN DRAWER')).toMatch(/ \$235\.00$/);
    expect(text).not.toMatch(/COUNTED|SHORT|OVER|Closed/);
  });

  it('names an even drawer and an over drawer as such', () => {
    const z = sampleZReport();
    if (!z.closing) throw new Error('sample Z has a closing');
    const even = {
      ...z.closing,
      expectedMinor: 23_165,
      overShortMinor: 0,
      changedSinceClose: true,
    };
    const evenText = renderCashReportText({ ...z, closing: even }, { columns: 42 });
    expect(row(evenText, 'OVER/SHORT')).toMatch(/ \$0\.00$/);
    expect(row(evenText, 'EXPECTED AT CLOSE')).toMatch(/ \$231\.65$/);
    expect(evenText).toContain('Documents changed after the close');
    const over = {
      ...z.closing,
      expectedMinor: 23_000,
      overShortMinor: 165,
      changedSinceClose: true,
    };
    expect(row(renderCashReportText({ ...z, closing: over }, { columns: 42 }), 'OVER')).toMatch(
      / \+\$1\.65$/,
    );
  });

  it('marks a reprint', () => {
    const text = renderCashReportText(sampleZReport(), { columns: 48, copy: 'reprint' });
    expect(text).toContain('*** REPRINT ***');
  });

  it('refuses to render a report whose figures do not add up', () => {
    const report = sampleXReport();
    const wrong: CashReport = { ...report, drawer: { ...report.drawer, payOutsMinor: 0 } };
    expect(() => renderCashReportText(wrong, { columns: 42 })).toThrow(InvalidCashReportError);
  });

  it('refuses a width no printer has', () => {
    expect(() => cashReportLayout(sampleXReport(), { columns: 12, copy: 'original' })).toThrow(
      RangeError,
    );
  });

  it('never prints a line wider than the paper, whatever the names', () => {
    fc.assert(
      fc.property(cashReportArbitrary, fc.constantFrom(...COLUMNS), (report, columns) => {
        for (const line of renderCashReportText(report, { columns }).split('\n'))
          expect(textWidth(line)).toBeLessThanOrEqual(columns);
      }),
      { numRuns: 300 },
    );
  });

  it('shows every figure exactly as the model carries it', () => {
    fc.assert(
      fc.property(cashReportArbitrary, fc.constantFrom(...COLUMNS), (report, columns) => {
        const money = (minor: number, signed = false) =>
          formatReceiptMoney(minor, report.currency, report.locale, { signed });
        const rows = cashReportLayout(report, { columns, copy: 'original' }).flatMap((block) =>
          block.kind === 'row' ? [block] : [],
        );
        const amounts = (role: string) =>
          rows.filter((entry) => entry.role === role).map((entry) => entry.amount);
        const { drawer, closing } = report;
        expect(amounts('drawer')).toEqual([
          money(drawer.openingFloatMinor),
          money(drawer.cashSalesMinor, true),
          money(-drawer.cashRefundsMinor, true),
          money(drawer.payInsMinor, true),
          money(-drawer.payOutsMinor, true),
        ]);
        expect(amounts('tender')).toEqual(report.tenders.map((t) => money(t.salesMinor)));
        expect(amounts('sales')).toEqual([
          money(report.sales.totalMinor),
          money(-report.refunds.totalMinor),
          money(report.netSalesMinor),
        ]);
        expect(amounts('movement')).toEqual(
          report.movements
            ? [
                ...report.movements.filter((m) => m.kind === 'pay_in'),
                ...report.movements.filter((m) => m.kind === 'pay_out'),
              ].map((m) => money(m.amountMinor))
            : [],
        );
        const expectedRows = [money(drawer.expectedMinor)];
        if (closing?.changedSinceClose) expectedRows.push(money(closing.expectedMinor));
        expect(amounts('expected')).toEqual(expectedRows);
        expect(amounts('counted')).toEqual(closing ? [money(closing.countedMinor)] : []);
        expect(amounts('over-short')).toEqual(closing ? [money(closing.overShortMinor, true)] : []);
        expect(amounts('denomination')).toEqual(
          (closing?.denominations ?? [])
            .filter((line) => line.count > 0)
            .map((line) => money(line.valueMinor * line.count)),
        );
        // The printed text carries each of those amounts on the row's first line.
        for (const entry of rows)
          if (entry.amount !== '' && textWidth(entry.amount) < columns - 9)
            expect(entry.lines[0]?.endsWith(entry.amount)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
