import { createHash } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseToken } from '../../lib/opaque-tokens.ts';
import {
  addStaff,
  Caller,
  pairDevice,
  pinSignIn,
  type Retailer,
  signIn,
  signUpRetailer,
  TEST_PASSWORD,
  type TestApp,
  uniqueEmail,
} from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';

let t: TestApp;
let owner: pg.Client;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
});
afterAll(() => closeAppWithOwner({ t, owner }));

interface Counts {
  devices: number;
  pairings: number;
  sessions: number;
  stores: number;
  users: number;
  audit: number;
}

/** Row counts of one tenant, read as the migration owner (no RLS, no app code in between). */
async function counts(tenantId: string): Promise<Counts> {
  const { rows } = await owner.query<Counts>(
    `select (select count(*)::int from register_devices where tenant_id = $1) as devices,
       (select count(*)::int from register_pairings where tenant_id = $1) as pairings,
       (select count(*)::int from user_sessions where tenant_id = $1) as sessions,
       (select count(*)::int from stores where tenant_id = $1) as stores,
       (select count(*)::int from users where tenant_id = $1) as users,
       (select count(*)::int from audit_events where tenant_id = $1) as audit`,
    [tenantId],
  );
  const row = rows[0];
  if (!row) throw new Error('no counts');
  return row;
}

async function createRegister(manager: Caller, storeId: string, name: string): Promise<string> {
  const register = await manager.post<{ id: string }>(`/api/v1/stores/${storeId}/registers`, {
    name,
  });
  expect(register.status).toBe(201);
  return register.body.id;
}

async function pairingCode(manager: Caller, registerId: string): Promise<string> {
  const code = await manager.post<{ code: string; registerId: string; expiresAt: string }>(
    `/api/v1/registers/${registerId}/pairing-codes`,
  );
  expect(code.status).toBe(201);
  expect(code.body.registerId).toBe(registerId);
  return code.body.code;
}

interface Paired {
  deviceToken: string;
  deviceId: string;
  registerId: string;
  storeId: string;
  tenantId: string;
}

function pair(code: string) {
  return new Caller(t.app).post<Paired & { code?: string }>('/api/v1/devices/pair', { code });
}

async function openStore(retailer: Retailer, name: string): Promise<string> {
  const store = await retailer.owner.post<{ id: string }>('/api/v1/stores', {
    name,
    timezone: 'America/Chicago',
  });
  expect(store.status).toBe(201);
  return store.body.id;
}

async function auditCount(tenantId: string, action: string, targetId: string): Promise<number> {
  const { rows } = await owner.query<{ n: number }>(
    `select count(*)::int as n from audit_events where tenant_id = $1 and action = $2 and target_id = $3`,
    [tenantId, action, targetId],
  );
  return rows[0]?.n ?? 0;
}

function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

function rebuildToken(prefix: string, tenantId: string, id: string, secret: Buffer): string {
  const bytes = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex');
  return `${prefix}_${Buffer.concat([bytes(tenantId), bytes(id), secret]).toString('base64url')}`;
}

