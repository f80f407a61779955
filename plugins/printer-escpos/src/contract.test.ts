import { recordingLogger, testPluginContext } from '@tillpoint/plugin-sdk';
import { describePrinterContract } from '@tillpoint/plugin-sdk/contracts';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { escposPlugin } from './index.ts';
import { decodeEscPos } from './testing/index.ts';

for (const config of [
  { paperWidthMm: 80 },
  { paperWidthMm: 58, receiptCode: 'code128', drawerPin: 5 },
  { paperWidthMm: 80, printerModel: 'epson-tm-t88vi', codepage: 'cp858', cutter: false },
]) {
  describePrinterContract(`printer-escpos ${JSON.stringify(config)}`, async () => ({
    plugin: escposPlugin,
    config,
    context: testPluginContext(),
    decode: (bytes) => decodeEscPos(bytes),
  }));
}

describe('escposPlugin', () => {
  it('reports its line width per paper and model', () => {
    const columns = (config: Record<string, unknown>) =>
      escposPlugin.create(testPluginContext(), config).columns;
    expect(columns({ paperWidthMm: 58 })).toBe(32);
    expect(columns({ paperWidthMm: 80 })).toBe(48);
    expect(columns({ paperWidthMm: 80, printerModel: 'epson-tm-t88vi' })).toBe(42);
    expect(columns({ paperWidthMm: 58, printerModel: 'star-mc-print2' })).toBe(32);
  });

  it('accepts only bounded, known settings', () => {
    const ok = (config: unknown) => Value.Check(escposPlugin.configSchema, config);
    expect(ok({ paperWidthMm: 80 })).toBe(true);
    expect(ok({ paperWidthMm: 76 })).toBe(false);
    expect(ok({ paperWidthMm: 80, printerModel: 'acme-9000' })).toBe(false);
    expect(ok({ paperWidthMm: 80, codepage: 'utf8' })).toBe(false);
    expect(ok({ paperWidthMm: 80, drawerPin: 3 })).toBe(false);
    expect(ok({ paperWidthMm: 80, headerLines: ['a', 'b', 'c', 'd', 'e', 'f'] })).toBe(false);
    expect(ok({ paperWidthMm: 80, footerLines: ['x'.repeat(49)] })).toBe(false);
    expect(ok({ paperWidthMm: 80, host: '10.0.0.5' })).toBe(false);
    // The bridge reaches the printer on the shop's LAN: nothing to authenticate, nothing secret.
    expect(escposPlugin.secretFields).toEqual([]);
  });

  it('the drawer job is the pulse alone: ESC p 0 25 250', () => {
    const adapter = escposPlugin.create(testPluginContext(), { paperWidthMm: 80 });
    expect(Array.from(adapter.openDrawer().bytes)).toEqual([0x1b, 0x70, 0, 25, 250]);
  });

  it('the test page shows the settings, a ruler as wide as the paper and the code pages', () => {
    const adapter = escposPlugin.create(testPluginContext(), {
      paperWidthMm: 80,
      printerModel: 'epson-tm-t20iii',
    });
    const decoded = decodeEscPos(adapter.renderTestPage('Main Street').bytes);
    expect(decoded.lines.join('\n')).toContain('Epson TM-T20III');
    expect(decoded.lines).toContain('123456789012345678901234567890123456789012345678');
    expect(decoded.lines.join('\n')).toContain('Crème brûlée, Äpfel, señor, Œuvre: € £ ¥ $');
    expect(decoded.qrCodes).toHaveLength(1);
    expect(decoded.cut).toBe(true);
    expect(decoded.unknown).toEqual([]);
  });

  it('testConnection says rendering works and that the bridge does the printing', async () => {
    const adapter = escposPlugin.create(testPluginContext(), { paperWidthMm: 58 });
    const check = await adapter.testConnection();
    expect(check.ok).toBe(true);
    expect(check.message).toBe(
      "Receipts render for 58 mm paper, 32 characters a line; the store's bridge sends them to the printer.",
    );
  });

  it('a setting the model cannot honour stops the adapter from being built', () => {
    expect(() =>
      escposPlugin.create(testPluginContext(), {
        paperWidthMm: 58,
        printerModel: 'epson-tm-t88vi',
      }),
    ).toThrowError(expect.objectContaining({ code: 'plugin.misconfigured' }));
  });

  it('logs when the receipt code asked for falls back to the other kind', () => {
    const logger = recordingLogger();
    escposPlugin.create(testPluginContext({ logger }), {
      paperWidthMm: 58,
      receiptCode: 'code128',
    });
    expect(logger.entries).toEqual([
      expect.objectContaining({
        level: 'warn',
        details: { wanted: 'code128', printed: 'qr', paperWidthMm: 58 },
      }),
    ]);
  });
});
