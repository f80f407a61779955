import { sql, type Tx } from '@tillpoint/db';
import type { TaxRateView } from './rate-schemas.ts';

export const taxRateColumns = sql`id, code, name, rate_ppm as "ratePpm", compound,
  to_json(archived_at) #>> '{}' as "archivedAt", to_json(created_at) #>> '{}' as "createdAt",
  to_json(updated_at) #>> '{}' as "updatedAt"`;

export function selectTaxRates(tx: Tx, includeArchived: boolean): Promise<TaxRateView[]> {
  return tx.query<TaxRateView>(sql`select ${taxRateColumns} from tax_rates
    where ${includeArchived} or archived_at is null order by code, id`);
}

export function selectTaxRate(
  tx: Tx,
  id: string,
  lock: 'for update' | 'none' = 'none',
): Promise<TaxRateView | null> {
  return tx.maybeOne<TaxRateView>(sql`select ${taxRateColumns} from tax_rates where id = ${id}
    ${lock === 'for update' ? sql`for update` : sql.empty}`);
}

/**
 * The rates with these ids (in no particular order). `for share` keeps a rate from being
 * archived while a category set naming it is being written.
 */
export function selectTaxRatesByIds(tx: Tx, ids: readonly string[]): Promise<TaxRateView[]> {
  return tx.query<TaxRateView>(sql`select ${taxRateColumns} from tax_rates
    where id = any(${ids}::uuid[]) for share`);
}

export interface TaxRateRow {
  readonly name: string;
  readonly ratePpm: number;
  readonly compound: boolean;
}

export function insertTaxRate(
  tx: Tx,
  tenantId: string,
  id: string,
  row: TaxRateRow & { readonly code: string },
): Promise<TaxRateView> {
  return tx.one<TaxRateView>(sql`insert into tax_rates
      (tenant_id, id, code, name, rate_ppm, compound)
    values (${tenantId}, ${id}, ${row.code}, ${row.name}, ${row.ratePpm}, ${row.compound})
    returning ${taxRateColumns}`);
}

export function updateTaxRateRow(tx: Tx, id: string, row: TaxRateRow): Promise<TaxRateView> {
  return tx.one<TaxRateView>(sql`update tax_rates set name = ${row.name},
      rate_ppm = ${row.ratePpm}, compound = ${row.compound}
    where id = ${id} returning ${taxRateColumns}`);
}

export function archiveTaxRateRow(tx: Tx, id: string): Promise<TaxRateView> {
  return tx.one<TaxRateView>(sql`update tax_rates set archived_at = now()
    where id = ${id} returning ${taxRateColumns}`);
}
