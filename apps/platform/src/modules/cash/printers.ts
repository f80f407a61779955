import type { CashReport } from '@tillpoint/domain';
import type { CashReportRenderOptions, PrintJobBytes } from '@tillpoint/plugin-sdk';
import type { ServiceContext } from '../../context.ts';
import type { PrinterPlugins } from '../receipts/printers.ts';

// What cash reports need from the plugin host: the business's enabled printer plugin (the same
// one receipts print with), its adapter already guarded by the host (time limit, error mapping).

export interface CashReportPrinter {
  render(report: CashReport, options: CashReportRenderOptions): Promise<PrintJobBytes>;
}

export interface CashReportPrinters {
  /** null when the business has no printer plugin enabled. */
  printerFor(ctx: ServiceContext, storeId: string): Promise<CashReportPrinter | null>;
}

export function cashReportPrinters(plugins: PrinterPlugins): CashReportPrinters {
  return {
    async printerFor(ctx, storeId) {
      const active = await plugins.printerFor({ tenantId: ctx.tenantId, storeId });
      if (!active) return null;
      const { adapter } = active;
      return { render: async (report, options) => adapter.renderCashReport(report, options) };
    },
  };
}
