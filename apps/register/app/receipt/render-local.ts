import { checkReceipt, type Receipt, type ReceiptCopy } from '@tillpoint/domain';
import {
  type EscPosConfig,
  escposConfigSchema,
  renderEscPos,
} from '@tillpoint/printer-escpos/render';
import { Value } from 'typebox/value';
import type { ProfilePrinter } from './profile.ts';

// Printer bytes rendered on this register with the same ESC/POS renderer and settings the
// platform's printer plugin uses, so a receipt printed here is the one the platform would send.

/** Why the register cannot print a receipt itself; `code` is stable, `message` for the cashier. */
export class LocalPrintError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'LocalPrintError';
    this.code = code;
  }
}

export function renderLocalReceipt(
  receipt: Receipt,
  printer: ProfilePrinter | null,
  copy: ReceiptCopy,
): Uint8Array {
  if (!printer)
    throw new LocalPrintError(
      'printer.not_configured',
      'No receipt printer plugin is enabled for this business. An owner or admin can enable ' +
        'one under Plugins; the register picks it up the next time it is online.',
    );
  if (printer.plugin !== 'printer-escpos')
    throw new LocalPrintError(
      'printer.offline_unsupported',
      `The ${printer.plugin} printer plugin prints through the server only; print once the ` +
        'register is back online.',
    );
  if (!Value.Check(escposConfigSchema, printer.settings))
    throw new LocalPrintError(
      'printer.settings_invalid',
      'The printer settings this register holds do not fit its ESC/POS renderer; go online ' +
        'once so it fetches them again.',
    );
  const problems = checkReceipt(receipt);
  if (problems.length > 0)
    throw new LocalPrintError(
      'receipt.invalid',
      `This receipt does not add up (${problems.map((p) => `${p.path} ${p.message}`).join('; ')}); it was not printed.`,
    );
  const settings: EscPosConfig = printer.settings;
  // The drawer is opened by its own bridge job when the sale completes, as for server receipts.
  return renderEscPos(receipt, { ...settings, copy, openDrawer: false }).bytes;
}
