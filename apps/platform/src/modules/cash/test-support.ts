// Helpers for the cash-session tests: a shop with a paired register and a cashier signed in on
// it, and checks made as the migration owner (no RLS, no application code).
import type pg from 'pg';
import { expect } from 'vitest';
import {
  addStaff,
  type Caller,
  pairDevice,
  pinSignIn,
  type Response,
  type Retailer,
  type StaffMember,
  signUpRetailer,
  type TestApp,
} from '../../testing/index.ts';
import type { CashSessionView } from './schemas.ts';

export const api = (path: string) => `/api/v1${path}`;

export interface Shop {
  readonly retailer: Retailer;
  readonly manager: StaffMember;
  readonly cashier: StaffMember;
  readonly registerId: string;
  /** The cashier's PIN session on the register's paired device. */
  readonly till: Caller;
  /** The manager's PIN session on the same device. */
  readonly managerTill: Caller;
}

export async function openShop(t: TestApp, name = 'Cash & Carry'): Promise<Shop> {
  const retailer = await signUpRetailer(t.app, name);
  const manager = await addStaff(t.app, retailer, 'manager');
  const cashier = await addStaff(t.app, retailer, 'cashier', { storeIds: [retailer.storeId] });
  const paired = await pairDevice(t.app, manager.caller, retailer.storeId);
  return {
    retailer,
    manager,
    cashier,
    registerId: paired.registerId,
    till: await pinSignIn(t.app, paired.device, cashier.id, cashier.pin),
    managerTill: await pinSignIn(t.app, paired.device, manager.id, manager.pin),
  };
}

/** $150 float: 5 × $20, 8 × $5, 10 × $1. */
export const FLOAT = { '2000': 5, '500': 8, '100': 10 } as const;
export const FLOAT_MINOR = 15_000;

export async function openSession(
  caller: Caller,
  registerId: string,
  counts: Record<string, number> = FLOAT,
): Promise<CashSessionView> {
  const response = await caller.post<CashSessionView>(
    api(`/registers/${registerId}/cash-sessions`),
    { counts },
  );
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

const WRITTEN_TABLES = [
  'cash_sessions',
  'cash_movements',
  'approvals',
  'audit_events',
  'outbox',
] as const;

/** A fingerprint of every row the tenant has in the tables cash sessions write. */
export async function fingerprint(
  owner: pg.Client,
  tenantId: string,
): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of WRITTEN_TABLES) {
    const { rows } = await owner.query<{ digest: string | null }>(
      // published_at: the outbox relay marks earlier events on its own schedule.
      `select md5(string_agg(r::text, ',' order by r::text)) as digest
       from (select to_jsonb(x) - 'published_at' as r from ${table} x where tenant_id = $1) rows`,
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
  attempt: () => Promise<Response<object>>,
  status: number,
  code: string,
): Promise<Response> {
  const before = await fingerprint(owner, tenantId);
  const response = (await attempt()) as Response;
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.code).toBe(code);
  expect(await fingerprint(owner, tenantId)).toEqual(before);
  return response;
}

export async function auditOf(
  owner: pg.Client,
  tenantId: string,
  action: string,
): Promise<{ actor_id: string | null; target_id: string; after: Record<string, unknown> }[]> {
  const { rows } = await owner.query(
    `select actor_id, target_id, after from audit_events
     where tenant_id = $1 and action = $2 order by seq`,
    [tenantId, action],
  );
  return rows;
}
