import type { Database } from '@tillpoint/db';
import { summarizeSession } from '@tillpoint/domain';
import type { RequestContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { authorize } from '../identity/authorize.ts';
import { sessionFor } from './access.ts';
import { loadActivity } from './activity-queries.ts';
import { clockNow } from './queries.ts';
import type { XReportView, ZReportView } from './schemas.ts';
import { toXReport, toZReport } from './views.ts';

// The X report (so far) and the Z report (at close) come from one computation over the same rows
// (packages/domain/src/cash); the Z adds the count, expected and over/short fixed at close.

export function createReportUseCases(db: Database) {
  return {
    /** The X report: the session's figures so far (or as at its close), without a count. */
    async report(ctx: RequestContext, id: string): Promise<XReportView> {
      const authed = authorize(ctx, 'cash.read');
      return db.withTenant(authed, async (tx) => {
        const session = await sessionFor(tx, authed, id, 'none');
        const loaded = await loadActivity(tx, session, session.closedAt);
        const asOf = session.closedAt ?? (await clockNow(tx));
        return toXReport(session, summarizeSession(loaded.activity), loaded, asOf);
      });
    },

    /** The Z report of a closed session: the figures as at its close, with the stored count. */
    async zReport(ctx: RequestContext, id: string): Promise<ZReportView> {
      const authed = authorize(ctx, 'cash.read');
      return db.withTenant(authed, async (tx) => {
        const session = await sessionFor(tx, authed, id, 'none');
        const { closedAt, closedBy, closingCount, countedMinor, expectedMinor, overShortMinor } =
          session;
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
        return toZReport(
          {
            ...session,
            closedAt,
            closedBy,
            closingCount,
            countedMinor,
            expectedMinor,
            overShortMinor,
          },
          summarizeSession(loaded.activity),
          loaded,
        );
      });
    },
  };
}
