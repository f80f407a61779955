// Setup most module test files repeat: the app plus an owner connection (the migration owner,
// no RLS, to read what is really stored), and a retailer's staff one per role for permission tests.
import { connectAsOwner } from '@tillpoint/db/testing';
import type { Role } from '@tillpoint/domain';
import type pg from 'pg';
import { addStaff, createTestApp, type Retailer, type StaffMember, type TestApp } from './index.ts';

export interface AppWithOwner {
  readonly t: TestApp;
  readonly owner: pg.Client;
}

/** Opens the app and an owner connection for one test file (call in beforeAll). */
export async function openAppWithOwner(): Promise<AppWithOwner> {
  const t = await createTestApp();
  const owner = await connectAsOwner();
  return { t, owner };
}

/** Closes what openAppWithOwner opened (call in afterAll). */
export async function closeAppWithOwner({ t, owner }: AppWithOwner): Promise<void> {
  await owner.end();
  await t.close();
}

/** One staff member per role (with access to every store), added in the order given. */
export async function addStaffRoles<R extends Role>(
  t: TestApp,
  retailer: Retailer,
  roles: readonly R[],
): Promise<Record<R, StaffMember>> {
  const staff = {} as Record<R, StaffMember>;
  for (const role of roles) staff[role] = await addStaff(t.app, retailer, role);
  return staff;
}
