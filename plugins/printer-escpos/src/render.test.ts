import { documentIdFromDigits, formatReceiptMoney, type Receipt } from '@tillpoint/domain';
import { isPluginError, PLUGIN_ERROR_CODES } from '@tillpoint/plugin-sdk';
import { SAMPLE_LONG_NAME, sampleReceipt } from '@tillpoint/plugin-sdk/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EscPosConfig, PRINTER_MODELS } from './config.ts';
import { type EscPosRenderOptions, renderEscPos } from './render.ts';
import { codepageTableOf, decodeEscPos } from './testing/index.ts';

const customer = { copy: 'customer', openDrawer: false } as const;

function render(receipt: Receipt, options: Partial<EscPosRenderOptions> = {}) {
  const job = renderEscPos(receipt, { paperWidthMm: 80, ...customer, ...options });
  return { job, decoded: decodeEscPos(job.bytes) };
}

function printedText(receipt: Receipt, options: Partial<EscPosRenderOptions> = {}): string {
  return render(receipt, options).decoded.lines.join('\n');
}

const money = (receipt: Receipt, minor: number) =>
  formatReceiptMoney(minor, receipt.currency, receipt.locale);

describe('renderEscPos', () => {
  it.each([
    [58, 32],
    [80, 48],
  ] as const)(
    'prints the whole receipt on %i mm paper within %i columns',
    (paperWidthMm, columns) => {
      const receipt = sampleReceipt();
      const { decoded } = render(receipt, { paperWidthMm });
      const text = decoded.lines.join('\n');
      expect(decoded.initialized).toBe(true);
      expect(decoded.unknown).toEqual([]);
      expect(text).toContain('Café Crème');
      for (const line of receipt.lines) {
        expect(text).toContain(line.description.split(' ')[0]);
        expect(text).toContain(money(receipt, line.grossMinor));
      }
      const row = (label: string) => decoded.lines.find((line) => line.startsWith(label)) ?? '';
      expect(row('TOTAL')).toMatch(/ €34\.59$/);
      expect(row('  incl. VAT 23%')).toMatch(/ €6\.47$/);
      expect(row('Visa •••• 4242')).toMatch(/ €20\.00$/);
      expect(row('Cash ')).toMatch(/ €20\.00$/);
      expect(row('Change')).toMatch(/ €5\.41$/);
      expect(row('Receipt')).toMatch(/ 0003-000123$/);
      for (const line of decoded.printedLines) expect(line.columns).toBeLessThanOrEqual(columns);
      // The store name is printed double size; the total double height.
      const title = decoded.printedLines.find((line) => line.text.includes('Café Crème'));
      expect(title?.widthScale).toBe(2);
      expect(decoded.printedLines.find((line) => line.text.startsWith('TOTAL'))?.bold).toBe(true);
    },
  );

  it('never prints past the paper edge, whatever the names', () => {
    const word = fc.oneof(
      fc.constantFrom('Crème', 'brûlée', '€', 'Äpfel', 'x', 'Visa •••• 4242'),
      fc.string({ unit: fc.constantFrom('a', 'é', 'W', '-'), minLength: 1, maxLength: 60 }),
    );
    const name = fc.array(word, { minLength: 1, maxLength: 8 }).map((words) => words.join(' '));
    fc.assert(
      fc.property(
        name,
        name,
        fc.constantFrom(58 as const, 80 as const),
        fc.constantFrom(
          'customer' as const,
          'gift' as const,
          'merchant' as const,
          'reprint' as const,
        ),
        (storeName, description, paperWidthMm, copy) => {
          const base = sampleReceipt();
          const receipt = sampleReceipt({
            store: { ...base.store, name: storeName },
            lines: base.lines.map((line, index) => (index === 0 ? { ...line, description } : line)),
            customerName: description,
          });
          const { decoded } = render(receipt, { paperWidthMm, copy });
          const columns = paperWidthMm === 58 ? 32 : 48;
          for (const line of decoded.printedLines)
            expect(line.columns).toBeLessThanOrEqual(columns);
          expect(decoded.unknown).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('selects a code page that has the accents and the euro sign, and decodes back to them', () => {
    const { decoded } = render(sampleReceipt());
    expect(decoded.codepages).toEqual(['windows1252']);
    const text = decoded.lines.join('\n');
    expect(text).toContain('Crème brûlée');
    expect(text).toContain('Äpfel (Elstar)');
    expect(text).toContain('€34.59');
  });

  it('switches code page for text the first page lacks', () => {
    const base = sampleReceipt();
    const receipt = sampleReceipt({
      lines: base.lines.map((line, index) =>
        index === 1 ? { ...line, description: 'Żółć ser' } : line,
      ),
    });
    const { decoded } = render(receipt);
    expect(decoded.codepages).toContain('windows1250');
    expect(decoded.lines.join('\n')).toContain('Żółć ser');
    expect(decoded.unknown).toEqual([]);
  });

  it('a fixed code page: ESC t selects it, and glyphs it keeps on control bytes are replaced', () => {
    const { decoded } = render(sampleReceipt(), { codepage: 'cp858' });
    expect(new Set(decoded.codepages)).toEqual(new Set(['cp858']));
    const text = decoded.lines.join('\n');
    expect(text).toContain('Crème brûlée');
    expect(text).toContain('€34.59');
    // cp858 has "•" only on 0x07 (BEL): printed as "*" rather than ringing the bell.
    expect(text).toContain('Visa **** 4242');
    expect(decoded.unknown).toEqual([]);
  });

  it('never sends a control byte for a glyph, on a printer without windows-1252', () => {
    const { decoded } = render(sampleReceipt({ footerLines: ['§ 14 UStG ¶ ♥'] }), {
      printerModel: 'metapace-t1',
    });
    expect(decoded.unknown).toEqual([]);
    expect(decoded.lines.join('\n')).toContain('Visa **** 4242');
    expect(decoded.lines.join('\n')).toContain('S 14 UStG P *');
  });

  it('strips control characters from names: a product cannot open the drawer', () => {
    const base = sampleReceipt();
    const receipt = sampleReceipt({
      lines: base.lines.map((line, index) =>
        index === 0 ? { ...line, description: 'Tea\u001bp\u0000\u0019\u00fa\u001dV\u0000' } : line,
      ),
    });
    const { decoded } = render(receipt);
    expect(decoded.drawerPulses).toEqual([]);
    expect(decoded.cuts).toBe(1);
    expect(decoded.unknown).toEqual([]);
  });

  it('prints the document id as a QR code by default', () => {
    const receipt = sampleReceipt();
    const { decoded } = render(receipt);
    expect(decoded.qrCodes).toEqual([receipt.documentId]);
    expect(decoded.barcodes).toEqual([]);
    expect(decoded.lines.join('\n')).toContain(receipt.documentId);
  });

  it('prints the document id as a Code 128 of its 40 digits on 80 mm paper', () => {
    const receipt = sampleReceipt();
    const { decoded } = render(receipt, { receiptCode: 'code128' });
    expect(decoded.qrCodes).toEqual([]);
    expect(decoded.barcodes).toHaveLength(1);
    const [barcode] = decoded.barcodes;
    expect(barcode?.symbology).toBe(73);
    expect(documentIdFromDigits(barcode?.data ?? '')).toBe(receipt.documentId);
  });

  it('falls back to the other code where the one asked for cannot print', () => {
    const receipt = sampleReceipt();
    // Code 128 of 40 digits is too wide for 58 mm paper.
    expect(render(receipt, { paperWidthMm: 58, receiptCode: 'code128' }).decoded.qrCodes).toEqual([
      receipt.documentId,
    ]);
    // The TM-T88II has no QR support.
    const old = render(receipt, { printerModel: 'epson-tm-t88ii', receiptCode: 'qr' }).decoded;
    expect(old.qrCodes).toEqual([]);
    expect(old.barcodes).toHaveLength(1);
    const none = render(receipt, { receiptCode: 'none' }).decoded;
    expect([...none.qrCodes, ...none.barcodes]).toEqual([]);
  });

  it('kicks the drawer only when asked, on the configured pin, after the cut', () => {
    const quiet = render(sampleReceipt());
    expect(quiet.job.opensDrawer).toBe(false);
    expect(quiet.decoded.drawerPulses).toEqual([]);
    const kick = render(sampleReceipt(), { openDrawer: true });
    expect(kick.job.opensDrawer).toBe(true);
    expect(kick.decoded.drawerPulses).toEqual([{ pin: 2, onMs: 50, offMs: 500 }]);
    expect(Array.from(kick.job.bytes.slice(-5))).toEqual([0x1b, 0x70, 0x00, 25, 250]);
    const pin5 = render(sampleReceipt(), { openDrawer: true, drawerPin: 5 });
    expect(pin5.decoded.drawerPulses).toEqual([{ pin: 5, onMs: 50, offMs: 500 }]);
  });

  it('cuts at the end when there is a cutter, and only then', () => {
    const cut = render(sampleReceipt()).decoded;
    expect(cut.cuts).toBe(1);
    expect(cut.cut).toBe(true);
    const torn = render(sampleReceipt(), { cutter: false }).decoded;
    expect(torn.cuts).toBe(0);
    expect(torn.lines.slice(-4)).toEqual(['', '', '', '']);
  });

  it('gift copy: marked, items and quantities, no amount at all', () => {
    const receipt = sampleReceipt();
    const text = printedText(receipt, { copy: 'gift' });
    expect(text).toContain('GIFT RECEIPT');
    expect(text).toContain('2 x Crème brûlée');
    expect(text).not.toContain('€');
    expect(text).not.toContain('TOTAL');
    expect(text).not.toContain('Visa');
  });

  it('reprints say so', () => {
    expect(printedText(sampleReceipt(), { copy: 'reprint' })).toContain('*** REPRINT ***');
  });

  it('adds the printer header and footer lines to the store ones', () => {
    const text = printedText(sampleReceipt(), {
      headerLines: ['Wi-Fi: cafe-guest'],
      footerLines: ['Follow us @cafecreme'],
    });
    const lines = text.split('\n').map((line) => line.trim());
    expect(lines.indexOf('Wi-Fi: cafe-guest')).toBe(lines.indexOf('Open every day 8:00-20:00') + 1);
    expect(lines.indexOf('Follow us @cafecreme')).toBe(lines.indexOf('Merci, thank you!') + 1);
  });

  it('refuses a malformed receipt with document.invalid naming the problems', () => {
    let thrown: unknown;
    try {
      render(sampleReceipt({ receiptNumber: '', changeMinor: 1 }));
    } catch (error) {
      thrown = error;
    }
    expect(isPluginError(thrown)).toBe(true);
    if (!isPluginError(thrown)) return;
    expect(thrown.code).toBe(PLUGIN_ERROR_CODES.invalidDocument);
    expect(thrown.details).toEqual({
      problems: [
        { path: 'receiptNumber', message: 'is empty' },
        expect.objectContaining({ path: 'changeMinor' }),
      ],
    });
  });

  it('renders on every printer model it offers, within that model’s columns', () => {
    const receipt = sampleReceipt({ lines: [...sampleReceipt().lines] });
    for (const model of PRINTER_MODELS) {
      for (const paperWidthMm of [58, 80] as const) {
        let job: ReturnType<typeof renderEscPos>;
        try {
          job = renderEscPos(receipt, { paperWidthMm, printerModel: model.id, ...customer });
        } catch (error) {
          // Exactly one paper width fits each model.
          expect(isPluginError(error) && error.code).toBe(PLUGIN_ERROR_CODES.misconfigured);
          continue;
        }
        const decoded = decodeEscPos(job.bytes, { codepageTable: codepageTableOf(model.id) });
        expect(decoded.unknown, model.id).toEqual([]);
        const widest = Math.max(...decoded.printedLines.map((line) => line.columns));
        expect(widest, model.id).toBeLessThanOrEqual(paperWidthMm === 58 ? 32 : 48);
        expect(decoded.lines.join('\n'), model.id).toContain(SAMPLE_LONG_NAME.split(' ')[0]);
      }
    }
  });

  it('refuses settings the printer model cannot honour', () => {
    const attempt = (config: Partial<EscPosConfig>) => {
      try {
        renderEscPos(sampleReceipt(), { paperWidthMm: 80, ...config, ...customer });
      } catch (error) {
        return isPluginError(error) ? `${error.code}: ${error.message}` : String(error);
      }
      return 'rendered';
    };
    expect(attempt({ printerModel: 'pos-5890' })).toBe(
      'plugin.misconfigured: The POS-5890 takes 58 mm paper; set the paper width to 58 mm.',
    );
    expect(attempt({ printerModel: 'metapace-t1', codepage: 'windows1252' })).toMatch(
      /^plugin\.misconfigured: Code page windows1252 is not one this printer model has/,
    );
  });
});
