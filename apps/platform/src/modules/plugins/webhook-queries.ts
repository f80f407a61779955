import { sql, type Tx } from '@tillpoint/db';

// Webhook deliveries, one row per vendor event. Applying an event happens outside any database
// transaction (the payments code runs its own), so a delivery takes a lease on the row first:
// concurrent deliveries of the same event see it taken and are told to come back later.

export interface DeliveryKey {
  readonly tenantId: string;
  readonly installationId: string;
  readonly eventId: string;
}

/** claimed: this delivery applies the event; the others say why it must not. */
export type DeliveryClaim = 'claimed' | 'applied' | 'ignored' | 'in_progress';

// Longer than applying an event ever takes; a delivery that died holding it frees it after this.
const LEASE = sql`interval '2 minutes'`;

export async function claimDelivery(tx: Tx, key: DeliveryKey): Promise<DeliveryClaim> {
  const inserted = await tx.execute(sql`insert into plugin_webhook_events
      (tenant_id, installation_id, event_id, claimed_until)
    values (${key.tenantId}, ${key.installationId}, ${key.eventId}, now() + ${LEASE})
    on conflict (tenant_id, installation_id, event_id) do nothing`);
  if (inserted === 1) return 'claimed';
  const row = await tx.one<{ status: string; leased: boolean }>(sql`select status,
      coalesce(claimed_until > now(), false) as leased
    from plugin_webhook_events
    where installation_id = ${key.installationId} and event_id = ${key.eventId}
    for update`);
  const claimable = (row.status === 'received' || row.status === 'failed') && !row.leased;
  await tx.execute(sql`update plugin_webhook_events set deliveries = deliveries + 1
      ${claimable ? sql`, status = 'received', error = null, claimed_until = now() + ${LEASE}` : sql.empty}
    where installation_id = ${key.installationId} and event_id = ${key.eventId}`);
  if (claimable) return 'claimed';
  if (row.status === 'applied' || row.status === 'ignored') return row.status;
  return 'in_progress';
}

export async function markDelivery(
  tx: Tx,
  key: DeliveryKey,
  outcome: { status: 'applied' | 'ignored' } | { status: 'failed'; error: string },
): Promise<void> {
  const error = outcome.status === 'failed' ? outcome.error.slice(0, 2000) : null;
  await tx.execute(sql`update plugin_webhook_events set status = ${outcome.status},
      applied_at = case when ${outcome.status} = 'failed' then null else now() end,
      error = ${error}, claimed_until = null
    where installation_id = ${key.installationId} and event_id = ${key.eventId}`);
}

/** The tenant of an installation named by a webhook URL (a narrow cross-tenant lookup). */
export async function selectInstallationTenant(
  tx: Tx,
  installationId: string,
): Promise<string | null> {
  const row = await tx.one<{ tenantId: string | null }>(
    sql`select plugin_installation_tenant(${installationId}) as "tenantId"`,
  );
  return row.tenantId;
}
