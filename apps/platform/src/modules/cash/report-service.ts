import type { Database, Tx } from '@tillpoint/db';
import { summarizeSession } from '@tillpoint/domain';
import type { RequestContext, ServiceContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize } from '../identity/authorize.ts';
import { sessionFor, TARGET } from './access.ts';
import { loadActivity } from './activity-queries.ts';
import { loadPrintContext } from './print-queries.ts';
import { toPrintableReport } from './printable-report.ts';
import type { CashReportPrinters } from './printers.ts';
import { clockNow, type SessionRow } from './queries.ts';
import { type RenderedCashReport, renderCashReport } from './render-report.ts';
import type { XReportView, ZReportView } from './schemas.ts';
import { toXReport, toZReport } from './views.ts';

// The X report (so far) and the Z report (at close) come from one computation over the same rows
// (packages/domain/src/cash); the Z adds the count, expected and over/short fixed at close. The
// printed formats are the same figures laid out for paper (packages/domain/src/cash-report).

export type CashReportKind = 'x' | 'z';

export interface PrintedReportQuery {
  readonly format: 'text' | 'escpos';
  readonly columns: 32 | 42 | 48;
}

async function xReportIn(tx: Tx, ctx: ServiceContext, id: string) {
  const session = await sessionFor(tx, ctx, id, 'none');
  const loaded = await loadActivity(tx, session, session.closedAt);
  const asOf = session.closedAt ?? (await clockNow(tx));
  return { session, view: toXReport(session, summarizeSession(loaded.activity), loaded, asOf) };
}

async function zReportIn(tx: Tx, ctx: ServiceContext, id: string) {
  const session = await sessionFor(tx, ctx, id, 'none');
  const { closedAt, closedBy, closingCount, countedMinor, expectedMinor, overShortMinor } = session;
  if (
    session.status !== 'closed' ||
    closedAt === null ||
    closedBy === null ||
    closingCount === null ||
    countedMinor === null ||
    expectedMinor === null ||
    overShortMinor === null
  )
    throw new AppError(
      'cash_session.open',
      'This cash session is still open: read its X report, or close it for the Z report.',
      { cashSessionId: id },
    );
  const loaded = await loadActivity(tx, session, closedAt);
  const view = toZReport(
    { ...session, closedAt, closedBy, closingCount, countedMinor, expectedMinor, overShortMinor },
    summarizeSession(loaded.activity),
    loaded,
  );
  return { session, view };
}

const reportIn = (kind: CashReportKind) => (kind === 'x' ? xReportIn : zReportIn);

export function createReportUseCases(db: Database, printers: CashReportPrinters) {
  function auditPrinted(ctx: ServiceContext, session: SessionRow, kind: CashReportKind) {
    return db.withTenant(ctx, (tx) =>
      recordAudit(tx, ctx, {
        action: 'cash_report.printed',
        targetType: TARGET,
        targetId: session.id,
        storeId: session.storeId,
        after: { kind, format: 'escpos', registerId: session.registerId },
      }),
    );
  }

  return {
    /** The X report: the session's figures so far (or as at its close), without a count. */
    async report(ctx: RequestContext, id: string): Promise<XReportView> {
      const authed = authorize(ctx, 'cash.read');
      return db.withTenant(authed, async (tx) => (await xReportIn(tx, authed, id)).view);
    },

    /** The Z report of a closed session: the figures as at its close, with the stored count. */
    async zReport(ctx: RequestContext, id: string): Promise<ZReportView> {
      const authed = authorize(ctx, 'cash.read');
      return db.withTenant(authed, async (tx) => (await zReportIn(tx, authed, id)).view);
    },

    /**
     * The X or Z report as plain text or printer bytes. Printer bytes come from the business's
     * printer plugin, rendered outside the transaction; handing them out is audited, since the
     * printed Z report is what travels with the cash bag.
     */
    async printedReport(
      ctx: RequestContext,
      id: string,
      kind: CashReportKind,
      query: PrintedReportQuery,
    ): Promise<RenderedCashReport> {
      const authed = authorize(ctx, 'cash.read');
      const { session, report } = await db.withTenant(authed, async (tx) => {
        const { session, view } = await reportIn(kind)(tx, authed, id);
        return {
          session,
          report: toPrintableReport(
            view,
            await loadPrintContext(
              tx,
              session,
              view.taxes.map((tax) => tax.rateId),
            ),
          ),
        };
      });
      const rendered = await renderCashReport(report, {
        format: query.format,
        columns: query.columns,
        printer: () => printers.printerFor(authed, session.storeId),
      });
      if (rendered.format === 'escpos') await auditPrinted(authed, session, kind);
      return rendered;
    },
  };
}