describe('device pairing', () => {
  it('pairs a device with a one-time code and stores only a hash of its token', async () => {
    const retailer = await signUpRetailer(t.app);
    const manager = await addStaff(t.app, retailer, 'manager');
    const registerId = await createRegister(manager.caller, retailer.storeId, 'Front till');
    const code = await pairingCode(manager.caller, registerId);
    expect(code).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);

    const paired = await pair(code);
    expect(paired.status).toBe(201);
    expect(paired.body).toMatchObject({
      registerId,
      storeId: retailer.storeId,
      tenantId: retailer.tenantId,
    });
    expect(paired.body.deviceToken.startsWith('tpd_')).toBe(true);

    const { rows } = await owner.query<{ token_hash: Buffer; paired_by: string }>(
      `select token_hash, paired_by from register_devices where id = $1`,
      [paired.body.deviceId],
    );
    const stored = rows[0];
    if (!stored) throw new Error('device row missing');
    expect(stored.paired_by).toBe(manager.id);
    expect(stored.token_hash.length).toBe(32);
    expect(stored.token_hash.equals(Buffer.from(paired.body.deviceToken))).toBe(false);
    expect(paired.body.deviceToken).not.toContain(stored.token_hash.toString('base64url'));
    const parsed = parseToken(paired.body.deviceToken);
    if (!parsed) throw new Error('token does not parse');
    expect(stored.token_hash.equals(sha256(parsed.secret))).toBe(true);

    const device = new Caller(t.app, { bearer: paired.body.deviceToken });
    const me = await device.get<{ actorType: string; user: unknown; device: unknown }>(
      '/api/v1/me',
    );
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      actorType: 'device',
      user: null,
      device: { deviceId: paired.body.deviceId, registerId, storeId: retailer.storeId },
    });
    expect(await auditCount(retailer.tenantId, 'device.paired', registerId)).toBe(1);
  });

  it('refuses a code used twice and writes nothing', async () => {
    const retailer = await signUpRetailer(t.app);
    const manager = await addStaff(t.app, retailer, 'manager');
    const registerId = await createRegister(manager.caller, retailer.storeId, 'Till 1');
    const code = await pairingCode(manager.caller, registerId);
    expect((await pair(code)).status).toBe(201);
    const before = await counts(retailer.tenantId);
    const again = await pair(code);
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('device.pairing_code_invalid');
    expect(await counts(retailer.tenantId)).toEqual(before);
  });

  it('refuses an expired code and an unknown code', async () => {
    const retailer = await signUpRetailer(t.app);
    const manager = await addStaff(t.app, retailer, 'manager');
    const registerId = await createRegister(manager.caller, retailer.storeId, 'Till 1');
    const code = await pairingCode(manager.caller, registerId);
    await owner.query(
      `update register_pairings set created_at = now() - interval '1 hour',
         expires_at = now() - interval '1 minute' where register_id = $1`,
      [registerId],
    );
    const before = await counts(retailer.tenantId);
    const expired = await pair(code);
    expect(expired.status).toBe(422);
    expect(expired.body.code).toBe('device.pairing_code_invalid');
    const unknown = await pair('ABCDE-FGHJK');
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('device.pairing_code_invalid');
    expect(await counts(retailer.tenantId)).toEqual(before);
  });

  it('a new code invalidates the previous unused one', async () => {
    const retailer = await signUpRetailer(t.app);
    const manager = await addStaff(t.app, retailer, 'manager');
    const registerId = await createRegister(manager.caller, retailer.storeId, 'Till 1');
    const first = await pairingCode(manager.caller, registerId);
    const second = await pairingCode(manager.caller, registerId);
    const before = await counts(retailer.tenantId);
    const old = await pair(first);
    expect(old.status).toBe(422);
    expect(old.body.code).toBe('device.pairing_code_invalid');
    expect(await counts(retailer.tenantId)).toEqual(before);
    const fresh = await pair(second);
    expect(fresh.status).toBe(201);
    expect(fresh.body.registerId).toBe(registerId);
  });

  it('a manager limited to another store cannot create a pairing code', async () => {
    const retailer = await signUpRetailer(t.app);
    const storeB = await openStore(retailer, 'Uptown');
    const managerB = await addStaff(t.app, retailer, 'manager', { storeIds: [storeB] });
    const registerId = await createRegister(retailer.owner, retailer.storeId, 'Till 1');
    const before = await counts(retailer.tenantId);
    const code = await managerB.caller.post(`/api/v1/registers/${registerId}/pairing-codes`);
    expect(code.status).toBe(403);
    expect(code.body.code).toBe('auth.store_forbidden');
    expect(await counts(retailer.tenantId)).toEqual(before);
  });

  it('pairing a second device to the register revokes the first device token', async () => {
    const retailer = await signUpRetailer(t.app);
    const manager = await addStaff(t.app, retailer, 'manager');
    const first = await pairDevice(t.app, manager.caller, retailer.storeId);
    expect((await first.device.get('/api/v1/me')).status).toBe(200);

    const code = await pairingCode(manager.caller, first.registerId);
    const second = await pair(code);
    expect(second.status).toBe(201);
    expect(second.body.registerId).toBe(first.registerId);

    const stale = await first.device.get('/api/v1/me');
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('auth.invalid_token');
    const fresh = await new Caller(t.app, { bearer: second.body.deviceToken }).get('/api/v1/me');
    expect(fresh.status).toBe(200);
    const { rows } = await owner.query<{ id: string; revoked: boolean }>(
      `select id, revoked_at is not null as revoked from register_devices
       where register_id = $1 order by paired_at`,
      [first.registerId],
    );
    expect(rows).toEqual([
      { id: first.deviceId, revoked: true },
      { id: second.body.deviceId, revoked: false },
    ]);
  });
});

