import { sql, type Tx } from '@tillpoint/db';
import type { PluginKind, PluginStore, PluginTenant } from '@tillpoint/plugin-sdk';

export type InstallationStatus = 'enabled' | 'disabled';

/** A tenant's installation of a plugin as stored: secrets still sealed. */
export interface InstallationRow {
  readonly id: string;
  readonly pluginKey: string;
  readonly kind: PluginKind;
  readonly status: InstallationStatus;
  readonly config: Record<string, unknown>;
  readonly secrets: Buffer | null;
  readonly secretsKeyId: string | null;
  /** Names of the secret fields sealed in `secrets`. */
  readonly secretFields: string[];
  readonly pluginVersion: string;
  readonly enabledBy: string | null;
  readonly enabledAt: string | null;
  readonly updatedBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const installationColumns = sql`id, plugin_key as "pluginKey", kind, status, config, secrets,
  secrets_key_id as "secretsKeyId", secret_fields as "secretFields", plugin_version as "pluginVersion", enabled_by as "enabledBy",
  to_json(enabled_at) #>> '{}' as "enabledAt", updated_by as "updatedBy",
  to_json(created_at) #>> '{}' as "createdAt", to_json(updated_at) #>> '{}' as "updatedAt"`;

export function selectInstallations(tx: Tx): Promise<InstallationRow[]> {
  return tx.query<InstallationRow>(
    sql`select ${installationColumns} from plugin_installations order by plugin_key`,
  );
}

export function selectInstallationByKey(
  tx: Tx,
  pluginKey: string,
  lock: 'none' | 'for update' = 'none',
): Promise<InstallationRow | null> {
  return tx.maybeOne<InstallationRow>(sql`select ${installationColumns}
    from plugin_installations where plugin_key = ${pluginKey}
    ${lock === 'for update' ? sql`for update` : sql.empty}`);
}

export function selectInstallationById(tx: Tx, id: string): Promise<InstallationRow | null> {
  return tx.maybeOne<InstallationRow>(
    sql`select ${installationColumns} from plugin_installations where id = ${id}`,
  );
}

export function selectEnabledInstallation(
  tx: Tx,
  kind: PluginKind,
): Promise<InstallationRow | null> {
  return tx.maybeOne<InstallationRow>(sql`select ${installationColumns}
    from plugin_installations where kind = ${kind} and status = 'enabled'`);
}

export interface InstallationWrite {
  readonly tenantId: string;
  readonly id: string;
  readonly pluginKey: string;
  readonly kind: PluginKind;
  readonly config: Readonly<Record<string, unknown>>;
  readonly secrets: Buffer | null;
  readonly secretsKeyId: string | null;
  readonly secretFields: readonly string[];
  readonly pluginVersion: string;
  readonly actorId: string;
}

export async function insertInstallation(tx: Tx, row: InstallationWrite): Promise<void> {
  await tx.execute(sql`insert into plugin_installations (tenant_id, id, plugin_key, kind, config,
      secrets, secrets_key_id, secret_fields, plugin_version, updated_by)
    values (${row.tenantId}, ${row.id}, ${row.pluginKey}, ${row.kind}, ${sql.json(row.config)},
      ${row.secrets}, ${row.secretsKeyId}, ${[...row.secretFields]}::text[], ${row.pluginVersion},
      ${row.actorId})`);
}

export async function updateInstallationConfig(tx: Tx, row: InstallationWrite): Promise<void> {
  await tx.execute(sql`update plugin_installations set config = ${sql.json(row.config)},
      secrets = ${row.secrets}, secrets_key_id = ${row.secretsKeyId},
      secret_fields = ${[...row.secretFields]}::text[], plugin_version = ${row.pluginVersion}, updated_by = ${row.actorId}
    where id = ${row.id}`);
}

export async function updateInstallationStatus(
  tx: Tx,
  id: string,
  status: InstallationStatus,
  actorId: string,
): Promise<void> {
  await tx.execute(sql`update plugin_installations set status = ${status}, updated_by = ${actorId},
      enabled_by = case when ${status} = 'enabled' then ${actorId}::uuid else enabled_by end,
      enabled_at = case when ${status} = 'enabled' then now() else enabled_at end
    where id = ${id}`);
}

/** The enabled installation of a kind other than the given one (what blocks enabling it). */
export function selectOtherEnabled(
  tx: Tx,
  kind: PluginKind,
  exceptId: string,
): Promise<{ pluginKey: string } | null> {
  return tx.maybeOne<{ pluginKey: string }>(sql`select plugin_key as "pluginKey"
    from plugin_installations where kind = ${kind} and status = 'enabled' and id <> ${exceptId}`);
}

// ---- What a plugin is told about its tenant and store ----------------------------------------

export function selectTenantFacts(tx: Tx): Promise<PluginTenant> {
  return tx.one<PluginTenant>(sql`select id, name, currency, country, timezone from tenants`);
}

export function selectStoreFacts(tx: Tx, storeId: string): Promise<PluginStore | null> {
  return tx.maybeOne<PluginStore>(sql`select id, name, timezone from stores where id = ${storeId}`);
}

// ---- The plugin's key-value store --------------------------------------------------------------

export async function selectKv(tx: Tx, installationId: string, key: string): Promise<unknown> {
  const row = await tx.maybeOne<{ value: unknown }>(sql`select value from plugin_kv
    where installation_id = ${installationId} and key = ${key}`);
  return row ? row.value : null;
}

export async function upsertKv(
  tx: Tx,
  row: { tenantId: string; installationId: string; key: string; json: string },
): Promise<void> {
  await tx.execute(sql`insert into plugin_kv (tenant_id, installation_id, key, value)
    values (${row.tenantId}, ${row.installationId}, ${row.key}, ${row.json}::jsonb)
    on conflict (tenant_id, installation_id, key) do update set value = excluded.value`);
}

export async function deleteKv(tx: Tx, installationId: string, key: string): Promise<void> {
  await tx.execute(
    sql`delete from plugin_kv where installation_id = ${installationId} and key = ${key}`,
  );
}

// ---- Registers' card readers ---------------------------------------------------------------------

export interface RegisterReaderRow {
  readonly registerId: string;
  readonly storeId: string;
  readonly cardReaderId: string | null;
}

export function selectRegisterReader(
  tx: Tx,
  registerId: string,
  lock: 'none' | 'for update' = 'none',
): Promise<RegisterReaderRow | null> {
  return tx.maybeOne<RegisterReaderRow>(sql`select id as "registerId", store_id as "storeId",
      card_reader_id as "cardReaderId"
    from registers where id = ${registerId}
    ${lock === 'for update' ? sql`for update` : sql.empty}`);
}

/** The register's card reader at the payment processor, or null (for the payments code). */
export async function selectCardReaderId(tx: Tx, registerId: string): Promise<string | null> {
  return (await selectRegisterReader(tx, registerId))?.cardReaderId ?? null;
}

export async function updateRegisterReader(
  tx: Tx,
  registerId: string,
  cardReaderId: string | null,
): Promise<void> {
  await tx.execute(
    sql`update registers set card_reader_id = ${cardReaderId} where id = ${registerId}`,
  );
}
