import { sql, type Tx } from '@tillpoint/db';

export interface AuditRow {
  readonly tenantId: string;
  readonly actorType: 'user' | 'device' | 'api_token' | 'system';
  readonly actorId: string | null;
  readonly action: string;
  readonly targetType: string | null;
  readonly targetId: string | null;
  readonly storeId: string | null;
  readonly deviceId: string | null;
  readonly ip: string | null;
  readonly requestId: string | null;
  readonly before: unknown;
  readonly after: unknown;
}

export async function insertAuditEvent(tx: Tx, row: AuditRow): Promise<void> {
  // seq, prev_hash and hash are filled by the audit_events_link trigger (see 0004_audit.sql).
  await tx.execute(sql`
    insert into audit_events (tenant_id, actor_type, actor_id, action, target_type, target_id,
      store_id, device_id, ip, request_id, before, after)
    values (${row.tenantId}, ${row.actorType}, ${row.actorId}, ${row.action}, ${row.targetType},
      ${row.targetId}, ${row.storeId}, ${row.deviceId}, ${row.ip}, ${row.requestId},
      ${row.before === undefined ? null : JSON.stringify(row.before)}::jsonb,
      ${row.after === undefined ? null : JSON.stringify(row.after)}::jsonb)`);
}

export interface AuditEventView {
  seq: number;
  id: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  storeId: string | null;
  deviceId: string | null;
  ip: string | null;
  requestId: string | null;
  before: unknown;
  after: unknown;
  hash: string;
}

export interface AuditFilter {
  readonly action?: string;
  readonly actorId?: string;
  readonly targetType?: string;
  readonly targetId?: string;
  readonly storeId?: string;
  readonly from?: string;
  readonly to?: string;
  /** Newest first; continue below this seq. */
  readonly beforeSeq?: number;
  readonly limit: number;
}

export function selectAuditEvents(tx: Tx, filter: AuditFilter): Promise<AuditEventView[]> {
  const conditions = [sql`true`];
  if (filter.action) {
    // "sale" matches sale.* as well as the exact action.
    conditions.push(sql`(action = ${filter.action} or action like ${`${filter.action}.%`})`);
  }
  if (filter.actorId) conditions.push(sql`actor_id = ${filter.actorId}`);
  if (filter.targetType) conditions.push(sql`target_type = ${filter.targetType}`);
  if (filter.targetId) conditions.push(sql`target_id = ${filter.targetId}`);
  if (filter.storeId) conditions.push(sql`store_id = ${filter.storeId}`);
  if (filter.from) conditions.push(sql`occurred_at >= ${filter.from}`);
  if (filter.to) conditions.push(sql`occurred_at < ${filter.to}`);
  if (filter.beforeSeq !== undefined) conditions.push(sql`seq < ${filter.beforeSeq}`);
  return tx.query<AuditEventView>(sql`
    select seq, id, to_json(occurred_at) #>> '{}' as "occurredAt", actor_type as "actorType", actor_id as "actorId",
      action, target_type as "targetType", target_id as "targetId", store_id as "storeId",
      device_id as "deviceId", host(ip) as ip, request_id as "requestId", before, after,
      encode(hash, 'hex') as hash
    from audit_events
    where ${sql.join(conditions, sql` and `)}
    order by seq desc
    limit ${filter.limit}`);
}

/** Archived stores count: their history stays readable. RLS limits this to the tenant. */
export async function storeExists(tx: Tx, storeId: string): Promise<boolean> {
  return (await tx.maybeOne(sql`select 1 from stores where id = ${storeId}`)) !== null;
}

export interface ChainBreak {
  readonly seq: number;
  readonly reason: 'gap' | 'prev_hash_mismatch' | 'hash_mismatch' | 'head_mismatch';
}

export interface ChainReport {
  readonly checked: number;
  readonly headSeq: number;
  readonly firstBreak: ChainBreak | null;
}

/**
 * Recomputes every link in the database with the same function that wrote it, and reports the
 * first row where the chain no longer holds: a missing seq (deleted row), a prev_hash that is not
 * the previous row's hash (reordered or replaced), or a hash that does not match the row's content
 * (edited). The head row catches a deleted tail.
 */
export async function verifyChain(tx: Tx): Promise<ChainReport> {
  const firstBreak = await tx.maybeOne<{ seq: number; reason: ChainBreak['reason'] }>(sql`
    with chain as (
      select seq, prev_hash, hash,
        lag(seq) over (order by seq) as previous_seq,
        lag(hash) over (order by seq) as previous_hash,
        audit_event_hash(prev_hash, tenant_id, seq, id, occurred_at, actor_type, actor_id, action,
          target_type, target_id, store_id, device_id, ip, request_id, before, after) as expected
      from audit_events
    )
    select seq,
      case
        when seq <> coalesce(previous_seq, 0) + 1 then 'gap'
        when prev_hash <> coalesce(previous_hash, audit_chain_genesis(app_current_tenant()))
          then 'prev_hash_mismatch'
        else 'hash_mismatch'
      end as reason
    from chain
    where seq <> coalesce(previous_seq, 0) + 1
      or prev_hash <> coalesce(previous_hash, audit_chain_genesis(app_current_tenant()))
      or hash <> expected
    order by seq
    limit 1`);
  const summary = await tx.one<{
    checked: number;
    lastSeq: number | null;
    lastHash: Buffer | null;
  }>(sql`
    select count(*)::int as checked,
      (select seq from audit_events order by seq desc limit 1) as "lastSeq",
      (select hash from audit_events order by seq desc limit 1) as "lastHash"
    from audit_events`);
  const head = await tx.maybeOne<{ seq: number; hash: Buffer }>(
    sql`select seq, hash from audit_chain_heads`,
  );
  const headSeq = head?.seq ?? 0;
  if (firstBreak) return { checked: summary.checked, headSeq, firstBreak };
  const tailMatches =
    (summary.lastSeq ?? 0) === headSeq && (head === null || summary.lastHash?.equals(head.hash));
  return {
    checked: summary.checked,
    headSeq,
    firstBreak: tailMatches ? null : { seq: (summary.lastSeq ?? 0) + 1, reason: 'head_mismatch' },
  };
}
