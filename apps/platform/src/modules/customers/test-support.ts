// Helpers for the customer, store-credit and gift-card tests: customers made through the API,
// contexts for driving the ledger kernels directly (as the sales engine does), and checks made
// as the migration owner (no RLS, no application code) so a test sees what is really stored.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { expect } from 'vitest';
import type { Caller } from '../../testing/index.ts';
import { refusalChecks, wholeRows } from '../../testing/refusals.ts';
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

// Kernel tests here (and in gift-cards) drive the ledgers as the owner.
export { ownerContext } from '../../testing/context.ts';

/** Refusals write nothing to the tables customers, store credit and gift cards write (whole rows). */
export const { fingerprint, expectRefusedWithoutTrace } = refusalChecks(
  wholeRows(
    ['customers', 'store_credit_entries', 'gift_cards', 'gift_card_entries', 'audit_events'],
    [],
  ),
);

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
