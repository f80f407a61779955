import { type Database, isUniqueViolation, newId, sql } from '@tillpoint/db';
import { canManageRole, pinProblem, type Role } from '@tillpoint/domain';
import type { RequestContext, ServiceContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { hashSecretText } from '../../lib/passwords.ts';
import { recordAudit } from '../audit/service.ts';
import { assertStrongPassword } from '../tenancy/service.ts';
import { authorize } from './authorize.ts';
import {
  clearFailures,
  countOpenStores,
  insertUser,
  replaceUserStores,
  revokeSessionsOfUser,
  selectUser,
  selectUsers,
} from './queries.ts';
import type { CreateUserInput, UpdateUserInput, UserView } from './schemas.ts';

function assertCanManage(ctx: ServiceContext, target: Role): void {
  if (ctx.actor.type !== 'user' || !canManageRole(ctx.actor.role, target)) {
    throw new AppError(
      'auth.role_forbidden',
      `You cannot manage a ${target}: only higher roles can.`,
      { role: target },
    );
  }
}

function assertPin(pin: string): void {
  const problem = pinProblem(pin);
  if (problem) {
    throw new AppError(
      'auth.weak_pin',
      problem === 'format'
        ? 'A PIN is 4 to 8 digits.'
        : 'Choose a PIN that is not one repeated digit or a straight run.',
      { field: 'pin' },
    );
  }
}

/** Owners and admins always work across all stores; others may be limited. */
function storeScope(
  role: Role,
  storeIds: readonly string[] | null | undefined,
): readonly string[] | null {
  return role === 'owner' || role === 'admin' ? null : (storeIds ?? null);
}

export function createStaffService(db: Database) {
  async function assertStoresExist(
    ctx: ServiceContext,
    storeIds: readonly string[] | null,
  ): Promise<void> {
    if (!storeIds || storeIds.length === 0) {
      if (storeIds)
        throw new AppError(
          'staff.no_stores',
          'Give the user at least one store, or all stores (null).',
        );
      return;
    }
    const { n } = await db.withTenant(ctx, (tx) => countOpenStores(tx, storeIds));
    if (n !== storeIds.length) {
      throw new AppError(
        'store.not_found',
        'One of the stores does not exist here or is archived.',
        { field: 'storeIds' },
      );
    }
  }

  async function load(ctx: ServiceContext, userId: string): Promise<UserView> {
    const user = await db.withTenant(ctx, (tx) => selectUser(tx, userId));
    if (!user) throw notFound('user', userId);
    return user;
  }

  return {
    async me(ctx: RequestContext): Promise<UserView | null> {
      if (ctx.actor?.type !== 'user' || !ctx.tenantId) return null;
      return load(ctx as ServiceContext, ctx.actor.userId);
    },

    async list(ctx: RequestContext): Promise<UserView[]> {
      const authed = authorize(ctx, 'staff.read');
      return db.withTenant(authed, (tx) => selectUsers(tx));
    },

    async get(ctx: RequestContext, userId: string): Promise<UserView> {
      return load(authorize(ctx, 'staff.read'), userId);
    },

    async create(ctx: RequestContext, input: CreateUserInput): Promise<UserView> {
      const authed = authorize(ctx, 'staff.manage');
      assertCanManage(authed, input.role);
      const email = input.email?.trim().toLowerCase() ?? null;
      if (input.password !== undefined) {
        if (!email)
          throw new AppError(
            'staff.email_required',
            'A user with a password needs an email to sign in with.',
            { field: 'email' },
          );
        assertStrongPassword(input.password, [email, input.name]);
      }
      if (input.pin !== undefined) assertPin(input.pin);
      const storeIds = storeScope(input.role, input.storeIds);
      await assertStoresExist(authed, storeIds);
      const [passwordHash, pinHash] = await Promise.all([
        input.password === undefined ? null : hashSecretText(input.password),
        input.pin === undefined ? null : hashSecretText(input.pin),
      ]);
      const id = newId();
      try {
        return await db.withTenant(authed, async (tx) => {
          await insertUser(tx, authed.tenantId, {
            id,
            name: input.name.trim(),
            email,
            role: input.role,
            passwordHash,
            pinHash,
            storeIds,
          });
          const user = (await selectUser(tx, id)) as UserView;
          await recordAudit(tx, authed, {
            action: 'staff.created',
            targetType: 'user',
            targetId: id,
            after: user,
          });
          return user;
        });
      } catch (error) {
        if (isUniqueViolation(error, 'users_email_key')) {
          throw new AppError('staff.email_taken', 'Another account already uses this email.', {
            field: 'email',
          });
        }
        throw error;
      }
    },

    async update(ctx: RequestContext, userId: string, input: UpdateUserInput): Promise<UserView> {
      const authed = authorize(ctx, 'staff.manage');
      const before = await load(authed, userId);
      assertCanManage(authed, before.role as Role);
      const role = (input.role ?? before.role) as Role;
      if (input.role) assertCanManage(authed, input.role);
      const storeIds =
        input.storeIds !== undefined || input.role !== undefined
          ? storeScope(
              role,
              input.storeIds !== undefined
                ? input.storeIds
                : before.allStores
                  ? null
                  : before.storeIds,
            )
          : undefined;
      if (storeIds !== undefined) await assertStoresExist(authed, storeIds);
      return db.withTenant(authed, async (tx) => {
        await tx.execute(sql`update users set
            name = coalesce(${input.name?.trim() ?? null}, name),
            role = ${role},
            status = coalesce(${input.status ?? null}, status),
            all_stores = case when ${storeIds === undefined} then all_stores else ${storeIds === null} end
          where id = ${userId}`);
        if (storeIds !== undefined)
          await replaceUserStores(tx, authed.tenantId, userId, storeIds ?? []);
        // Any change of power ends the user's sessions: they sign in again under the new rules.
        const powerChanged =
          role !== before.role || input.status === 'disabled' || storeIds !== undefined;
        const revoked = powerChanged ? await revokeSessionsOfUser(tx, userId) : 0;
        const after = (await selectUser(tx, userId)) as UserView;
        await recordAudit(tx, authed, {
          action: 'staff.updated',
          targetType: 'user',
          targetId: userId,
          before,
          after: { ...after, sessionsRevoked: revoked },
        });
        return after;
      });
    },

    async setPin(ctx: RequestContext, userId: string, pin: string): Promise<void> {
      const self = ctx.actor?.type === 'user' && ctx.actor.userId === userId;
      const authed = self ? (ctx as ServiceContext) : authorize(ctx, 'staff.manage');
      const target = await load(authed, userId);
      if (!self) assertCanManage(authed, target.role as Role);
      assertPin(pin);
      const pinHash = await hashSecretText(pin);
      await db.withTenant(authed, async (tx) => {
        await tx.execute(sql`update users set pin_hash = ${pinHash}, failed_pin_count = 0, pin_locked_until = null
          where id = ${userId}`);
        await recordAudit(tx, authed, {
          action: 'staff.pin_set',
          targetType: 'user',
          targetId: userId,
          after: { self },
        });
      });
    },

    async unlock(ctx: RequestContext, userId: string): Promise<UserView> {
      const authed = authorize(ctx, 'staff.unlock');
      const target = await load(authed, userId);
      assertCanManage(authed, target.role as Role);
      return db.withTenant(authed, async (tx) => {
        await clearFailures(tx, userId, 'login');
        await clearFailures(tx, userId, 'pin');
        await recordAudit(tx, authed, {
          action: 'staff.unlocked',
          targetType: 'user',
          targetId: userId,
          before: { loginLocked: target.loginLocked, pinLocked: target.pinLocked },
        });
        return (await selectUser(tx, userId)) as UserView;
      });
    },
  };
}

export type StaffService = ReturnType<typeof createStaffService>;
