import type { ApprovalAction } from '@tillpoint/domain';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceRef, ServiceContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import {
  addStaff,
  Caller,
  pairDevice,
  type Retailer,
  type StaffMember,
  signUpRetailer,
  type TestApp,
} from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import { consumeApproval } from './approval-service.ts';

let t: TestApp;
let owner: pg.Client;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
});
afterAll(() => closeAppWithOwner({ t, owner }));

interface Counts {
  approvals: number;
  audit: number;
}

async function counts(tenantId: string): Promise<Counts> {
  const { rows } = await owner.query<Counts>(
    `select (select count(*)::int from approvals where tenant_id = $1) as approvals,
       (select count(*)::int from audit_events where tenant_id = $1) as audit`,
    [tenantId],
  );
  const row = rows[0];
  if (!row) throw new Error('no counts');
  return row;
}

async function auditOf(
  tenantId: string,
  action: string,
  targetId: string,
): Promise<{ actor_id: string | null; after: Record<string, unknown> | null }[]> {
  const { rows } = await owner.query<{
    actor_id: string | null;
    after: Record<string, unknown> | null;
  }>(
    `select actor_id, after from audit_events
     where tenant_id = $1 and action = $2 and target_id = $3 order by seq`,
    [tenantId, action, targetId],
  );
  return rows;
}

interface ApprovalView {
  id: string;
  action: string;
  requestedBy: string;
  approvedBy: string;
  expiresAt: string;
}

interface Register {
  readonly caller: Caller;
  readonly ctx: ServiceContext;
  readonly device: DeviceRef;
}

/** PIN sign-in on the device; returns the register caller and the cashier's ServiceContext. */
async function signInOnRegister(
  device: Caller,
  deviceRef: DeviceRef,
  tenantId: string,
  member: StaffMember,
  role: 'cashier' | 'manager',
  stores: 'all' | readonly string[],
): Promise<Register> {
  const session = await device.post<{ token: string; sessionId: string; user: { name: string } }>(
    '/api/v1/device/sessions',
    { userId: member.id, pin: member.pin },
  );
  expect(session.status).toBe(201);
  return {
    caller: new Caller(t.app, { bearer: session.body.token }),
    device: deviceRef,
    ctx: {
      requestId: `test-${session.body.sessionId}`,
      ip: '127.0.0.1',
      userAgent: null,
      tenantId,
      actor: {
        type: 'user',
        userId: member.id,
        name: session.body.user.name,
        role,
        stores,
        sessionId: session.body.sessionId,
        device: deviceRef,
      },
    },
  };
}

interface Shop {
  retailer: Retailer;
  storeB: string;
  manager: StaffMember;
  cashier: StaffMember;
  register: Register;
  device: Caller;
}

async function openShop(): Promise<Shop> {
  const retailer = await signUpRetailer(t.app);
  const storeB = await retailer.owner.post<{ id: string }>('/api/v1/stores', {
    name: 'Uptown',
    timezone: 'America/Chicago',
  });
  expect(storeB.status).toBe(201);
  const manager = await addStaff(t.app, retailer, 'manager');
  const cashier = await addStaff(t.app, retailer, 'cashier', { storeIds: [retailer.storeId] });
  const paired = await pairDevice(t.app, manager.caller, retailer.storeId);
  const deviceRef: DeviceRef = {
    deviceId: paired.deviceId,
    registerId: paired.registerId,
    storeId: retailer.storeId,
  };
  const register = await signInOnRegister(
    paired.device,
    deviceRef,
    retailer.tenantId,
    cashier,
    'cashier',
    [retailer.storeId],
  );
  return { retailer, storeB: storeB.body.id, manager, cashier, register, device: paired.device };
}

function grant(register: Register, body: Record<string, unknown>) {
  return register.caller.post<ApprovalView & { code?: string }>('/api/v1/approvals', body);
}

function consume(register: Register, approvalId: string, action: ApprovalAction) {
  return t.db.withTenant(register.ctx, (tx) =>
    consumeApproval(tx, register.ctx, approvalId, action),
  );
}

async function expectInvalid(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(error).toMatchObject({ code: 'approval.invalid', status: 422 });
}

