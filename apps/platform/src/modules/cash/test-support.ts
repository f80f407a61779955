// Helpers for the cash-session tests: a shop with a paired register and a cashier signed in on
// it, and checks made as the migration owner (no RLS, no application code).
import type pg from 'pg';
import { expect } from 'vitest';
import type { Caller, TestApp } from '../../testing/index.ts';
import { refusalChecks, wholeRows } from '../../testing/refusals.ts';
import { openRegisterShop, type RegisterShop } from '../../testing/shops.ts';
import type { CashSessionView } from './schemas.ts';

export const api = (path: string) => `/api/v1${path}`;

export type Shop = RegisterShop;

export function openShop(t: TestApp, name = 'Cash & Carry'): Promise<Shop> {
  return openRegisterShop(t, name);
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

/** Refusals write nothing to the tables cash sessions write. */
export const { fingerprint, expectRefusedWithoutTrace } = refusalChecks(
  wholeRows(['cash_sessions', 'cash_movements', 'approvals', 'audit_events', 'outbox']),
);

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
