import { sql, type Tx } from '@tillpoint/db';
import type { RegisterView, StoreView, TenantView } from './schemas.ts';

// Rows come back as API views (ISO timestamps) so REST and GraphQL serialise the same thing.

const storeColumns = sql`id, name, code, address, timezone, currency,
  receipt_header as "receiptHeader", receipt_footer as "receiptFooter",
  to_json(archived_at) #>> '{}' as "archivedAt", to_json(created_at) #>> '{}' as "createdAt",
  to_json(updated_at) #>> '{}' as "updatedAt"`;

export function selectTenant(tx: Tx): Promise<TenantView | null> {
  return tx.maybeOne<TenantView>(sql`select id, name, country, currency, timezone, status,
    to_json(created_at) #>> '{}' as "createdAt" from tenants`);
}

export function selectStores(
  tx: Tx,
  storeIds: readonly string[] | null,
  includeArchived: boolean,
): Promise<StoreView[]> {
  return tx.query<StoreView>(sql`select ${storeColumns} from stores
    where (${storeIds === null} or id = any(${storeIds ?? []}::uuid[]))
      and (${includeArchived} or archived_at is null)
    order by name`);
}

export function selectStore(tx: Tx, id: string): Promise<StoreView | null> {
  return tx.maybeOne<StoreView>(sql`select ${storeColumns} from stores where id = ${id}`);
}

export interface StoreRow {
  readonly name: string;
  readonly code: string | null;
  readonly address: Record<string, string>;
  readonly timezone: string;
  readonly currency: string;
  readonly receiptHeader: string;
  readonly receiptFooter: string;
}

export function insertStore(
  tx: Tx,
  tenantId: string,
  id: string,
  store: StoreRow,
): Promise<StoreView> {
  return tx.one<StoreView>(sql`insert into stores (tenant_id, id, name, code, address, timezone,
      currency, receipt_header, receipt_footer)
    values (${tenantId}, ${id}, ${store.name}, ${store.code}, ${sql.json(store.address)},
      ${store.timezone}, ${store.currency}, ${store.receiptHeader}, ${store.receiptFooter})
    returning ${storeColumns}`);
}

export function updateStoreRow(tx: Tx, id: string, store: StoreRow): Promise<StoreView | null> {
  return tx.maybeOne<StoreView>(sql`update stores set name = ${store.name}, code = ${store.code},
      address = ${sql.json(store.address)}, timezone = ${store.timezone}, currency = ${store.currency},
      receipt_header = ${store.receiptHeader}, receipt_footer = ${store.receiptFooter}
    where id = ${id} and archived_at is null
    returning ${storeColumns}`);
}

export function archiveStoreRow(tx: Tx, id: string): Promise<StoreView | null> {
  return tx.maybeOne<StoreView>(sql`update stores set archived_at = now()
    where id = ${id} and archived_at is null returning ${storeColumns}`);
}

const registerColumns = sql`r.id, r.store_id as "storeId", r.name,
  exists (select 1 from register_devices d where d.register_id = r.id and d.revoked_at is null) as paired,
  to_json(r.archived_at) #>> '{}' as "archivedAt", to_json(r.created_at) #>> '{}' as "createdAt"`;

export function selectRegisters(
  tx: Tx,
  storeId: string,
  includeArchived: boolean,
): Promise<RegisterView[]> {
  return tx.query<RegisterView>(sql`select ${registerColumns} from registers r
    where r.store_id = ${storeId} and (${includeArchived} or r.archived_at is null) order by r.name`);
}

export function selectRegister(tx: Tx, id: string): Promise<RegisterView | null> {
  return tx.maybeOne<RegisterView>(
    sql`select ${registerColumns} from registers r where r.id = ${id}`,
  );
}

export async function insertRegister(
  tx: Tx,
  tenantId: string,
  id: string,
  storeId: string,
  name: string,
): Promise<RegisterView> {
  await tx.execute(sql`insert into registers (tenant_id, id, store_id, name)
    values (${tenantId}, ${id}, ${storeId}, ${name})`);
  return tx.one<RegisterView>(sql`select ${registerColumns} from registers r where r.id = ${id}`);
}

export function renameRegister(tx: Tx, id: string, name: string): Promise<number> {
  return tx.execute(
    sql`update registers set name = ${name} where id = ${id} and archived_at is null`,
  );
}

export function archiveRegisterRow(tx: Tx, id: string): Promise<number> {
  return tx.execute(
    sql`update registers set archived_at = now() where id = ${id} and archived_at is null`,
  );
}

export function revokeRegisterDevices(
  tx: Tx,
  registerId: string,
  revokedBy: string | null,
): Promise<number> {
  return tx.execute(sql`update register_devices set revoked_at = now(), revoked_by = ${revokedBy}
    where register_id = ${registerId} and revoked_at is null`);
}
