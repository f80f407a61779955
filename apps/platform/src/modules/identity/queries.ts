import { sql, type Tx } from '@tillpoint/db';
import type { Role } from '@tillpoint/domain';
import type { ApiTokenView, DeviceView, UserView } from './schemas.ts';

// ---- users -------------------------------------------------------------------------------

const userColumns = sql`u.id, u.name, u.email, u.role, u.all_stores as "allStores",
  coalesce((select array_agg(us.store_id order by us.store_id) from user_stores us where us.user_id = u.id),
    '{}') as "storeIds",
  u.status, u.password_hash is not null as "hasPassword", u.pin_hash is not null as "hasPin",
  coalesce(u.login_locked_until > now(), false) as "loginLocked",
  coalesce(u.pin_locked_until > now(), false) as "pinLocked",
  to_json(u.created_at) #>> '{}' as "createdAt"`;

export function selectUsers(tx: Tx): Promise<UserView[]> {
  return tx.query<UserView>(sql`select ${userColumns} from users u order by u.name, u.id`);
}

export function selectUser(tx: Tx, id: string): Promise<UserView | null> {
  return tx.maybeOne<UserView>(sql`select ${userColumns} from users u where u.id = ${id}`);
}

export interface NewUser {
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
  readonly role: Role;
  readonly passwordHash: string | null;
  readonly pinHash: string | null;
  readonly storeIds: readonly string[] | null;
}

export async function insertUser(tx: Tx, tenantId: string, user: NewUser): Promise<void> {
  await tx.execute(sql`insert into users (tenant_id, id, name, email, role, all_stores, password_hash, pin_hash)
    values (${tenantId}, ${user.id}, ${user.name}, ${user.email}, ${user.role}, ${user.storeIds === null},
      ${user.passwordHash}, ${user.pinHash})`);
  if (user.storeIds) await replaceUserStores(tx, tenantId, user.id, user.storeIds);
}

export async function replaceUserStores(
  tx: Tx,
  tenantId: string,
  userId: string,
  storeIds: readonly string[],
): Promise<void> {
  await tx.execute(sql`delete from user_stores where user_id = ${userId}`);
  if (storeIds.length === 0) return;
  await tx.execute(sql`insert into user_stores (tenant_id, user_id, store_id)
    select ${tenantId}, ${userId}, unnest(${storeIds}::uuid[])`);
}

export function countOpenStores(tx: Tx, storeIds: readonly string[]): Promise<{ n: number }> {
  return tx.one(
    sql`select count(*)::int as n from stores where id = any(${storeIds}::uuid[]) and archived_at is null`,
  );
}

export interface Credentials {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly role: Role;
  readonly status: string;
  readonly allStores: boolean;
  readonly passwordHash: string | null;
  readonly pinHash: string | null;
  readonly loginLockedUntil: Date | null;
  readonly pinLockedUntil: Date | null;
}

const credentialColumns = sql`id, tenant_id as "tenantId", name, role, status, all_stores as "allStores",
  password_hash as "passwordHash", pin_hash as "pinHash", login_locked_until as "loginLockedUntil",
  pin_locked_until as "pinLockedUntil"`;

/** System scope: sign-in knows only the email, not yet the tenant. */
export function selectCredentialsByEmail(tx: Tx, email: string): Promise<Credentials | null> {
  return tx.maybeOne<Credentials>(
    sql`select ${credentialColumns} from users where email = ${email}`,
  );
}

export function selectCredentials(tx: Tx, userId: string): Promise<Credentials | null> {
  return tx.maybeOne<Credentials>(sql`select ${credentialColumns} from users where id = ${userId}`);
}

export function userStoreIds(tx: Tx, userId: string): Promise<{ storeId: string }[]> {
  return tx.query(sql`select store_id as "storeId" from user_stores where user_id = ${userId}`);
}

// Lockout: the Nth consecutive failure locks for a while. One UPDATE so parallel guesses count
// exactly; returns whether this failure locked the account.
export async function recordFailure(
  tx: Tx,
  userId: string,
  kind: 'login' | 'pin',
  maxFailures: number,
  lockMinutes: number,
): Promise<{ locked: boolean }> {
  const row =
    kind === 'login'
      ? await tx.one<{ locked: boolean }>(sql`update users set
            failed_login_count = failed_login_count + 1,
            login_locked_until = case when failed_login_count + 1 >= ${maxFailures}
              then now() + make_interval(mins => ${lockMinutes}) else login_locked_until end
          where id = ${userId} returning login_locked_until > now() as locked`)
      : await tx.one<{ locked: boolean }>(sql`update users set
            failed_pin_count = failed_pin_count + 1,
            pin_locked_until = case when failed_pin_count + 1 >= ${maxFailures}
              then now() + make_interval(mins => ${lockMinutes}) else pin_locked_until end
          where id = ${userId} returning pin_locked_until > now() as locked`);
  if (row.locked) {
    // The lock itself carries the penalty; the next window starts counting afresh.
    await tx.execute(
      kind === 'login'
        ? sql`update users set failed_login_count = 0 where id = ${userId}`
        : sql`update users set failed_pin_count = 0 where id = ${userId}`,
    );
  }
  return { locked: row.locked === true };
}

