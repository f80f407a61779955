import { type Database, newId, sql } from '@tillpoint/db';
import type { RequestContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { issueToken } from '../../lib/opaque-tokens.ts';
import { hashPairingCode, newPairingCode } from '../../lib/pairing-codes.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, authorizeStore, storeFilter } from './authorize.ts';
import { PAIRING_CODE_MINUTES } from './lockout.ts';
import { deviceColumns, selectDevices } from './queries.ts';
import type { DeviceView } from './schemas.ts';

export function createDeviceService(db: Database) {
  return {
    /** A manager creates a one-time code that the register's device types in to pair. */
    async createPairingCode(ctx: RequestContext, registerId: string) {
      const base = authorize(ctx, 'devices.pair');
      const register = await db.withTenant(base, (tx) =>
        tx.maybeOne<{ storeId: string; archived: boolean }>(
          sql`select store_id as "storeId", archived_at is not null as archived from registers where id = ${registerId}`,
        ),
      );
      if (!register) throw notFound('register', registerId);
      const authed = authorizeStore(ctx, 'devices.pair', register.storeId);
      if (register.archived) throw new AppError('register.archived', 'This register is archived.');
      if (authed.actor.type !== 'user')
        throw new AppError('auth.forbidden', 'Only a person can pair a device.');
      const code = newPairingCode();
      const createdBy = authed.actor.userId;
      return db.withTenant(authed, async (tx) => {
        // A new code replaces any unused one for this register.
        await tx.execute(sql`update register_pairings set expires_at = created_at + interval '1 microsecond'
          where register_id = ${registerId} and used_at is null and expires_at > now()`);
        const id = newId();
        const row = await tx.one<{ expiresAt: string }>(sql`insert into register_pairings
            (tenant_id, id, register_id, code_hash, created_by, expires_at)
          values (${authed.tenantId}, ${id}, ${registerId}, ${hashPairingCode(code)}, ${createdBy},
            now() + make_interval(mins => ${PAIRING_CODE_MINUTES}))
          returning to_json(expires_at) #>> '{}' as "expiresAt"`);
        await recordAudit(tx, authed, {
          action: 'device.pairing_code_created',
          targetType: 'register',
          targetId: registerId,
          storeId: register.storeId,
          after: { pairingId: id, expiresAt: row.expiresAt },
        });
        return { code, registerId, expiresAt: row.expiresAt };
      });
    },

    /** The device side: trade a valid code for a long-lived device token (shown once). */
    async pair(ctx: RequestContext, code: string, deviceName: string | undefined) {
      const invalid = () =>
        new AppError(
          'device.pairing_code_invalid',
          'This pairing code is wrong, used or expired. Ask a manager for a new one.',
        );
      const found = await db.withSystem('device pairing lookup', (tx) =>
        tx.maybeOne<{ tenantId: string; id: string }>(
          sql`select tenant_id as "tenantId", id from register_pairings where code_hash = ${hashPairingCode(code)}`,
        ),
      );
      if (!found) throw invalid();
      const deviceId = newId();
      const issued = issueToken('device', found.tenantId, deviceId);
      const tenantCtx = { ...ctx, tenantId: found.tenantId };
      return db.withTenant(tenantCtx, async (tx) => {
        const pairing = await tx.maybeOne<{
          registerId: string;
          createdBy: string;
          registerName: string;
          storeId: string;
          storeName: string;
          tenantName: string;
        }>(sql`select p.register_id as "registerId", p.created_by as "createdBy", r.name as "registerName",
            s.id as "storeId", s.name as "storeName", t.name as "tenantName"
          from register_pairings p
          join registers r on r.id = p.register_id and r.archived_at is null
          join stores s on s.id = r.store_id and s.archived_at is null
          join tenants t on t.id = p.tenant_id
          where p.id = ${found.id} and p.used_at is null and p.expires_at > now()
          for update of p`);
        if (!pairing) throw invalid();
        const replaced =
          await tx.execute(sql`update register_devices set revoked_at = now(), revoked_by = ${pairing.createdBy}
          where register_id = ${pairing.registerId} and revoked_at is null`);
        await tx.execute(sql`insert into register_devices (tenant_id, id, register_id, token_hash, paired_by, user_agent)
          values (${found.tenantId}, ${deviceId}, ${pairing.registerId}, ${issued.secretHash}, ${pairing.createdBy},
            ${deviceName ?? ctx.userAgent})`);
        await tx.execute(
          sql`update register_pairings set used_at = now(), device_id = ${deviceId} where id = ${found.id}`,
        );
        await recordAudit(
          tx,
          tenantCtx,
          {
            action: 'device.paired',
            targetType: 'register',
            targetId: pairing.registerId,
            storeId: pairing.storeId,
            after: { deviceId, approvedBy: pairing.createdBy, replacedDevices: replaced },
          },
          { type: 'device', id: deviceId },
        );
        return {
          deviceToken: issued.token,
          deviceId,
          registerId: pairing.registerId,
          registerName: pairing.registerName,
          storeId: pairing.storeId,
          storeName: pairing.storeName,
          tenantId: found.tenantId,
          tenantName: pairing.tenantName,
        };
      });
    },

    async list(
      ctx: RequestContext,
      storeId: string | undefined,
      includeRevoked: boolean,
    ): Promise<DeviceView[]> {
      const authed = storeId
        ? authorizeStore(ctx, 'registers.read', storeId)
        : authorize(ctx, 'registers.read');
      const filter = storeId ? [storeId] : storeFilter(authed.actor);
      return db.withTenant(authed, (tx) => selectDevices(tx, filter, includeRevoked));
    },

    async revoke(ctx: RequestContext, deviceId: string): Promise<DeviceView> {
      const base = authorize(ctx, 'devices.revoke');
      const device = await db.withTenant(base, (tx) =>
        tx.maybeOne<DeviceView>(sql`select ${deviceColumns} from register_devices d
          join registers r on r.id = d.register_id where d.id = ${deviceId}`),
      );
      if (!device) throw notFound('device', deviceId);
      const authed = authorizeStore(ctx, 'devices.revoke', device.storeId);
      if (device.revokedAt) return device;
      const revokedBy = authed.actor.type === 'user' ? authed.actor.userId : null;
      return db.withTenant(authed, async (tx) => {
        await tx.execute(
          sql`update register_devices set revoked_at = now(), revoked_by = ${revokedBy} where id = ${deviceId}`,
        );
        const sessions = await tx.execute(sql`update user_sessions set revoked_at = now()
          where device_id = ${deviceId} and revoked_at is null`);
        await recordAudit(tx, authed, {
          action: 'device.revoked',
          targetType: 'device',
          targetId: deviceId,
          storeId: device.storeId,
          after: { sessionsRevoked: sessions },
        });
        return tx.one<DeviceView>(sql`select ${deviceColumns} from register_devices d
          join registers r on r.id = d.register_id where d.id = ${deviceId}`);
      });
    },

    /** The PIN screen of a paired register: who may sign in here. No secrets, no emails. */
    async staffForDevice(ctx: RequestContext) {
      const actor = ctx.actor;
      const device =
        actor?.type === 'device' ? actor.device : actor?.type === 'user' ? actor.device : null;
      if (!device || !ctx.tenantId) {
        throw new AppError(
          'auth.unauthenticated',
          'Only a paired register can list its staff (send its device token).',
        );
      }
      return db.withTenant({ tenantId: ctx.tenantId }, (tx) =>
        tx.query<{ id: string; name: string; role: string; pinLocked: boolean }>(sql`
          select u.id, u.name, u.role, coalesce(u.pin_locked_until > now(), false) as "pinLocked"
          from users u
          where u.status = 'active' and u.pin_hash is not null and u.role <> 'accountant'
            and (u.all_stores or exists (select 1 from user_stores us where us.user_id = u.id and us.store_id = ${device.storeId}))
          order by u.name`),
      );
    },
  };
}

export type DeviceService = ReturnType<typeof createDeviceService>;
