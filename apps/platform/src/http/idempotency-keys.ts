import { sql, type Tx } from '@tillpoint/db';

/** One request's claim on a key: who, what (fingerprint), where. */
export interface KeyAttempt {
  readonly tenantId: string;
  readonly key: string;
  readonly actorId: string;
  readonly method: string;
  readonly route: string;
  readonly requestHash: Buffer;
}

/** What the key table says about an incoming request. */
export type ClaimOutcome =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'replay'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'reused' }
  | { readonly kind: 'in_progress' }
  | { readonly kind: 'abandoned' };

/** After this long an in-progress key is presumed to belong to a crashed process. */
export const ABANDONED_AFTER = '2 minutes';

interface KeyRow {
  actor_id: string;
  request_hash: Buffer;
  status: 'in_progress' | 'completed';
  response_status: number | null;
  response_body: unknown;
  abandoned: boolean;
}

/**
 * Claims the key for this request, or says why not. Runs in its own short transaction, committed
 * before the handler starts, so a concurrent duplicate sees the claim at once: its INSERT waits on
 * the primary key until this one commits, then finds the row.
 */
export async function claimKey(tx: Tx, attempt: KeyAttempt): Promise<ClaimOutcome> {
  const { tenantId, key } = attempt;
  // An expired key the purge job has not reached yet is gone as far as clients are concerned.
  await tx.execute(
    sql`delete from idempotency_keys
        where tenant_id = ${tenantId} and key = ${key} and expires_at <= now()`,
  );
  const inserted = await tx.maybeOne<{ claimed: boolean }>(
    sql`insert into idempotency_keys (tenant_id, key, actor_id, method, route, request_hash)
        values (${tenantId}, ${key}, ${attempt.actorId}, ${attempt.method}, ${attempt.route},
                ${attempt.requestHash})
        on conflict (tenant_id, key) do nothing
        returning true as claimed`,
  );
  if (inserted) return { kind: 'claimed' };
  const row = await tx.maybeOne<KeyRow>(
    sql`select actor_id, request_hash, status, response_status, response_body,
               created_at < now() - ${ABANDONED_AFTER}::interval as abandoned
        from idempotency_keys
        where tenant_id = ${tenantId} and key = ${key}`,
  );
  // Released between our INSERT and SELECT (its request failed with a 5xx): retrying claims it.
  if (!row) return { kind: 'in_progress' };
  // Another actor's key is refused like another body: its stored answer is not ours to see.
  if (row.actor_id !== attempt.actorId || !row.request_hash.equals(attempt.requestHash)) {
    return { kind: 'reused' };
  }
  if (row.status === 'completed' && row.response_status !== null) {
    return { kind: 'replay', status: row.response_status, body: row.response_body };
  }
  return { kind: row.abandoned ? 'abandoned' : 'in_progress' };
}

/** Stores the first request's answer for replays. Only the claiming request may do this. */
export async function completeKey(
  tx: Tx,
  attempt: KeyAttempt,
  response: { readonly status: number; readonly body: unknown },
): Promise<boolean> {
  const body = response.body === undefined ? sql`null` : sql.json(response.body);
  const written = await tx.execute(
    sql`update idempotency_keys
        set status = 'completed', response_status = ${response.status},
            response_body = ${body}, completed_at = now()
        where tenant_id = ${attempt.tenantId} and key = ${attempt.key}
          and status = 'in_progress' and actor_id = ${attempt.actorId}
          and request_hash = ${attempt.requestHash}`,
  );
  return written === 1;
}

/** Gives the key back (the answer is not worth keeping), so the client may simply retry. */
export async function releaseKey(tx: Tx, attempt: KeyAttempt): Promise<void> {
  await tx.execute(
    sql`delete from idempotency_keys
        where tenant_id = ${attempt.tenantId} and key = ${attempt.key}
          and status = 'in_progress' and actor_id = ${attempt.actorId}
          and request_hash = ${attempt.requestHash}`,
  );
}
