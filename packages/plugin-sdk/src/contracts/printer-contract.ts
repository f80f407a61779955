import { formatReceiptMoney } from '@tillpoint/domain';
import { Value } from 'typebox/value';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PluginContext } from '../context.ts';
import type { Plugin } from '../define.ts';
import { isPluginError, PLUGIN_ERROR_CODES } from '../errors.ts';
import { ESC_POS_CONTENT_TYPE, type PrinterAdapter } from '../printer.ts';
import {
  invalidCashReport,
  SAMPLE_PAY_OUT_REASON,
  sampleCashReport,
} from './sample-cash-report.ts';
import { invalidReceipt, sampleReceipt } from './sample-receipt.ts';

// What every printer plugin promises, checked by reading back the bytes it produces: a plugin
// brings a decoder for its printer language, and the suite asserts on what would come out on
// paper (text lines, drawer kick, cut), never on how the bytes happen to be arranged.

/** What a job would do on the printer. */
export interface DecodedPrintJob {
  /** Printed text lines, top to bottom (trailing spaces may be kept). */
  readonly lines: readonly string[];
  readonly opensDrawer: boolean;
  readonly cut: boolean;
}

export interface PrinterContractSetup {
  readonly plugin: Plugin<'printer'>;
  /** A configuration the plugin's schema accepts. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly context: PluginContext;
  decode(bytes: Uint8Array): DecodedPrintJob;
}

export function describePrinterContract(
  name: string,
  setup: () => Promise<PrinterContractSetup>,
): void {
  describe(`printer contract: ${name}`, () => {
    let subject: PrinterContractSetup;
    let adapter: PrinterAdapter;
    const receipt = sampleReceipt();
    const total = formatReceiptMoney(receipt.totalMinor, receipt.currency, receipt.locale);
    const text = (lines: readonly string[]) => lines.join('\n');

    beforeAll(async () => {
      subject = await setup();
      adapter = subject.plugin.create(subject.context, subject.config);
    });

    it('is a printer plugin whose configuration passes its own schema', () => {
      const { plugin, config } = subject;
      expect(plugin.kind).toBe('printer');
      expect(plugin.key.startsWith('printer-')).toBe(true);
      expect(plugin.configSchema.type).toBe('object');
      expect(Value.Check(plugin.configSchema, config)).toBe(true);
      expect([58, 80]).toContain(adapter.paperWidthMm);
      expect(Number.isInteger(adapter.columns) && adapter.columns >= 24).toBe(true);
    });

    it('prints the receipt number and the total', () => {
      const job = adapter.renderReceipt(receipt, { copy: 'customer', openDrawer: false });
      expect(job.contentType).toBe(ESC_POS_CONTENT_TYPE);
      const printed = text(subject.decode(job.bytes).lines);
      expect(printed).toContain(receipt.receiptNumber);
      expect(printed).toContain(total);
      expect(printed).toContain(receipt.store.name);
    });

    it('fits every line within its columns, for every copy', () => {
      for (const copy of ['customer', 'merchant', 'gift', 'reprint'] as const) {
        const job = adapter.renderReceipt(receipt, { copy, openDrawer: false });
        for (const line of subject.decode(job.bytes).lines)
          expect([...line.trimEnd()].length, `"${line}" (${copy})`).toBeLessThanOrEqual(
            adapter.columns,
          );
      }
    });

    it('prints no total and no price on a gift copy', () => {
      const job = adapter.renderReceipt(receipt, { copy: 'gift', openDrawer: false });
      const printed = text(subject.decode(job.bytes).lines);
      expect(printed).toContain(receipt.receiptNumber);
      expect(printed).not.toContain(total);
      for (const line of receipt.lines)
        expect(printed).not.toContain(
          formatReceiptMoney(line.grossMinor, receipt.currency, receipt.locale),
        );
    });

    it('kicks the drawer only when asked', () => {
      const quiet = adapter.renderReceipt(receipt, { copy: 'customer', openDrawer: false });
      expect(quiet.opensDrawer).toBe(false);
      expect(subject.decode(quiet.bytes).opensDrawer).toBe(false);
      const kick = adapter.renderReceipt(receipt, { copy: 'customer', openDrawer: true });
      expect(kick.opensDrawer).toBe(true);
      expect(subject.decode(kick.bytes).opensDrawer).toBe(true);
    });

    it('opens the drawer without printing anything', () => {
      const job = adapter.openDrawer();
      expect(job.opensDrawer).toBe(true);
      const decoded = subject.decode(job.bytes);
      expect(decoded.opensDrawer).toBe(true);
      expect(decoded.lines.filter((line) => line.trim() !== '')).toEqual([]);
      expect(decoded.cut).toBe(false);
    });

    it('prints a test page naming the store', () => {
      const job = adapter.renderTestPage('Café Crème');
      expect(job.opensDrawer).toBe(false);
      expect(text(subject.decode(job.bytes).lines)).toContain('Café Crème');
    });

    it('refuses an invalid receipt with document.invalid', () => {
      let thrown: unknown;
      try {
        adapter.renderReceipt(invalidReceipt(), { copy: 'customer', openDrawer: true });
      } catch (error) {
        thrown = error;
      }
      expect(isPluginError(thrown)).toBe(true);
      if (isPluginError(thrown)) {
        expect(thrown.code).toBe(PLUGIN_ERROR_CODES.invalidDocument);
        expect(thrown.retryable).toBe(false);
      }
    });

    describe('cash reports', () => {
      const report = sampleCashReport();
      const money = (minor: number, signed = false) =>
        formatReceiptMoney(minor, report.currency, report.locale, { signed });

      it('prints a Z report with the drawer, the count and the over/short', () => {
        const job = adapter.renderCashReport(report, { copy: 'original' });
        expect(job.contentType).toBe(ESC_POS_CONTENT_TYPE);
        const decoded = subject.decode(job.bytes);
        const printed = text(decoded.lines);
        expect(printed).toContain('Z REPORT');
        expect(printed).toContain(report.storeName);
        expect(printed).toContain(report.registerName);
        expect(printed).toContain(money(report.drawer.expectedMinor));
        expect(printed).toContain(money(report.closing?.countedMinor ?? Number.NaN));
        expect(printed).toContain(money(report.closing?.overShortMinor ?? Number.NaN, true));
        expect(printed).not.toContain('REPRINT');
      });

      it('prints an X report without a count', () => {
        const x = sampleCashReport({ kind: 'x', closing: null });
        const printed = text(
          subject.decode(adapter.renderCashReport(x, { copy: 'original' }).bytes).lines,
        );
        expect(printed).toContain('X REPORT');
        expect(printed).toContain(money(x.drawer.expectedMinor));
        expect(printed).not.toContain('Z REPORT');
      });

      it('fits every line within its columns and keeps every word of a long reason', () => {
        for (const copy of ['original', 'reprint'] as const) {
          const decoded = subject.decode(adapter.renderCashReport(report, { copy }).bytes);
          for (const line of decoded.lines)
            expect([...line.trimEnd()].length, `"${line}" (${copy})`).toBeLessThanOrEqual(
              adapter.columns,
            );
          const flowing = decoded.lines.map((line) => line.trim()).join(' ');
          for (const word of SAMPLE_PAY_OUT_REASON.split(' ')) expect(flowing).toContain(word);
          if (copy === 'reprint') expect(text(decoded.lines)).toContain('REPRINT');
        }
      });

      it('never kicks the drawer', () => {
        const job = adapter.renderCashReport(report, { copy: 'original' });
        expect(job.opensDrawer).toBe(false);
        expect(subject.decode(job.bytes).opensDrawer).toBe(false);
      });

      it('refuses a report whose figures do not add up with document.invalid', () => {
        let thrown: unknown;
        try {
          adapter.renderCashReport(invalidCashReport(), { copy: 'original' });
        } catch (error) {
          thrown = error;
        }
        expect(isPluginError(thrown)).toBe(true);
        if (isPluginError(thrown)) {
          expect(thrown.code).toBe(PLUGIN_ERROR_CODES.invalidDocument);
          expect(thrown.retryable).toBe(false);
        }
      });
    });

    it('answers a connection check', async () => {
      const check = await adapter.testConnection();
      expect(typeof check.ok).toBe('boolean');
      expect(check.message.length).toBeGreaterThan(0);
    });
  });
}