describe('manager approval', () => {
  let shop: Shop;

  beforeAll(async () => {
    shop = await openShop();
  });

  it("grants an approval with the manager's PIN on the cashier's register", async () => {
    const { retailer, manager, cashier, register } = shop;
    const response = await grant(register, {
      action: 'sale.void',
      approverId: manager.id,
      pin: manager.pin,
      reason: 'Customer changed their mind',
      subject: { saleId: 'S-1001' },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      action: 'sale.void',
      requestedBy: cashier.id,
      approvedBy: manager.id,
    });
    expect(new Date(response.body.expiresAt).getTime()).toBeGreaterThan(Date.now());

    const { rows } = await owner.query(
      `select action, requested_by, approved_by, store_id, device_id, subject, reason,
         consumed_at is null as unused
       from approvals where id = $1`,
      [response.body.id],
    );
    expect(rows).toEqual([
      {
        action: 'sale.void',
        requested_by: cashier.id,
        approved_by: manager.id,
        store_id: retailer.storeId,
        device_id: register.device.deviceId,
        subject: { saleId: 'S-1001' },
        reason: 'Customer changed their mind',
        unused: true,
      },
    ]);
    const audit = await auditOf(retailer.tenantId, 'approval.granted', response.body.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBe(cashier.id);
    expect(audit[0]?.after).toMatchObject({ action: 'sale.void', approvedBy: manager.id });
    expect(JSON.stringify(audit)).not.toContain(manager.pin);
  });

  it('refuses a wrong manager PIN, writes no approval and counts the failure', async () => {
    const { retailer, manager, register } = shop;
    const before = await counts(retailer.tenantId);
    const response = await grant(register, {
      action: 'sale.void',
      approverId: manager.id,
      pin: '8642',
    });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('auth.invalid_pin');
    const after = await counts(retailer.tenantId);
    expect(after.approvals).toBe(before.approvals);
    const { rows } = await owner.query<{ failed_pin_count: number }>(
      `select failed_pin_count from users where id = $1`,
      [manager.id],
    );
    expect(rows[0]?.failed_pin_count).toBe(1);
    expect(await auditOf(retailer.tenantId, 'auth.pin_failed', manager.id)).toHaveLength(1);
    // A right PIN afterwards clears the count again.
    expect(
      (
        await grant(register, {
          action: 'drawer.no_sale',
          approverId: manager.id,
          pin: manager.pin,
        })
      ).status,
    ).toBe(201);
    const cleared = await owner.query<{ failed_pin_count: number }>(
      `select failed_pin_count from users where id = $1`,
      [manager.id],
    );
    expect(cleared.rows[0]?.failed_pin_count).toBe(0);
  });

  it.each([
    ['the requester approving themselves', 'self', 422, 'approval.self_approval'],
    ['a cashier as approver', 'cashier', 422, 'approval.not_allowed'],
    ['a manager limited to another store', 'managerB', 422, 'approval.not_allowed'],
    ['an accountant as approver', 'accountant', 422, 'approval.not_allowed'],
    ['a manager of another tenant', 'stranger', 422, 'approval.not_allowed'],
  ] as const)('refuses %s and writes nothing', async (_label, who, status, code) => {
    const { retailer, storeB, cashier, register } = shop;
    let approver: StaffMember;
    switch (who) {
      case 'self':
        approver = cashier;
        break;
      case 'cashier':
        approver = await addStaff(t.app, retailer, 'cashier', { pin: '5173' });
        break;
      case 'managerB':
        approver = await addStaff(t.app, retailer, 'manager', { storeIds: [storeB] });
        break;
      case 'accountant':
        approver = await addStaff(t.app, retailer, 'accountant');
        break;
      case 'stranger':
        approver = await addStaff(t.app, await signUpRetailer(t.app), 'manager');
        break;
    }
    const before = await counts(retailer.tenantId);
    const response = await grant(register, {
      action: 'sale.void',
      approverId: approver.id,
      pin: approver.pin,
    });
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect(await counts(retailer.tenantId)).toEqual(before);
  });

  it('refuses an unknown action and malformed bodies with validation.failed', async () => {
    const { retailer, manager, register } = shop;
    const before = await counts(retailer.tenantId);
    for (const body of [
      { action: 'sale.launch_rocket', approverId: manager.id, pin: manager.pin },
      { action: 'sale.void', approverId: manager.id, pin: '12' },
      { action: 'sale.void', approverId: 'not-a-uuid', pin: manager.pin },
      { action: 'sale.void', approverId: manager.id, pin: manager.pin, approved: true },
    ]) {
      const response = await grant(register, body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation.failed');
    }
    expect(await counts(retailer.tenantId)).toEqual(before);
  });

  it('is not for anonymous callers, devices alone or accountants', async () => {
    const { retailer, manager, device } = shop;
    const accountant = await addStaff(t.app, retailer, 'accountant');
    const before = await counts(retailer.tenantId);
    const body = { action: 'sale.void', approverId: manager.id, pin: manager.pin };
    const anonymous = await new Caller(t.app).post('/api/v1/approvals', body);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('auth.unauthenticated');
    for (const caller of [device, accountant.caller]) {
      const response = await caller.post('/api/v1/approvals', body);
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('auth.forbidden');
    }
    expect(await counts(retailer.tenantId)).toEqual(before);
  });

  it('consumes an approval exactly once, for its action and requester only', async () => {
    const { retailer, manager, register } = shop;
    const granted = await grant(register, {
      action: 'sale.void',
      approverId: manager.id,
      pin: manager.pin,
    });
    expect(granted.status).toBe(201);
    const id = granted.body.id;

    // The wrong action is refused and leaves the approval usable.
    await expectInvalid(consume(register, id, 'drawer.no_sale'));
    // Another cashier cannot use it.
    const otherCashier = await addStaff(t.app, retailer, 'cashier', { pin: '5173' });
    const other = await signInOnRegister(
      shop.device,
      register.device,
      retailer.tenantId,
      otherCashier,
      'cashier',
      'all',
    );
    await expectInvalid(consume(other, id, 'sale.void'));
    expect(await auditOf(retailer.tenantId, 'approval.consumed', id)).toEqual([]);

    await expect(consume(register, id, 'sale.void')).resolves.toEqual({ approvedBy: manager.id });
    const { rows } = await owner.query<{ consumed: boolean }>(
      `select consumed_at is not null as consumed from approvals where id = $1`,
      [id],
    );
    expect(rows).toEqual([{ consumed: true }]);

    const before = await counts(retailer.tenantId);
    await expectInvalid(consume(register, id, 'sale.void'));
    expect(await counts(retailer.tenantId)).toEqual(before);

    const consumed = await auditOf(retailer.tenantId, 'approval.consumed', id);
    expect(consumed).toEqual([
      { actor_id: shop.cashier.id, after: { action: 'sale.void', approvedBy: manager.id } },
    ]);
  });

  it('refuses an expired approval', async () => {
    const { retailer, manager, register } = shop;
    const granted = await grant(register, {
      action: 'refund.without_receipt',
      approverId: manager.id,
      pin: manager.pin,
    });
    expect(granted.status).toBe(201);
    await owner.query(
      `update approvals set created_at = now() - interval '10 minutes',
         expires_at = now() - interval '1 second' where id = $1`,
      [granted.body.id],
    );
    await expectInvalid(consume(register, granted.body.id, 'refund.without_receipt'));
    expect(await auditOf(retailer.tenantId, 'approval.consumed', granted.body.id)).toEqual([]);
  });

  it('refuses an approval of another tenant', async () => {
    const foreign = await openShop();
    const granted = await grant(foreign.register, {
      action: 'sale.void',
      approverId: foreign.manager.id,
      pin: foreign.manager.pin,
    });
    expect(granted.status).toBe(201);
    await expectInvalid(consume(shop.register, granted.body.id, 'sale.void'));
    const { rows } = await owner.query<{ consumed: boolean }>(
      `select consumed_at is not null as consumed from approvals where id = $1`,
      [granted.body.id],
    );
    expect(rows).toEqual([{ consumed: false }]);
  });
});

describe('approval PIN lockout', () => {
  it("wrong manager PINs on approvals lock the manager's PIN", async () => {
    const { retailer, manager, register, device } = await openShop();
    const results: [number, unknown][] = [];
    for (let i = 0; i < 5; i++) {
      const response = await grant(register, {
        action: 'sale.void',
        approverId: manager.id,
        pin: '8642',
      });
      results.push([response.status, response.body.code]);
    }
    expect(results).toEqual([
      [401, 'auth.invalid_pin'],
      [401, 'auth.invalid_pin'],
      [401, 'auth.invalid_pin'],
      [401, 'auth.invalid_pin'],
      [423, 'auth.locked'],
    ]);
    const before = await counts(retailer.tenantId);
    const right = await grant(register, {
      action: 'sale.void',
      approverId: manager.id,
      pin: manager.pin,
    });
    expect(right.status).toBe(423);
    expect(right.body.code).toBe('auth.locked');
    expect(await counts(retailer.tenantId)).toEqual(before);
    // The same lock keeps the manager off the PIN screen.
    const pinSignIn = await device.post('/api/v1/device/sessions', {
      userId: manager.id,
      pin: manager.pin,
    });
    expect(pinSignIn.status).toBe(423);
    expect(pinSignIn.body.code).toBe('auth.locked');

    const unlocked = await retailer.owner.post(`/api/v1/users/${manager.id}/unlock`);
    expect(unlocked.status).toBe(200);
    const again = await grant(register, {
      action: 'sale.void',
      approverId: manager.id,
      pin: manager.pin,
    });
    expect(again.status).toBe(201);
  });
});