describe('PIN sign-in on a paired device', () => {
  it('gives a cashier a tps_ session that knows the device and role', async () => {
    const retailer = await signUpRetailer(t.app);
    const manager = await addStaff(t.app, retailer, 'manager');
    const cashier = await addStaff(t.app, retailer, 'cashier');
    const { device, deviceId, registerId } = await pairDevice(
      t.app,
      manager.caller,
      retailer.storeId,
    );
    const session = await device.post<{
      token: string;
      sessionId: string;
      user: { id: string; role: string };
    }>('/api/v1/device/sessions', { userId: cashier.id, pin: cashier.pin });
    expect(session.status).toBe(201);
    expect(session.body.token.startsWith('tps_')).toBe(true);
    expect(session.body.user).toMatchObject({ id: cashier.id, role: 'cashier' });

    const { rows } = await owner.query<{ kind: string; device_id: string; token_hash: Buffer }>(
      `select kind, device_id, token_hash from user_sessions where id = $1`,
      [session.body.sessionId],
    );
    const row = rows[0];
    if (!row) throw new Error('session row missing');
    expect(row.kind).toBe('pin');
    expect(row.device_id).toBe(deviceId);
    expect(row.token_hash.length).toBe(32);
    expect(row.token_hash.equals(Buffer.from(session.body.token))).toBe(false);

    const register = new Caller(t.app, { bearer: session.body.token });
    const me = await register.get<{
      actorType: string;
      user: { id: string; role: string };
      device: unknown;
      csrfToken: string | null;
    }>('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.actorType).toBe('user');
    expect(me.body.user).toMatchObject({ id: cashier.id, role: 'cashier' });
    expect(me.body.device).toEqual({ deviceId, registerId, storeId: retailer.storeId });
    expect(me.body.csrfToken).toBeNull();
    expect(await auditCount(retailer.tenantId, 'auth.pin_signed_in', session.body.sessionId)).toBe(
      1,
    );
  });

  it("lists only the device store's staff with PINs, without emails or hashes", async () => {
    const retailer = await signUpRetailer(t.app);
    const storeB = await openStore(retailer, 'Uptown');
    const manager = await addStaff(t.app, retailer, 'manager');
    const cashierA = await addStaff(t.app, retailer, 'cashier', { storeIds: [retailer.storeId] });
    const cashierB = await addStaff(t.app, retailer, 'cashier', { storeIds: [storeB] });
    const accountant = await addStaff(t.app, retailer, 'accountant');
    const noPin = await retailer.owner.post<{ id: string }>('/api/v1/users', {
      name: 'No Pin Cashier',
      role: 'cashier',
    });
    expect(noPin.status).toBe(201);
    const { device } = await pairDevice(t.app, manager.caller, retailer.storeId);

    const staff =
      await device.get<{ id: string; name: string; role: string; pinLocked: boolean }[]>(
        '/api/v1/device/staff',
      );
    expect(staff.status).toBe(200);
    const ids = staff.body.map((member) => member.id).sort();
    expect(ids).toEqual([manager.id, cashierA.id].sort());
    expect(ids).not.toContain(cashierB.id);
    expect(ids).not.toContain(accountant.id);
    expect(ids).not.toContain(noPin.body.id);
    expect(ids).not.toContain(retailer.ownerId);
    for (const member of staff.body) {
      expect(Object.keys(member).sort()).toEqual(['id', 'name', 'pinLocked', 'role']);
    }
    const text = JSON.stringify(staff.body);
    expect(text).not.toContain('@');
    expect(text).not.toContain('argon2');

    // A cashier's PIN session on the register sees the same list.
    const register = await pinSignIn(t.app, device, cashierA.id, cashierA.pin);
    const again = await register.get<{ id: string }[]>('/api/v1/device/staff');
    expect(again.status).toBe(200);
    expect(again.body.map((member) => member.id).sort()).toEqual(ids);

    // A back-office session is not a register.
    const office = await retailer.owner.get('/api/v1/device/staff');
    expect(office.status).toBe(401);
    expect(office.body.code).toBe('auth.unauthenticated');
  });

  it('refuses a wrong PIN, locks after 5 failures, and a manager unlocks', async () => {
    const retailer = await signUpRetailer(t.app);
    const manager = await addStaff(t.app, retailer, 'manager');
    const cashier = await addStaff(t.app, retailer, 'cashier');
    const { device } = await pairDevice(t.app, manager.caller, retailer.storeId);
    const sessionsBefore = (await counts(retailer.tenantId)).sessions;

    const statuses: [number, unknown][] = [];
    for (let i = 0; i < 5; i++) {
      const attempt = await device.post('/api/v1/device/sessions', {
        userId: cashier.id,
        pin: '8642',
      });
      statuses.push([attempt.status, attempt.body.code]);
    }
    expect(statuses).toEqual([
      [401, 'auth.invalid_pin'],
      [401, 'auth.invalid_pin'],
      [401, 'auth.invalid_pin'],
      [401, 'auth.invalid_pin'],
      [423, 'auth.locked'],
    ]);
    const locked = await device.post('/api/v1/device/sessions', {
      userId: cashier.id,
      pin: cashier.pin,
    });
    expect(locked.status).toBe(423);
    expect(locked.body.code).toBe('auth.locked');
    expect((await counts(retailer.tenantId)).sessions).toBe(sessionsBefore);
    expect(await auditCount(retailer.tenantId, 'auth.pin_failed', cashier.id)).toBe(5);

    const listed = await device.get<{ id: string; pinLocked: boolean }[]>('/api/v1/device/staff');
    expect(listed.body.find((member) => member.id === cashier.id)?.pinLocked).toBe(true);

    const unlocked = await manager.caller.post<{ pinLocked: boolean }>(
      `/api/v1/users/${cashier.id}/unlock`,
    );
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.pinLocked).toBe(false);
    expect(await auditCount(retailer.tenantId, 'staff.unlocked', cashier.id)).toBe(1);

    const ok = await device.post('/api/v1/device/sessions', {
      userId: cashier.id,
      pin: cashier.pin,
    });
    expect(ok.status).toBe(201);
  });

  it('a successful PIN resets the failure count', async () => {
    const retailer = await signUpRetailer(t.app);
    const manager = await addStaff(t.app, retailer, 'manager');
    const cashier = await addStaff(t.app, retailer, 'cashier');
    const { device } = await pairDevice(t.app, manager.caller, retailer.storeId);
    for (let i = 0; i < 4; i++) {
      const wrong = await device.post('/api/v1/device/sessions', {
        userId: cashier.id,
        pin: '8642',
      });
      expect(wrong.status).toBe(401);
    }
    await pinSignIn(t.app, device, cashier.id, cashier.pin);
    const wrong = await device.post('/api/v1/device/sessions', { userId: cashier.id, pin: '8642' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('auth.invalid_pin');
  });

  it('refuses a cashier limited to another store and writes no session', async () => {
    const retailer = await signUpRetailer(t.app);
    const storeB = await openStore(retailer, 'Uptown');
    const manager = await addStaff(t.app, retailer, 'manager');
    const cashierB = await addStaff(t.app, retailer, 'cashier', { storeIds: [storeB] });
    const { device } = await pairDevice(t.app, manager.caller, retailer.storeId);
    const response = await device.post('/api/v1/device/sessions', {
      userId: cashierB.id,
      pin: cashierB.pin,
    });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('auth.invalid_pin');
    const { rows } = await owner.query<{ n: number }>(
      `select count(*)::int as n from user_sessions where user_id = $1 and kind = 'pin'`,
      [cashierB.id],
    );
    expect(rows[0]?.n).toBe(0);
  });

  it('refuses PIN sign-in for an accountant and for a user of another tenant', async () => {
    const retailer = await signUpRetailer(t.app);
    const other = await signUpRetailer(t.app);
    const manager = await addStaff(t.app, retailer, 'manager');
    const accountant = await addStaff(t.app, retailer, 'accountant');
    const stranger = await addStaff(t.app, other, 'cashier');
    const { device } = await pairDevice(t.app, manager.caller, retailer.storeId);
    const before = await counts(retailer.tenantId);
    for (const [userId, pin] of [
      [accountant.id, accountant.pin],
      [stranger.id, stranger.pin],
    ] as const) {
      const response = await device.post('/api/v1/device/sessions', { userId, pin });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('auth.invalid_pin');
    }
    expect(await counts(retailer.tenantId)).toEqual(before);
  });

  it('needs a device token: a back-office session cannot PIN-sign-in', async () => {
    const retailer = await signUpRetailer(t.app);
    const cashier = await addStaff(t.app, retailer, 'cashier');
    const response = await retailer.owner.post('/api/v1/device/sessions', {
      userId: cashier.id,
      pin: cashier.pin,
    });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('auth.unauthenticated');
  });
});

describe('revoking devices', () => {
  it('revoking the device ends its token and the PIN sessions made on it', async () => {
    const retailer = await signUpRetailer(t.app);
    const manager = await addStaff(t.app, retailer, 'manager');
    const cashier = await addStaff(t.app, retailer, 'cashier');
    const { device, deviceId } = await pairDevice(t.app, manager.caller, retailer.storeId);
    const register = await pinSignIn(t.app, device, cashier.id, cashier.pin);
    expect((await register.get('/api/v1/me')).status).toBe(200);

    const revoked = await manager.caller.post<{ id: string; revokedAt: string | null }>(
      `/api/v1/devices/${deviceId}/revoke`,
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();

    for (const caller of [device, register]) {
      const me = await caller.get('/api/v1/me');
      expect(me.status).toBe(401);
      expect(me.body.code).toBe('auth.invalid_token');
    }
    const { rows } = await owner.query<{ live: number }>(
      `select count(*)::int as live from user_sessions where device_id = $1 and revoked_at is null`,
      [deviceId],
    );
    expect(rows[0]?.live).toBe(0);
    expect(await auditCount(retailer.tenantId, 'device.revoked', deviceId)).toBe(1);
  });

  it('archiving the register ends the device token and its PIN sessions', async () => {
    const retailer = await signUpRetailer(t.app);
    const manager = await addStaff(t.app, retailer, 'manager');
    const cashier = await addStaff(t.app, retailer, 'cashier');
    const { device, registerId } = await pairDevice(t.app, manager.caller, retailer.storeId);
    const register = await pinSignIn(t.app, device, cashier.id, cashier.pin);

    const archived = await manager.caller.post<{ archivedAt: string | null }>(
      `/api/v1/registers/${registerId}/archive`,
    );
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).not.toBeNull();
    for (const caller of [device, register]) {
      const me = await caller.get('/api/v1/me');
      expect(me.status).toBe(401);
      expect(me.body.code).toBe('auth.invalid_token');
    }
    // An archived register cannot be paired again either.
    const code = await manager.caller.post(`/api/v1/registers/${registerId}/pairing-codes`);
    expect(code.status).toBe(422);
    expect(code.body.code).toBe('register.archived');
  });

  it('a manager of another tenant cannot revoke the device', async () => {
    const retailer = await signUpRetailer(t.app);
    const other = await signUpRetailer(t.app);
    const manager = await addStaff(t.app, retailer, 'manager');
    const stranger = await addStaff(t.app, other, 'manager');
    const { device, deviceId } = await pairDevice(t.app, manager.caller, retailer.storeId);
    const before = await counts(retailer.tenantId);
    const response = await stranger.caller.post(`/api/v1/devices/${deviceId}/revoke`);
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('device.not_found');
    expect(await counts(retailer.tenantId)).toEqual(before);
    expect((await device.get('/api/v1/me')).status).toBe(200);
  });
});

describe('bearer tokens', () => {
  it('refuses forged, garbled, wrong-secret and other-tenant tokens', async () => {
    const retailer = await signUpRetailer(t.app);
    const other = await signUpRetailer(t.app);
    const manager = await addStaff(t.app, retailer, 'manager');
    const cashier = await addStaff(t.app, retailer, 'cashier');
    const { device, token } = await pairDevice(t.app, manager.caller, retailer.storeId);
    const session = await device.post<{ token: string }>('/api/v1/device/sessions', {
      userId: cashier.id,
      pin: cashier.pin,
    });
    expect(session.status).toBe(201);
    const parsed = parseToken(token);
    const parsedSession = parseToken(session.body.token);
    if (!parsed || !parsedSession) throw new Error('tokens do not parse');

    const forged = [
      'garbage',
      'tpd_',
      'tpd_not-a-real-token',
      `${token}x`,
      token.slice(0, -2),
      `tpx_${token.slice(4)}`,
      // the right shape, the wrong secret
      rebuildToken('tpd', parsed.tenantId, parsed.id, Buffer.alloc(24, 7)),
      rebuildToken('tps', parsedSession.tenantId, parsedSession.id, Buffer.alloc(24, 9)),
      // a real device id and secret, but another tenant named
      rebuildToken('tpd', other.tenantId, parsed.id, parsed.secret),
      rebuildToken('tps', other.tenantId, parsedSession.id, parsedSession.secret),
      // a device token presented as a PIN session and vice versa
      rebuildToken('tps', parsed.tenantId, parsed.id, parsed.secret),
      rebuildToken('tpk', parsed.tenantId, parsed.id, parsed.secret),
      // a tenant that does not exist at all
      rebuildToken('tpd', '00000000-0000-0000-0000-000000000000', parsed.id, parsed.secret),
    ];
    for (const bearer of forged) {
      const me = await new Caller(t.app, { bearer }).get('/api/v1/me');
      expect({ bearer, status: me.status, code: me.body.code }).toEqual({
        bearer,
        status: 401,
        code: 'auth.invalid_token',
      });
    }
    for (const authorization of ['Basic abc', 'Bearer', `Token ${token}`]) {
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization },
      });
      expect(response.statusCode).toBe(401);
      expect(JSON.parse(response.body).code).toBe('auth.invalid_token');
    }
    // The genuine tokens still work.
    expect((await device.get('/api/v1/me')).status).toBe(200);
    expect((await new Caller(t.app, { bearer: session.body.token }).get('/api/v1/me')).status).toBe(
      200,
    );
  });

  it("a cashier's PIN session cannot pair devices or list users", async () => {
    const retailer = await signUpRetailer(t.app);
    const manager = await addStaff(t.app, retailer, 'manager');
    const cashier = await addStaff(t.app, retailer, 'cashier');
    const { device, registerId } = await pairDevice(t.app, manager.caller, retailer.storeId);
    const register = await pinSignIn(t.app, device, cashier.id, cashier.pin);
    const before = await counts(retailer.tenantId);

    const code = await register.post(`/api/v1/registers/${registerId}/pairing-codes`);
    expect(code.status).toBe(403);
    expect(code.body.code).toBe('auth.forbidden');
    const users = await register.get('/api/v1/users');
    expect(users.status).toBe(403);
    expect(users.body.code).toBe('auth.forbidden');
    // The device token on its own is no person and may do neither.
    const deviceCode = await device.post(`/api/v1/registers/${registerId}/pairing-codes`);
    expect(deviceCode.status).toBe(403);
    expect(deviceCode.body.code).toBe('auth.forbidden');
    expect((await device.get('/api/v1/users')).body.code).toBe('auth.forbidden');
    expect(await counts(retailer.tenantId)).toEqual(before);
  });
});

