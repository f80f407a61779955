import { type Database, isUniqueViolation, newId } from '@tillpoint/db';
import { closeSession, denominationsOf } from '@tillpoint/domain';
import { deviceOf, type RequestContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Outbox } from '../../events/outbox.ts';
import { recordAudit } from '../audit/service.ts';
import {
  actorHasPermission,
  authorize,
  authorizeStore,
  requireActor,
  storeFilter,
} from '../identity/authorize.ts';
import {
  announce,
  assertOpen,
  assertOwnRegister,
  assertStore,
  counted,
  personOf,
  reloaded,
  sessionFor,
  TARGET,
} from './access.ts';
import { loadActivity } from './activity-queries.ts';
import {
  clockNow,
  insertSession,
  markClosed,
  selectOpenSessionOfRegister,
  selectRegister,
  selectSessions,
  selectTenantCurrency,
} from './queries.ts';
import type {
  CashSessionStatus,
  CashSessionView,
  CloseSessionInput,
  DenominationListView,
  OpenSessionInput,
} from './schemas.ts';
import { toSessionView } from './views.ts';

// A cash session is one drawer's shift on one register: opened by counting the float, closed by
// a blind count. Sales and refunds record their cash against the open session (locking it for
// share, see open-session.ts); closing locks it for update, so no cash payment can land while the
// count is reconciled, and fixes expected and over/short with the one drawer computation.

function alreadyOpen(registerId: string, sessionId: string | null): AppError {
  return new AppError(
    'cash_session.already_open',
    'This register already has an open cash session; close it before opening another.',
    { registerId, ...(sessionId ? { cashSessionId: sessionId } : {}) },
  );
}

