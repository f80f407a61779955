import { type Database, isUniqueViolation, newId, sql, type Tx } from '@tillpoint/db';
import { passwordProblem } from '@tillpoint/domain';
import type { RequestContext, ServiceContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertLocale } from '../../lib/locale.ts';
import { hashSecretText } from '../../lib/passwords.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, authorizeStore, storeFilter } from '../identity/authorize.ts';
import {
  archiveRegisterRow,
  archiveStoreRow,
  insertRegister,
  insertStore,
  renameRegister,
  revokeRegisterDevices,
  type StoreRow,
  selectRegister,
  selectRegisters,
  selectStore,
  selectStores,
  selectTenant,
  updateStoreRow,
} from './queries.ts';
import type {
  CreateStoreInput,
  RegisterView,
  SignupInput,
  StoreView,
  TenantView,
  UpdateStoreInput,
} from './schemas.ts';

const PASSWORD_MESSAGES = {
  too_short: 'Use at least 10 characters.',
  too_long: 'Use at most 200 characters.',
  common: 'That password is too common; choose something only you would pick.',
  contains_identity: 'Do not use your name, business name or email in the password.',
} as const;

export function assertStrongPassword(password: string, identity: readonly string[]): void {
  const problem = passwordProblem(password, identity);
  if (problem) {
    throw new AppError(
      'auth.weak_password',
      `Password is too weak: ${PASSWORD_MESSAGES[problem]}`,
      {
        field: 'password',
        reason: problem,
      },
    );
  }
}

function storeRow(input: CreateStoreInput, tenantCurrency: string): StoreRow {
  return {
    name: input.name.trim(),
    code: input.code ?? null,
    address: { ...(input.address ?? {}) },
    timezone: input.timezone,
    currency: input.currency ?? tenantCurrency,
    receiptHeader: input.receiptHeader ?? '',
    receiptFooter: input.receiptFooter ?? '',
  };
}

async function insertStoreChecked(tx: Tx, tenantId: string, row: StoreRow): Promise<StoreView> {
  try {
    return await insertStore(tx, tenantId, newId(), row);
  } catch (error) {
    throw storeConflict(error) ?? error;
  }
}

function storeConflict(error: unknown): AppError | null {
  if (isUniqueViolation(error, 'stores_name_key')) {
    return new AppError('store.name_taken', 'Another open store already has this name.', {
      field: 'name',
    });
  }
  if (isUniqueViolation(error, 'stores_code_key')) {
    return new AppError('store.code_taken', 'Another store already uses this code.', {
      field: 'code',
    });
  }
  return null;
}

export interface SignupResult {
  readonly tenantId: string;
  readonly userId: string;
  readonly storeId: string;
}