describe('back-office password sign-in', () => {
  it('refuses a wrong password and an unknown email alike', async () => {
    const retailer = await signUpRetailer(t.app);
    const wrong = await signIn(t.app, retailer.ownerEmail, 'not-the-password-1');
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('auth.invalid_credentials');
    expect(wrong.caller).toBeNull();
    const unknown = await signIn(t.app, uniqueEmail('nobody'), TEST_PASSWORD);
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('auth.invalid_credentials');
    expect(await auditCount(retailer.tenantId, 'auth.sign_in_failed', retailer.ownerId)).toBe(1);
  });

  it('locks after 5 wrong passwords, refuses the right one, and an admin unlocks', async () => {
    const retailer = await signUpRetailer(t.app);
    const admin = await addStaff(t.app, retailer, 'admin');
    const manager = await addStaff(t.app, retailer, 'manager');
    const results: [number, unknown][] = [];
    for (let i = 0; i < 5; i++) {
      const attempt = await signIn(t.app, manager.email, `wrong-password-${i}`);
      results.push([attempt.status, attempt.body.code]);
    }
    expect(results).toEqual([
      [401, 'auth.invalid_credentials'],
      [401, 'auth.invalid_credentials'],
      [401, 'auth.invalid_credentials'],
      [401, 'auth.invalid_credentials'],
      [423, 'auth.locked'],
    ]);
    const sessionsBefore = (await counts(retailer.tenantId)).sessions;
    const locked = await signIn(t.app, manager.email, TEST_PASSWORD);
    expect(locked.status).toBe(423);
    expect(locked.body.code).toBe('auth.locked');
    expect(locked.caller).toBeNull();
    expect((await counts(retailer.tenantId)).sessions).toBe(sessionsBefore);

    const unlocked = await admin.caller.post<{ loginLocked: boolean }>(
      `/api/v1/users/${manager.id}/unlock`,
    );
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.loginLocked).toBe(false);
    const ok = await signIn(t.app, manager.email, TEST_PASSWORD);
    expect(ok.status).toBe(200);
    expect(ok.caller).not.toBeNull();
  });

  it('after sign-out the old cookie no longer authenticates', async () => {
    const retailer = await signUpRetailer(t.app);
    const manager = await addStaff(t.app, retailer, 'manager');
    const session = manager.caller;
    expect((await session.get('/api/v1/me')).status).toBe(200);

    const csrf = await session.get<{ csrfToken: string }>('/api/v1/auth/csrf');
    expect(csrf.status).toBe(200);
    const out = await session.post('/api/v1/auth/signout', { csrfToken: csrf.body.csrfToken });
    expect(out.status).toBe(200);

    const me = await session.get('/api/v1/me');
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('auth.unauthenticated');
    const { rows: audited } = await owner.query<{ actor_id: string }>(
      `select actor_id from audit_events where tenant_id = $1 and action = 'auth.signed_out'`,
      [retailer.tenantId],
    );
    expect(audited).toEqual([{ actor_id: manager.id }]);
    const { rows } = await owner.query<{ live: number }>(
      `select count(*)::int as live from user_sessions
       where user_id = $1 and kind = 'web' and revoked_at is null`,
      [manager.id],
    );
    expect(rows[0]?.live).toBe(0);
  });

  it('sign-out without the Auth.js csrfToken is refused and ends nothing', async () => {
    const retailer = await signUpRetailer(t.app);
    const manager = await addStaff(t.app, retailer, 'manager');
    const before = await counts(retailer.tenantId);
    const out = await manager.caller.post('/api/v1/auth/signout', {});
    expect(out.status).toBe(403);
    expect(out.body.code).toBe('auth.csrf_invalid');
    const forged = await manager.caller.post('/api/v1/auth/signout', { csrfToken: 'forged' });
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('auth.csrf_invalid');
    expect(await counts(retailer.tenantId)).toEqual(before);
    expect((await manager.caller.get('/api/v1/me')).status).toBe(200);
    const { rows } = await owner.query<{ live: number }>(
      `select count(*)::int as live from user_sessions
       where user_id = $1 and kind = 'web' and revoked_at is null`,
      [manager.id],
    );
    expect(rows[0]?.live).toBe(1);
  });

  it('refuses a cookie-session POST without (or with a wrong) x-csrf-token and writes nothing', async () => {
    const retailer = await signUpRetailer(t.app);
    const cookie = retailer.owner.cookie;
    if (!cookie) throw new Error('owner has no cookie');
    const before = await counts(retailer.tenantId);
    const store = { name: 'Sneaky Store', timezone: 'America/Chicago' };

    const missing = await new Caller(t.app, { cookie }).post('/api/v1/stores', store);
    expect(missing.status).toBe(403);
    expect(missing.body.code).toBe('auth.csrf_invalid');
    const wrong = await new Caller(t.app, { cookie, csrfToken: 'not-the-token' }).post(
      '/api/v1/users',
      { name: 'Sneaky', role: 'cashier' },
    );
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('auth.csrf_invalid');
    expect(await counts(retailer.tenantId)).toEqual(before);

    // GETs need no token, and the same POST with it goes through.
    expect((await new Caller(t.app, { cookie }).get('/api/v1/me')).status).toBe(200);
    expect((await retailer.owner.post('/api/v1/stores', store)).status).toBe(201);
  });

  it('disabling a user ends their existing sessions', async () => {
    const retailer = await signUpRetailer(t.app);
    const manager = await addStaff(t.app, retailer, 'manager');
    const cashier = await addStaff(t.app, retailer, 'cashier');
    const { device } = await pairDevice(t.app, manager.caller, retailer.storeId);
    const register = await pinSignIn(t.app, device, cashier.id, cashier.pin);
    expect((await cashier.caller.get('/api/v1/me')).status).toBe(200);

    const disabled = await retailer.owner.patch<{ status: string }>(`/api/v1/users/${cashier.id}`, {
      status: 'disabled',
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body.status).toBe('disabled');

    const web = await cashier.caller.get('/api/v1/me');
    expect(web.status).toBe(401);
    expect(web.body.code).toBe('auth.unauthenticated');
    const pin = await register.get('/api/v1/me');
    expect(pin.status).toBe(401);
    expect(pin.body.code).toBe('auth.invalid_token');
    const again = await signIn(t.app, cashier.email, TEST_PASSWORD);
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('auth.invalid_credentials');
    const pinAgain = await device.post('/api/v1/device/sessions', {
      userId: cashier.id,
      pin: cashier.pin,
    });
    expect(pinAgain.status).toBe(401);
    expect(pinAgain.body.code).toBe('auth.invalid_pin');
  });
});
