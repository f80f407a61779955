import { type SqlFragment, sql, type Tx } from '@tillpoint/db';
import type { CustomerView } from './schemas.ts';

const customerColumns = sql`c.id, c.name, c.email, c.phone, c.notes, c.tax_exempt as "taxExempt",
  c.tax_exempt_reference as "taxExemptReference", c.store_credit_minor as "storeCreditMinor",
  to_json(c.archived_at) #>> '{}' as "archivedAt", to_json(c.created_at) #>> '{}' as "createdAt",
  to_json(c.updated_at) #>> '{}' as "updatedAt"`;

/** What a person edits; the service normalizes it before it gets here. */
export interface CustomerFields {
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly notes: string;
  readonly taxExempt: boolean;
  readonly taxExemptReference: string | null;
}

export function selectCustomer(
  tx: Tx,
  id: string,
  lock: 'for update' | 'none' = 'none',
): Promise<CustomerView | null> {
  return tx.maybeOne<CustomerView>(sql`select ${customerColumns} from customers c
    where c.id = ${id} ${lock === 'for update' ? sql`for update` : sql.empty}`);
}

export function insertCustomer(
  tx: Tx,
  tenantId: string,
  id: string,
  row: CustomerFields,
): Promise<CustomerView> {
  return tx.one<CustomerView>(sql`insert into customers as c (tenant_id, id, name, email, phone,
      notes, tax_exempt, tax_exempt_reference)
    values (${tenantId}, ${id}, ${row.name}, ${row.email}, ${row.phone}, ${row.notes},
      ${row.taxExempt}, ${row.taxExemptReference})
    returning ${customerColumns}`);
}

export function updateCustomerRow(tx: Tx, id: string, row: CustomerFields): Promise<CustomerView> {
  return tx.one<CustomerView>(sql`update customers c set name = ${row.name}, email = ${row.email},
      phone = ${row.phone}, notes = ${row.notes}, tax_exempt = ${row.taxExempt},
      tax_exempt_reference = ${row.taxExemptReference}
    where c.id = ${id} returning ${customerColumns}`);
}

export function setArchived(tx: Tx, id: string, archived: boolean): Promise<CustomerView> {
  return tx.one<CustomerView>(sql`update customers c
      set archived_at = case when ${archived} then coalesce(c.archived_at, now()) end
    where c.id = ${id} returning ${customerColumns}`);
}

// ---- search ---------------------------------------------------------------------------------

export interface CustomerSearch {
  /** Trimmed search text, or null for everyone by name. */
  readonly q: string | null;
  /** 0: exact matches of q; 1: names only similar to it (asked for when nothing matches exactly). */
  readonly tier: 0 | 1;
  readonly includeArchived: boolean;
  /** The last (lower-case name, id) of the previous page. */
  readonly after: { readonly name: string; readonly id: string } | null;
  readonly limit: number;
}

export type NamedCustomer = CustomerView & { readonly sortName: string };

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Words of the name to look for (at most six), as given. */
function searchWords(q: string): string[] {
  return q.split(/\s+/).filter(Boolean).slice(0, 6);
}

/** The name contains every word, the email starts with q, or the phone contains q's digits. */
function exactMatch(q: string): SqlFragment {
  const patterns = searchWords(q).map((word) => `%${escapeLike(word)}%`);
  const conditions: SqlFragment[] = [
    sql`c.name ilike all(${patterns}::text[])`,
    sql`c.email like ${`${escapeLike(q.toLowerCase())}%`}`,
  ];
  const digits = q.replace(/\D/g, '');
  // Only text that could be a phone number searches phones ("Room 101" is a name).
  if (/^[+\d\s().-]+$/.test(q) && digits.length >= 3) {
    conditions.push(sql`regexp_replace(c.phone, '[^0-9]', '', 'g') like ${`%${digits}%`}`);
  }
  return sql`(${sql.join(conditions, sql` or `)})`;
}

/** Every word is similar to a word of the name (a typo): pg_trgm word similarity, 0.6 and up. */
function similarName(q: string): SqlFragment {
  return sql`(select bool_and(w <% c.name) from unnest(${searchWords(q)}::text[]) w)`;
}

/**
 * Customers matching the search by name (case-insensitive), then id. Row-level security keeps
 * the tenant's own rows; under it the trigram index cannot serve ILIKE or <% (not LEAKPROOF), so
 * this reads the tenant's customers: fine for thousands. A SECURITY DEFINER search function like
 * catalog_name_matches (0005_catalog.sql) would be the next step for far bigger customer lists.
 */
export function searchCustomers(tx: Tx, search: CustomerSearch): Promise<NamedCustomer[]> {
  const matching =
    search.q === null
      ? sql`true`
      : search.tier === 0
        ? exactMatch(search.q)
        : similarName(search.q);
  const after = search.after
    ? sql`and (lower(c.name), c.id) > (${search.after.name}::text, ${search.after.id}::uuid)`
    : sql.empty;
  return tx.query<NamedCustomer>(sql`select ${customerColumns}, lower(c.name) as "sortName"
    from customers c
    where (${search.includeArchived} or c.archived_at is null) and ${matching} ${after}
    order by lower(c.name), c.id
    limit ${search.limit}`);
}