export async function clearFailures(tx: Tx, userId: string, kind: 'login' | 'pin'): Promise<void> {
  await tx.execute(
    kind === 'login'
      ? sql`update users set failed_login_count = 0, login_locked_until = null where id = ${userId}`
      : sql`update users set failed_pin_count = 0, pin_locked_until = null where id = ${userId}`,
  );
}

// ---- sessions ----------------------------------------------------------------------------

export interface SessionActorRow {
  readonly userId: string;
  readonly name: string;
  readonly role: Role;
  readonly allStores: boolean;
  readonly storeIds: string[];
  readonly deviceId: string | null;
  readonly registerId: string | null;
  readonly storeId: string | null;
  readonly tokenHash: Buffer | null;
  readonly lastSeenAt: Date | null;
}

/** A live session of an active user (and, for PIN sessions, of a still-paired device). */
export function selectLiveSession(
  tx: Tx,
  sessionId: string,
  kind: 'web' | 'pin',
): Promise<SessionActorRow | null> {
  return tx.maybeOne<SessionActorRow>(sql`
    select u.id as "userId", u.name, u.role, u.all_stores as "allStores",
      coalesce((select array_agg(us.store_id) from user_stores us where us.user_id = u.id), '{}') as "storeIds",
      s.device_id as "deviceId", r.id as "registerId", r.store_id as "storeId",
      s.token_hash as "tokenHash", s.last_seen_at as "lastSeenAt"
    from user_sessions s
    join users u on u.id = s.user_id and u.status = 'active'
    left join register_devices d on d.id = s.device_id
    left join registers r on r.id = d.register_id
    where s.id = ${sessionId} and s.kind = ${kind} and s.revoked_at is null and s.expires_at > now()
      and (s.device_id is null or (d.revoked_at is null and r.archived_at is null))`);
}

export async function touchSession(tx: Tx, sessionId: string): Promise<void> {
  await tx.execute(sql`update user_sessions set last_seen_at = now() where id = ${sessionId}`);
}

export async function revokeSessionsOfUser(tx: Tx, userId: string): Promise<number> {
  return tx.execute(
    sql`update user_sessions set revoked_at = now() where user_id = ${userId} and revoked_at is null`,
  );
}

// ---- devices -----------------------------------------------------------------------------

export const deviceColumns = sql`d.id, d.register_id as "registerId", r.name as "registerName",
  r.store_id as "storeId", to_json(d.paired_at) #>> '{}' as "pairedAt", d.paired_by as "pairedBy",
  to_json(d.last_seen_at) #>> '{}' as "lastSeenAt", d.user_agent as "userAgent",
  to_json(d.revoked_at) #>> '{}' as "revokedAt"`;

export function selectDevices(
  tx: Tx,
  storeIds: readonly string[] | null,
  includeRevoked: boolean,
): Promise<DeviceView[]> {
  return tx.query<DeviceView>(sql`select ${deviceColumns}
    from register_devices d join registers r on r.id = d.register_id
    where (${storeIds === null} or r.store_id = any(${storeIds ?? []}::uuid[]))
      and (${includeRevoked} or d.revoked_at is null)
    order by d.paired_at desc`);
}

export interface DeviceAuthRow {
  readonly registerId: string;
  readonly storeId: string;
  readonly tokenHash: Buffer;
  readonly lastSeenAt: Date | null;
}

export function selectLiveDevice(tx: Tx, deviceId: string): Promise<DeviceAuthRow | null> {
  return tx.maybeOne<DeviceAuthRow>(sql`select d.register_id as "registerId", r.store_id as "storeId",
      d.token_hash as "tokenHash", d.last_seen_at as "lastSeenAt"
    from register_devices d join registers r on r.id = d.register_id
    join stores s on s.id = r.store_id
    where d.id = ${deviceId} and d.revoked_at is null and r.archived_at is null and s.archived_at is null`);
}

// ---- api tokens --------------------------------------------------------------------------

export const apiTokenColumns = sql`id, name, scopes, created_by as "createdBy",
  to_json(created_at) #>> '{}' as "createdAt", to_json(expires_at) #>> '{}' as "expiresAt",
  to_json(last_used_at) #>> '{}' as "lastUsedAt", to_json(revoked_at) #>> '{}' as "revokedAt"`;

export function selectApiTokens(tx: Tx): Promise<ApiTokenView[]> {
  return tx.query<ApiTokenView>(
    sql`select ${apiTokenColumns} from api_tokens order by created_at desc`,
  );
}
