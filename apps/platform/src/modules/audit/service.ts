import type { Database, Tx } from '@tillpoint/db';
import { type Actor, actorId, type RequestContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { authorize, authorizeStore } from '../identity/authorize.ts';
import {
  type AuditEventView,
  type AuditFilter,
  type ChainReport,
  insertAuditEvent,
  selectAuditEvents,
  storeExists,
  verifyChain,
} from './queries.ts';

export interface AuditEntry {
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string;
  readonly storeId?: string | null;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Who to record when the request itself has no actor yet (signup, failed sign-in, pairing). */
export type AuditActorOverride = {
  readonly type: Actor['type'] | 'system';
  readonly id: string | null;
};

/**
 * Appends one event in the caller's transaction, so the change and its audit record commit or
 * roll back together. Never pass secrets (hashes, tokens, PINs) in before/after.
 */
export async function recordAudit(
  tx: Tx,
  ctx: RequestContext & { readonly tenantId: string },
  entry: AuditEntry,
  actorOverride?: AuditActorOverride,
): Promise<void> {
  const actor = ctx.actor;
  const device =
    actor?.type === 'device' ? actor.device : actor?.type === 'user' ? actor.device : null;
  await insertAuditEvent(tx, {
    tenantId: ctx.tenantId,
    actorType: actorOverride?.type ?? actor?.type ?? 'system',
    actorId: actorOverride ? actorOverride.id : actor ? actorId(actor) : null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    storeId: entry.storeId ?? device?.storeId ?? null,
    deviceId: device?.deviceId ?? null,
    ip: ctx.ip || null,
    requestId: ctx.requestId,
    before: entry.before,
    after: entry.after,
  });
}

export interface AuditPage {
  readonly events: AuditEventView[];
  readonly nextCursor: string | null;
}

export function createAuditService(db: Database) {
  return {
    async list(ctx: RequestContext, filter: AuditFilter): Promise<AuditPage> {
      const authed = filter.storeId
        ? authorizeStore(ctx, 'audit.read', filter.storeId)
        : authorize(ctx, 'audit.read');
      const events = await db.withTenant(authed, async (tx) => {
        // Naming a store that is not this tenant's is "not found", as everywhere else.
        if (filter.storeId && !(await storeExists(tx, filter.storeId)))
          throw notFound('store', filter.storeId);
        return selectAuditEvents(tx, { ...filter, limit: filter.limit + 1 });
      });
      const page = events.slice(0, filter.limit);
      const last = page.at(-1);
      return {
        events: page,
        nextCursor: events.length > filter.limit && last ? String(last.seq) : null,
      };
    },

    async verify(ctx: RequestContext): Promise<ChainReport> {
      const authed = authorize(ctx, 'audit.verify');
      // Repeatable read: the chain and its head are checked as one snapshot even while sales append.
      return db.withTenant(authed, (tx) => verifyChain(tx), { isolation: 'repeatable read' });
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