export function createTenancyService(db: Database) {
  async function loadStore(ctx: ServiceContext, storeId: string): Promise<StoreView> {
    const store = await db.withTenant(ctx, (tx) => selectStore(tx, storeId));
    if (!store) throw notFound('store', storeId);
    return store;
  }

  return {
    /** A retailer signs up: tenant, owner and first store are created together or not at all. */
    async signup(ctx: RequestContext, input: SignupInput): Promise<SignupResult> {
      assertLocale(input);
      const email = input.email.trim().toLowerCase();
      assertStrongPassword(input.password, [email, input.ownerName, input.businessName]);
      const passwordHash = await hashSecretText(input.password);
      const tenantId = newId();
      const userId = newId();
      try {
        return await db.withSystem('signup', async (tx) => {
          const existing = await tx.maybeOne(sql`select 1 from users where email = ${email}`);
          if (existing) throw emailTaken();
          await tx.execute(sql`insert into tenants (id, name, country, currency, timezone)
            values (${tenantId}, ${input.businessName.trim()}, ${input.country}, ${input.currency}, ${input.timezone})`);
          await tx.enterTenant(tenantId);
          await tx.execute(sql`insert into users (tenant_id, id, name, email, role, password_hash)
            values (${tenantId}, ${userId}, ${input.ownerName.trim()}, ${email}, 'owner', ${passwordHash})`);
          const store = await insertStore(tx, tenantId, newId(), {
            name: (input.storeName ?? input.businessName).trim(),
            code: null,
            address: { country: input.country },
            timezone: input.timezone,
            currency: input.currency,
            receiptHeader: input.businessName.trim(),
            receiptFooter: 'Thank you for shopping with us!',
          });
          const auditCtx = { ...ctx, tenantId };
          const actor = { type: 'user', id: userId } as const;
          await recordAudit(
            tx,
            auditCtx,
            {
              action: 'tenant.signed_up',
              targetType: 'tenant',
              targetId: tenantId,
              after: {
                name: input.businessName,
                country: input.country,
                currency: input.currency,
                email,
              },
            },
            actor,
          );
          return { tenantId, userId, storeId: store.id };
        });
      } catch (error) {
        if (isUniqueViolation(error, 'users_email_key')) throw emailTaken();
        throw error;
      }
    },

    async tenant(ctx: RequestContext): Promise<TenantView> {
      const authed = authorize(ctx, 'tenant.read');
      const tenant = await db.withTenant(authed, (tx) => selectTenant(tx));
      if (!tenant) throw notFound('tenant', authed.tenantId);
      return tenant;
    },

    async listStores(ctx: RequestContext, includeArchived = false): Promise<StoreView[]> {
      const authed = authorize(ctx, 'stores.read');
      return db.withTenant(authed, (tx) =>
        selectStores(tx, storeFilter(authed.actor), includeArchived),
      );
    },

    async getStore(ctx: RequestContext, storeId: string): Promise<StoreView> {
      return loadStore(authorizeStore(ctx, 'stores.read', storeId), storeId);
    },

    async createStore(ctx: RequestContext, input: CreateStoreInput): Promise<StoreView> {
      const authed = authorize(ctx, 'stores.manage');
      assertLocale(input);
      return db.withTenant(authed, async (tx) => {
        const tenant = await selectTenant(tx);
        const store = await insertStoreChecked(
          tx,
          authed.tenantId,
          storeRow(input, tenant?.currency ?? 'USD'),
        );
        await recordAudit(tx, authed, {
          action: 'store.created',
          targetType: 'store',
          targetId: store.id,
          storeId: store.id,
          after: store,
        });
        return store;
      });
    },

    async updateStore(
      ctx: RequestContext,
      storeId: string,
      input: UpdateStoreInput,
    ): Promise<StoreView> {
      const authed = authorizeStore(ctx, 'stores.manage', storeId);
      assertLocale(input);
      return db.withTenant(authed, async (tx) => {
        const before = await selectStore(tx, storeId);
        if (!before || before.archivedAt) throw notFound('store', storeId);
        const merged = storeRow(
          { ...before, ...input, address: input.address ?? before.address },
          before.currency,
        );
        let after: StoreView | null;
        try {
          after = await updateStoreRow(tx, storeId, merged);
        } catch (error) {
          throw storeConflict(error) ?? error;
        }
        if (!after) throw notFound('store', storeId);
        await recordAudit(tx, authed, {
          action: 'store.updated',
          targetType: 'store',
          targetId: storeId,
          storeId,
          before,
          after,
        });
        return after;
      });
    },

    async archiveStore(ctx: RequestContext, storeId: string): Promise<StoreView> {
      const authed = authorizeStore(ctx, 'stores.manage', storeId);
      return db.withTenant(authed, async (tx) => {
        // A store that is not (or no longer) open here is not found, whatever else is true.
        const existing = await selectStore(tx, storeId);
        if (!existing || existing.archivedAt) throw notFound('store', storeId);
        const open = await tx.one<{ n: number }>(
          sql`select count(*)::int as n from stores where archived_at is null`,
        );
        if (open.n <= 1) {
          throw new AppError(
            'store.last_store',
            'A business needs at least one open store; create another first.',
          );
        }
        const store = await archiveStoreRow(tx, storeId);
        if (!store) throw notFound('store', storeId);
        const registers = await tx.query<{ id: string }>(
          sql`update registers set archived_at = now() where store_id = ${storeId} and archived_at is null returning id`,
        );
        for (const register of registers)
          await revokeRegisterDevices(tx, register.id, userIdOf(authed));
        await recordAudit(tx, authed, {
          action: 'store.archived',
          targetType: 'store',
          targetId: storeId,
          storeId,
          after: { archivedAt: store.archivedAt, registersArchived: registers.length },
        });
        return store;
      });
    },

    async listRegisters(
      ctx: RequestContext,
      storeId: string,
      includeArchived = false,
    ): Promise<RegisterView[]> {
      const authed = authorizeStore(ctx, 'registers.read', storeId);
      await loadStore(authed, storeId);
      return db.withTenant(authed, (tx) => selectRegisters(tx, storeId, includeArchived));
    },

    async getRegister(ctx: RequestContext, registerId: string): Promise<RegisterView> {
      const authed = authorize(ctx, 'registers.read');
      const register = await db.withTenant(authed, (tx) => selectRegister(tx, registerId));
      if (!register) throw notFound('register', registerId);
      authorizeStore(ctx, 'registers.read', register.storeId);
      return register;
    },

    async createRegister(
      ctx: RequestContext,
      storeId: string,
      name: string,
    ): Promise<RegisterView> {
      const authed = authorizeStore(ctx, 'registers.manage', storeId);
      const store = await loadStore(authed, storeId);
      if (store.archivedAt)
        throw new AppError('store.archived', 'This store is archived; registers cannot be added.');
      return db.withTenant(authed, async (tx) => {
        let register: RegisterView;
        try {
          register = await insertRegister(tx, authed.tenantId, newId(), storeId, name.trim());
        } catch (error) {
          if (isUniqueViolation(error, 'registers_name_key')) {
            throw new AppError(
              'register.name_taken',
              'This store already has a register with that name.',
              {
                field: 'name',
              },
            );
          }
          throw error;
        }
        await recordAudit(tx, authed, {
          action: 'register.created',
          targetType: 'register',
          targetId: register.id,
          storeId,
          after: register,
        });
        return register;
      });
    },

    async renameRegister(
      ctx: RequestContext,
      registerId: string,
      name: string,
    ): Promise<RegisterView> {
      const register = await this.getRegister(ctx, registerId);
      const authed = authorizeStore(ctx, 'registers.manage', register.storeId);
      return db.withTenant(authed, async (tx) => {
        try {
          if ((await renameRegister(tx, registerId, name.trim())) === 0)
            throw notFound('register', registerId);
        } catch (error) {
          if (isUniqueViolation(error, 'registers_name_key')) {
            throw new AppError(
              'register.name_taken',
              'This store already has a register with that name.',
            );
          }
          throw error;
        }
        const after = await selectRegister(tx, registerId);
        await recordAudit(tx, authed, {
          action: 'register.renamed',
          targetType: 'register',
          targetId: registerId,
          storeId: register.storeId,
          before: { name: register.name },
          after: { name: after?.name },
        });
        return after as RegisterView;
      });
    },

    async archiveRegister(ctx: RequestContext, registerId: string): Promise<RegisterView> {
      const register = await this.getRegister(ctx, registerId);
      const authed = authorizeStore(ctx, 'registers.manage', register.storeId);
      return db.withTenant(authed, async (tx) => {
        if ((await archiveRegisterRow(tx, registerId)) === 0)
          throw notFound('register', registerId);
        const revoked = await revokeRegisterDevices(tx, registerId, userIdOf(authed));
        await recordAudit(tx, authed, {
          action: 'register.archived',
          targetType: 'register',
          targetId: registerId,
          storeId: register.storeId,
          after: { devicesRevoked: revoked },
        });
        return (await selectRegister(tx, registerId)) as RegisterView;
      });
    },
  };
}

function emailTaken(): AppError {
  return new AppError(
    'signup.email_taken',
    'An account with this email already exists. Sign in instead.',
    {
      field: 'email',
    },
  );
}

function userIdOf(ctx: ServiceContext): string | null {
  return ctx.actor.type === 'user' ? ctx.actor.userId : null;
}

export type TenancyService = ReturnType<typeof createTenancyService>;
