import { sql, type Tx } from '@tillpoint/db';
import type { SupplierView } from './supplier-schemas.ts';

const supplierColumns = sql`id, name, contact_name as "contactName", email, phone, notes,
  to_json(archived_at) #>> '{}' as "archivedAt", to_json(created_at) #>> '{}' as "createdAt",
  to_json(updated_at) #>> '{}' as "updatedAt"`;

export interface SupplierRow {
  readonly name: string;
  readonly contactName: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly notes: string | null;
}

export function selectSuppliers(tx: Tx, includeArchived: boolean): Promise<SupplierView[]> {
  return tx.query<SupplierView>(sql`select ${supplierColumns} from suppliers
    where ${includeArchived} or archived_at is null order by lower(name), id`);
}

export function selectSupplier(
  tx: Tx,
  id: string,
  lock: 'for update' | 'none' = 'none',
): Promise<SupplierView | null> {
  return tx.maybeOne<SupplierView>(sql`select ${supplierColumns} from suppliers where id = ${id}
    ${lock === 'for update' ? sql`for update` : sql.empty}`);
}

export function insertSupplier(
  tx: Tx,
  tenantId: string,
  id: string,
  row: SupplierRow,
): Promise<SupplierView> {
  return tx.one<SupplierView>(sql`insert into suppliers (tenant_id, id, name, contact_name, email,
      phone, notes)
    values (${tenantId}, ${id}, ${row.name}, ${row.contactName}, ${row.email}, ${row.phone},
      ${row.notes})
    returning ${supplierColumns}`);
}

export function updateSupplierRow(
  tx: Tx,
  id: string,
  row: SupplierRow & { readonly archived: boolean },
): Promise<SupplierView> {
  return tx.one<SupplierView>(sql`update suppliers set name = ${row.name},
      contact_name = ${row.contactName}, email = ${row.email}, phone = ${row.phone},
      notes = ${row.notes},
      archived_at = case when ${row.archived} then coalesce(archived_at, now()) end
    where id = ${id} returning ${supplierColumns}`);
}