export function createSessionUseCases(db: Database, outbox: Outbox) {
  return {
    /** The coins and notes a count may name, for the register's counting screen. */
    async denominations(ctx: RequestContext, currency?: string): Promise<DenominationListView> {
      const authed = requireActor(ctx);
      const code = currency ?? (await db.withTenant(authed, selectTenantCurrency));
      const list = denominationsOf(code);
      if (!list)
        throw new AppError(
          'cash_denominations.not_found',
          `No coins and notes are listed for ${code}; counts in it are only checked for well-formed values.`,
          { currency: code },
        );
      return { currency: code, denominations: [...list] };
    },

    async open(
      ctx: RequestContext,
      registerId: string,
      input: OpenSessionInput,
    ): Promise<CashSessionView> {
      const base = authorize(ctx, 'cash.operate');
      const openedBy = personOf(base);
      return db.withTenant(base, async (tx) => {
        const register = await selectRegister(tx, registerId);
        if (!register) throw notFound('register', registerId);
        const authed = authorizeStore(ctx, 'cash.operate', register.storeId);
        assertOwnRegister(authed, registerId);
        if (register.archived)
          throw new AppError(
            'register.archived',
            'This register or its store is archived; it takes no cash sessions.',
            { registerId },
          );
        const float = counted(input.counts, register.currency);
        const existing = await selectOpenSessionOfRegister(tx, registerId);
        if (existing) throw alreadyOpen(registerId, existing.id);
        const id = newId();
        try {
          await insertSession(tx, {
            tenantId: authed.tenantId,
            id,
            storeId: register.storeId,
            registerId,
            openedBy,
            counts: float.counts,
            floatMinor: float.totalMinor,
          });
        } catch (error) {
          // Two opens raced past the check above: the one-open-per-register index decides.
          if (isUniqueViolation(error, 'cash_sessions_one_open'))
            throw alreadyOpen(registerId, null);
          throw error;
        }
        await recordAudit(tx, authed, {
          action: 'cash_session.opened',
          targetType: TARGET,
          targetId: id,
          storeId: register.storeId,
          after: { registerId, openingCount: float.counts, openingFloatMinor: float.totalMinor },
        });
        const session = await reloaded(tx, id);
        await announce(tx, outbox, authed, session, 'open');
        return toSessionView(session, actorHasPermission(authed.actor, 'cash.read'));
      });
    },

    /** The register's open session, blind: never what the drawer is expected to hold. */
    async current(ctx: RequestContext, registerId: string): Promise<CashSessionView> {
      const base = authorize(ctx, 'cash.operate');
      return db.withTenant(base, async (tx) => {
        const register = await selectRegister(tx, registerId);
        if (!register) throw notFound('register', registerId);
        assertOwnRegister(authorizeStore(ctx, 'cash.operate', register.storeId), registerId);
        const session = await selectOpenSessionOfRegister(tx, registerId);
        if (!session)
          throw new AppError(
            'cash_session.not_found',
            'No cash session is open on this register; open one by counting the float.',
            { registerId },
          );
        return toSessionView(session, false);
      });
    },

    async list(
      ctx: RequestContext,
      query: {
        storeId?: string;
        registerId?: string;
        status?: CashSessionStatus;
        cursor?: string;
        limit: number;
      },
    ): Promise<{ sessions: CashSessionView[]; nextCursor: string | null }> {
      const authed = query.storeId
        ? authorizeStore(ctx, 'cash.read', query.storeId)
        : authorize(ctx, 'cash.read');
      const rows = await db.withTenant(authed, async (tx) => {
        if (query.registerId) {
          const register = await selectRegister(tx, query.registerId);
          if (!register) throw notFound('register', query.registerId);
          assertStore(authed, register.storeId);
          assertOwnRegister(authed, query.registerId);
        }
        // Signed in on a register, the list is that register's sessions (as reading one is).
        const registerId = query.registerId ?? deviceOf(authed.actor)?.registerId;
        return selectSessions(tx, {
          storeIds: storeFilter(authed.actor),
          ...(query.storeId ? { storeId: query.storeId } : {}),
          ...(registerId ? { registerId } : {}),
          ...(query.status ? { status: query.status } : {}),
          ...(query.cursor ? { before: query.cursor } : {}),
          limit: query.limit + 1,
        });
      });
      const page = rows.slice(0, query.limit);
      return {
        sessions: page.map((row) => toSessionView(row, true)),
        nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
      };
    },

    async get(ctx: RequestContext, id: string): Promise<CashSessionView> {
      const authed = authorize(ctx, 'cash.read');
      return db.withTenant(authed, async (tx) =>
        toSessionView(await sessionFor(tx, authed, id, 'none'), true),
      );
    },

    /**
     * Closes the drawer with a blind count. The response shows expected and over/short only to
     * someone who may read cash figures (cash.read); a cashier sees what they counted.
     */
    async close(
      ctx: RequestContext,
      id: string,
      input: CloseSessionInput,
    ): Promise<CashSessionView> {
      const authed = authorize(ctx, 'cash.operate');
      const closedBy = personOf(authed);
      return db.withTenant(authed, async (tx) => {
        // For update: waits for sales recording cash (they hold it for share), then keeps new
        // cash payments out until this commits and they see the session closed.
        const session = await sessionFor(tx, authed, id, 'for update');
        assertOpen(session);
        const count = counted(input.counts, session.currency);
        const closedAt = await clockNow(tx);
        const loaded = await loadActivity(tx, session, closedAt);
        const z = closeSession(loaded.activity, count.totalMinor);
        await markClosed(tx, id, {
          closedBy,
          closedAt,
          counts: count.counts,
          countedMinor: z.count.countedMinor,
          expectedMinor: z.count.expectedMinor,
          overShortMinor: z.count.overShortMinor,
          note: input.note ?? null,
        });
        await recordAudit(tx, authed, {
          action: 'cash_session.closed',
          targetType: TARGET,
          targetId: id,
          storeId: session.storeId,
          before: { status: 'open' },
          after: {
            closingCount: count.counts,
            countedMinor: z.count.countedMinor,
            expectedMinor: z.count.expectedMinor,
            overShortMinor: z.count.overShortMinor,
            note: input.note ?? null,
            // The Z figures as computed at close, kept with the tamper-evident audit trail.
            report: {
              drawer: z.drawer,
              sales: z.sales,
              refunds: z.refunds,
              tenders: z.tenders,
              taxes: z.taxes,
              cashRounding: z.cashRounding,
              voidsCount: z.voidsCount,
              noSaleCount: z.noSaleCount,
              openSalesCount: loaded.openSalesCount,
              parkedSalesCount: loaded.parkedSalesCount,
            },
          },
        });
        await announce(tx, outbox, authed, session, 'closed');
        return toSessionView(await reloaded(tx, id), actorHasPermission(authed.actor, 'cash.read'));
      });
    },
  };
}
