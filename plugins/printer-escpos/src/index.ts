import { definePlugin, ESC_POS_CONTENT_TYPE, type PrinterAdapter } from '@tillpoint/plugin-sdk';
import { renderCashReportWith } from './cash-report.ts';
import { escposConfigSchema } from './config.ts';
import { drawerPulse } from './encoder.ts';
import { chooseReceiptCode } from './receipt-code.ts';
import { renderReceiptWith } from './render.ts';
import { resolveSettings } from './settings.ts';
import { renderTestPageWith } from './test-page.ts';

export type { EscPosConfig } from './config.ts';
export { escposConfigSchema, PRINTER_MODELS } from './config.ts';
export { type EscPosRenderOptions, renderEscPos } from './render.ts';

export const escposPlugin = definePlugin({
  key: 'printer-escpos',
  kind: 'printer',
  version: '0.1.0',
  name: 'ESC/POS receipt printer',
  description:
    'Prints receipts on 58 and 80 mm thermal printers (Epson, Star in ESC/POS mode, Bixolon, ' +
    'Citizen, Xprinter...) through the store bridge, and opens the cash drawer.',
  configSchema: escposConfigSchema,
  secretFields: [],
  create(ctx, config): PrinterAdapter {
    const settings = resolveSettings(config);
    const sampleCode = chooseReceiptCode(settings, '00000000-0000-7000-8000-000000000000');
    if (settings.receiptCode !== 'none' && sampleCode.kind !== settings.receiptCode)
      ctx.logger.warn(
        {
          wanted: settings.receiptCode,
          printed: sampleCode.kind,
          paperWidthMm: settings.paperWidthMm,
        },
        'The receipt code asked for cannot be printed on this printer; printing the other kind',
      );
    return {
      columns: settings.columns,
      paperWidthMm: settings.paperWidthMm,
      async testConnection() {
        // Nothing to reach from here: the bridge in the shop talks to the printer. What can be
        // checked is that this configuration renders, which the test page does end to end.
        const page = renderTestPageWith(settings, ctx.store?.name ?? ctx.tenant.name);
        return {
          ok: true,
          message:
            `Receipts render for ${settings.paperWidthMm} mm paper, ${settings.columns} ` +
            "characters a line; the store's bridge sends them to the printer.",
          details: {
            printer: settings.modelName,
            columns: settings.columns,
            codepage: settings.codepage,
            receiptCode: sampleCode.kind,
            testPageBytes: page.bytes.length,
          },
        };
      },
      renderReceipt: (receipt, options) => renderReceiptWith(settings, receipt, options),
      renderCashReport: (report, options) => renderCashReportWith(settings, report, options),
      renderTestPage: (storeName) => renderTestPageWith(settings, storeName),
      openDrawer: () => ({
        contentType: ESC_POS_CONTENT_TYPE,
        bytes: drawerPulse(settings),
        opensDrawer: true,
      }),
    };
  },
});
