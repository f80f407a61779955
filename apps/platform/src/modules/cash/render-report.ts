import { type CashReport, isInvalidCashReportError, renderCashReportText } from '@tillpoint/domain';
import { AppError } from '../../errors.ts';
import type { CashReportPrinter } from './printers.ts';

// A printable report in plain text (rendered here from the shared layout) or as printer bytes
// (the business's printer plugin, which uses the same layout).

export type RenderedCashReport =
  | { readonly format: 'text'; readonly body: string }
  | { readonly format: 'escpos'; readonly bytes: Uint8Array };

export interface CashReportRenderRequest {
  readonly format: 'text' | 'escpos';
  readonly columns: 32 | 42 | 48;
  readonly printer: () => Promise<CashReportPrinter | null>;
}

/** The figures come from one computation, so a report that does not add up is our bug: 500. */
function inconsistent(error: unknown): never {
  if (isInvalidCashReportError(error))
    throw new AppError('internal', 'The cash report figures do not add up; nothing was printed.', {
      problems: error.problems,
    });
  throw error;
}

export async function renderCashReport(
  report: CashReport,
  request: CashReportRenderRequest,
): Promise<RenderedCashReport> {
  if (request.format === 'text') {
    try {
      return { format: 'text', body: renderCashReportText(report, { columns: request.columns }) };
    } catch (error) {
      inconsistent(error);
    }
  }
  const printer = await request.printer();
  if (!printer)
    throw new AppError(
      'printer.not_configured',
      'No receipt printer plugin is enabled for this business. An owner or admin can enable ' +
        'one (for example printer-escpos) under Plugins, then print the report again.',
    );
  const job = await printer.render(report, { copy: 'original' });
  return { format: 'escpos', bytes: job.bytes };
}
