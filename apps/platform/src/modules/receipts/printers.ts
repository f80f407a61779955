import type { Receipt } from '@tillpoint/domain';
import type { PrinterAdapter, PrintJobBytes, RenderOptions } from '@tillpoint/plugin-sdk';
import type { ServiceContext } from '../../context.ts';

// What receipts need from the plugin host: the business's enabled printer plugin, called under
// the host's time limit and error mapping. Kept this narrow so receipts never see installations,
// configuration or secrets.

export interface ReceiptPrinter {
  render(receipt: Receipt, options: RenderOptions): Promise<PrintJobBytes>;
}

export interface ReceiptPrinters {
  /** null when the business has no printer plugin enabled. */
  printerFor(ctx: ServiceContext, storeId: string): Promise<ReceiptPrinter | null>;
}

/** The plugin host as receipts see it (modules/plugins/runtime.ts printerFor). */
export interface PrinterPlugins {
  printerFor(scope: {
    readonly tenantId: string;
    readonly storeId?: string | null;
  }): Promise<{ readonly adapter: PrinterAdapter } | null>;
}

/** Receipt printers from the plugin host, whose adapters are already guarded (call.ts). */
export function receiptPrinters(plugins: PrinterPlugins): ReceiptPrinters {
  return {
    async printerFor(ctx, storeId) {
      const active = await plugins.printerFor({ tenantId: ctx.tenantId, storeId });
      if (!active) return null;
      const { adapter } = active;
      return { render: async (receipt, options) => adapter.renderReceipt(receipt, options) };
    },
  };
}
