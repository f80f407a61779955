import { type CashReport, formatReceiptMoney } from '@tillpoint/domain';
import { isPluginError, PLUGIN_ERROR_CODES, testPluginContext } from '@tillpoint/plugin-sdk';
import { invalidCashReport, sampleCashReport } from '@tillpoint/plugin-sdk/contracts';
import { describe, expect, it } from 'vitest';
import type { EscPosConfig } from './config.ts';
import { escposPlugin } from './index.ts';
import { codepageTableOf, decodeEscPos } from './testing/index.ts';

function print(
  report: CashReport,
  config: EscPosConfig,
  copy: 'original' | 'reprint' = 'original',
) {
  const adapter = escposPlugin.create(testPluginContext(), config);
  const job = adapter.renderCashReport(report, { copy });
  return { job, decoded: decodeEscPos(job.bytes), adapter };
}

const money = (report: CashReport, minor: number, signed = false) =>
  formatReceiptMoney(minor, report.currency, report.locale, { signed });

describe('renderCashReport (ESC/POS)', () => {
  it.each([
    [58, 32],
    [80, 48],
  ] as const)(
    'prints the whole Z report on %i mm paper within %i columns',
    (paperWidthMm, columns) => {
      const report = sampleCashReport();
      const { decoded, job } = print(report, { paperWidthMm });
      const row = (label: string) =>
        decoded.lines.find((line) => line.trimStart().startsWith(label)) ?? '';
      expect(decoded.initialized).toBe(true);
      expect(decoded.unknown).toEqual([]);
      expect(decoded.lines.join('\n')).toContain('*** Z REPORT ***');
      expect(decoded.lines.join('\n')).toContain('Café Crème');
      expect(row('Opened by')).toMatch(/ Dana Öztürk$/);
      expect(row('Closed by')).toMatch(/ Émile Gérant$/);
      expect(row('Opening float')).toMatch(/ €100\.00$/);
      expect(row('Cash sales')).toMatch(/ \+€45\.90$/);
      expect(row('Cash refunds')).toMatch(/ -€4\.50$/);
      expect(row('Pay-outs (1)')).toMatch(/ -€15\.00$/);
      expect(row('EXPECTED IN DRAWER')).toMatch(/ €126\.40$/);
      expect(row('5 x €10.00')).toMatch(/ €50\.00$/);
      expect(row('COUNTED')).toMatch(/ €125\.00$/);
      expect(row('SHORT')).toMatch(/ -€1\.40$/);
      for (const line of decoded.printedLines) expect(line.columns).toBeLessThanOrEqual(columns);
      // What the bag is checked against stands out: bold, double height.
      const shortLine = decoded.printedLines.find((line) => line.text.startsWith('SHORT'));
      expect(shortLine?.bold).toBe(true);
      expect(shortLine?.heightScale).toBe(2);
      const title = decoded.printedLines.find((line) => line.text.includes('Café Crème'));
      expect(title?.widthScale).toBe(2);
      expect(job.opensDrawer).toBe(false);
      expect(decoded.drawerPulses).toEqual([]);
      expect(decoded.cuts).toBe(1);
    },
  );

  it('prints an X report on a printer without a cutter: fed to tear off, no cut', () => {
    const report = sampleCashReport({ kind: 'x', closing: null });
    const { decoded } = print(report, { paperWidthMm: 80, cutter: false });
    const text = decoded.lines.join('\n');
    expect(text).toContain('*** X REPORT ***');
    expect(text).toContain(money(report, report.drawer.expectedMinor));
    expect(text).not.toMatch(/COUNTED|SHORT/);
    expect(decoded.cuts).toBe(0);
  });

  it('prints accented names and the euro sign through the configured code page', () => {
    const report = sampleCashReport();
    const { decoded } = print(report, {
      paperWidthMm: 80,
      printerModel: 'epson-tm-t88vi',
      codepage: 'cp858',
    });
    expect(decoded.codepages).toContain('cp858');
    const text = decoded.lines.join('\n');
    expect(text).toContain('Émile Gérant');
    expect(text).toContain(money(report, report.closing?.countedMinor ?? 0));
    for (const line of decoded.printedLines) expect(line.columns).toBeLessThanOrEqual(42);
  });

  it('decodes a Star printer job with its own code page table', () => {
    const { job } = print(sampleCashReport(), { paperWidthMm: 58, printerModel: 'star-mc-print2' });
    const decoded = decodeEscPos(job.bytes, { codepageTable: codepageTableOf('star-mc-print2') });
    expect(decoded.lines.join('\n')).toContain('Café Crème');
    expect(decoded.lines.join('\n')).toContain('Émile Gérant');
    for (const line of decoded.printedLines) expect(line.columns).toBeLessThanOrEqual(32);
  });

  it('marks a reprint', () => {
    const { decoded } = print(sampleCashReport(), { paperWidthMm: 80 }, 'reprint');
    expect(decoded.lines.join('\n')).toContain('*** REPRINT ***');
  });

  it('refuses a report whose figures do not add up, naming the problem', () => {
    let thrown: unknown;
    try {
      print(invalidCashReport(), { paperWidthMm: 80 });
    } catch (error) {
      thrown = error;
    }
    expect(isPluginError(thrown)).toBe(true);
    if (isPluginError(thrown)) {
      expect(thrown.code).toBe(PLUGIN_ERROR_CODES.invalidDocument);
      expect(thrown.message).toContain('closing.overShortMinor');
    }
  });
});
