// Helpers for the customer, store-credit and gift-card tests: customers made through the API,
// contexts for driving the ledger kernels directly (as the sales engine does), and checks made
// as the migration owner (no RLS, no application code) so a test sees what is really stored.
import { randomBytes } from 'node:crypto';
import { newId } from '@tillpoint/db';
import type pg from 'pg';
import { expect } from 'vitest';
import type { ServiceContext } from '../../context.ts';
import type { Caller, Response, Retailer } from '../../testing/index.ts';
import type { CustomerView } from './schemas.ts';

export const api = (path: string) => `/api/v1${path}`;

export const NO_SUCH_ID = '01900000-0000-7000-8000-000000000000';

export async function createCustomer(
  caller: Caller,
  body: Record<string, unknown> = {},
): Promise<CustomerView> {
  const response = await caller.post<CustomerView>(api('/customers'), {
    name: `Customer ${randomBytes(3).toString('hex')}`,
    ...body,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** The owner's service context, for calling a ledger kernel inside db.withTenant. */
export function ownerContext(retailer: Retailer): ServiceContext {
  return {
    requestId: `test-${newId()}`,
    ip: '127.0.0.1',
    userAgent: null,
    tenantId: retailer.tenantId,
    actor: {
      type: 'user',
      userId: retailer.ownerId,
      name: 'Owner',
      role: 'owner',
      stores: 'all',
      sessionId: newId(),
      device: null,
    },
  };
}

const WRITTEN_TABLES = [
  'customers',
  'store_credit_entries',
  'gift_cards',
  'gift_card_entries',
  'audit_events',
] as const;

/** A fingerprint of every row the tenant has in the tables these modules write. */
export async function fingerprint(
  owner: pg.Client,
  tenantId: string,
): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of WRITTEN_TABLES) {
    const { rows } = await owner.query<{ digest: string | null }>(
      `select md5(string_agg(r::text, ',' order by r::text)) as digest
       from (select to_jsonb(x) as r from ${table} x where tenant_id = $1) rows`,
      [tenantId],
    );
    result[table] = rows[0]?.digest ?? '';
  }
  return result;
}

/** Runs the attempt and checks it was refused with the code and wrote nothing at all. */
export async function expectRefusedWithoutTrace(
  owner: pg.Client,
  tenantId: string,
  attempt: () => Promise<Response<unknown>>,
  status: number,
  code: string,
): Promise<Response<unknown>> {
  const before = await fingerprint(owner, tenantId);
  const response = await attempt();
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect((response.body as { code?: string }).code).toBe(code);
  expect(await fingerprint(owner, tenantId)).toEqual(before);
  return response;
}

/** The customer's cached balance and the sum and count of their ledger entries, as stored. */
export async function creditState(owner: pg.Client, customerId: string) {
  const { rows } = await owner.query<{ balance: string; ledger: string; entries: number }>(
    `select (select store_credit_minor from customers where id = $1) as balance,
       (select coalesce(sum(amount_minor), 0) from store_credit_entries where customer_id = $1) as ledger,
       (select count(*)::int from store_credit_entries where customer_id = $1) as entries`,
    [customerId],
  );
  const row = rows[0];
  return {
    balance: Number(row?.balance),
    ledger: Number(row?.ledger),
    entries: row?.entries ?? 0,
  };
}

export async function auditActions(owner: pg.Client, targetId: string): Promise<string[]> {
  const { rows } = await owner.query<{ action: string }>(
    'select action from audit_events where target_id = $1 order by seq',
    [targetId],
  );
  return rows.map((row) => row.action);
}
