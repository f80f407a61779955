import { sql, type Tx } from '@tillpoint/db';
import type { CashMovementView, CashSessionStatus } from './schemas.ts';

/** A session as stored, with its store's currency (the drawer holds the store's cash). */
export interface SessionRow {
  readonly id: string;
  readonly storeId: string;
  readonly registerId: string;
  readonly currency: string;
  readonly status: CashSessionStatus;
  readonly openedBy: string;
  readonly openedAt: string;
  readonly openingCount: Record<string, number>;
  readonly openingFloatMinor: number;
  readonly closedBy: string | null;
  readonly closedAt: string | null;
  readonly closingCount: Record<string, number> | null;
  readonly countedMinor: number | null;
  readonly expectedMinor: number | null;
  readonly overShortMinor: number | null;
  readonly closingNote: string | null;
  readonly updatedAt: string;
}

const sessionColumns = sql`c.id, c.store_id as "storeId", c.register_id as "registerId",
  s.currency, c.status, c.opened_by as "openedBy", to_json(c.opened_at) #>> '{}' as "openedAt",
  c.opening_count as "openingCount", c.opening_float_minor as "openingFloatMinor",
  c.closed_by as "closedBy", to_json(c.closed_at) #>> '{}' as "closedAt",
  c.closing_count as "closingCount", c.counted_minor as "countedMinor",
  c.expected_minor as "expectedMinor", c.over_short_minor as "overShortMinor",
  c.closing_note as "closingNote", to_json(c.updated_at) #>> '{}' as "updatedAt"`;

export type SessionLock = 'none' | 'for share' | 'for update';

function lockClause(lock: SessionLock) {
  if (lock === 'for update') return sql`for update of c`;
  if (lock === 'for share') return sql`for share of c`;
  return sql.empty;
}

export function selectSession(tx: Tx, id: string, lock: SessionLock = 'none') {
  return tx.maybeOne<SessionRow>(sql`select ${sessionColumns}
    from cash_sessions c join stores s on s.tenant_id = c.tenant_id and s.id = c.store_id
    where c.id = ${id} ${lockClause(lock)}`);
}

export function selectOpenSessionOfRegister(tx: Tx, registerId: string) {
  return tx.maybeOne<SessionRow>(sql`select ${sessionColumns}
    from cash_sessions c join stores s on s.tenant_id = c.tenant_id and s.id = c.store_id
    where c.register_id = ${registerId} and c.status = 'open'`);
}

export interface RegisterFacts {
  readonly storeId: string;
  readonly currency: string;
  readonly archived: boolean;
}

export function selectRegister(tx: Tx, registerId: string) {
  return tx.maybeOne<RegisterFacts>(sql`select r.store_id as "storeId", s.currency,
      (r.archived_at is not null or s.archived_at is not null) as archived
    from registers r join stores s on s.tenant_id = r.tenant_id and s.id = r.store_id
    where r.id = ${registerId}`);
}

export async function insertSession(
  tx: Tx,
  row: {
    tenantId: string;
    id: string;
    storeId: string;
    registerId: string;
    openedBy: string;
    counts: Readonly<Record<string, number>>;
    floatMinor: number;
  },
): Promise<void> {
  await tx.execute(sql`insert into cash_sessions (tenant_id, id, store_id, register_id, opened_by,
      opening_count, opening_float_minor)
    values (${row.tenantId}, ${row.id}, ${row.storeId}, ${row.registerId}, ${row.openedBy},
      ${sql.json(row.counts)}, ${row.floatMinor})`);
}

export async function markClosed(
  tx: Tx,
  id: string,
  close: {
    closedBy: string;
    closedAt: string;
    counts: Readonly<Record<string, number>>;
    countedMinor: number;
    expectedMinor: number;
    overShortMinor: number;
    note: string | null;
  },
): Promise<void> {
  await tx.execute(sql`update cash_sessions set status = 'closed', closed_by = ${close.closedBy},
      closed_at = ${close.closedAt}::timestamptz, closing_count = ${sql.json(close.counts)},
      counted_minor = ${close.countedMinor}, expected_minor = ${close.expectedMinor},
      over_short_minor = ${close.overShortMinor}, closing_note = ${close.note}
    where id = ${id}`);
}

export function selectSessions(
  tx: Tx,
  filter: {
    storeIds: readonly string[] | null;
    storeId?: string;
    registerId?: string;
    status?: CashSessionStatus;
    before?: string;
    limit: number;
  },
): Promise<SessionRow[]> {
  return tx.query<SessionRow>(sql`select ${sessionColumns}
    from cash_sessions c join stores s on s.tenant_id = c.tenant_id and s.id = c.store_id
    where (${filter.storeIds === null} or c.store_id = any(${filter.storeIds ?? []}::uuid[]))
      and (${filter.storeId ?? null}::uuid is null or c.store_id = ${filter.storeId ?? null}::uuid)
      and (${filter.registerId ?? null}::uuid is null
        or c.register_id = ${filter.registerId ?? null}::uuid)
      and (${filter.status ?? null}::text is null or c.status = ${filter.status ?? null}::text)
      and (${filter.before ?? null}::uuid is null or c.id < ${filter.before ?? null}::uuid)
    order by c.id desc limit ${filter.limit}`);
}

const movementColumns = sql`id, cash_session_id as "cashSessionId", kind, amount_minor as "amountMinor",
  reason, approval_id as "approvalId", actor_id as "actorId",
  to_json(created_at) #>> '{}' as "createdAt"`;

export function insertMovement(
  tx: Tx,
  row: {
    tenantId: string;
    id: string;
    sessionId: string;
    kind: CashMovementView['kind'];
    amountMinor: number;
    reason: string | null;
    approvalId: string | null;
    actorId: string;
  },
): Promise<CashMovementView> {
  return tx.one<CashMovementView>(sql`insert into cash_movements (tenant_id, id, cash_session_id,
      kind, amount_minor, reason, approval_id, actor_id)
    values (${row.tenantId}, ${row.id}, ${row.sessionId}, ${row.kind}, ${row.amountMinor},
      ${row.reason}, ${row.approvalId}, ${row.actorId})
    returning ${movementColumns}`);
}

export async function selectTenantCurrency(tx: Tx): Promise<string> {
  return (await tx.one<{ currency: string }>(sql`select currency from tenants`)).currency;
}

/** The database clock right now, to the microsecond: the instant a close takes effect. */
export async function clockNow(tx: Tx): Promise<string> {
  const row = await tx.one<{ now: string }>(sql`select to_json(clock_timestamp()) #>> '{}' as now`);
  return row.now;
}
