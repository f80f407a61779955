import { type Database, newId, sql } from '@tillpoint/db';
import type { RequestContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { issueToken } from '../../lib/opaque-tokens.ts';
import { burnVerifyTime, verifySecretText } from '../../lib/passwords.ts';
import { recordAudit } from '../audit/service.ts';
import {
  LOGIN_LOCK_MINUTES,
  LOGIN_MAX_FAILURES,
  PIN_LOCK_MINUTES,
  PIN_MAX_FAILURES,
  PIN_SESSION_HOURS,
  WEB_SESSION_HOURS,
} from './lockout.ts';
import {
  type Credentials,
  clearFailures,
  recordFailure,
  selectCredentials,
  selectCredentialsByEmail,
} from './queries.ts';

export interface WebSession {
  readonly tenantId: string;
  readonly userId: string;
  readonly sessionId: string;
  readonly name: string;
  readonly email: string;
}

function lockedError(until: Date | null, what: 'sign-in' | 'PIN'): AppError {
  return new AppError(
    'auth.locked',
    `Too many failed ${what} attempts. Try again after ${until?.toISOString() ?? 'a while'} or ask a manager to unlock the account.`,
    until ? { lockedUntil: until.toISOString() } : undefined,
  );
}

const REGISTER_ROLES = new Set(['owner', 'admin', 'manager', 'cashier']);

export function createSignInService(db: Database) {
  /**
   * Checks a secret (password or PIN) against a user's hash with lockout. Failures are counted
   * in their own committed transaction, so the error thrown afterwards cannot roll them back.
   */
  async function checkSecret(
    ctx: RequestContext & { tenantId: string },
    user: Credentials,
    kind: 'login' | 'pin',
    secret: string,
  ): Promise<void> {
    const lockedUntil = kind === 'login' ? user.loginLockedUntil : user.pinLockedUntil;
    if (lockedUntil && lockedUntil > new Date())
      throw lockedError(lockedUntil, kind === 'login' ? 'sign-in' : 'PIN');
    const hash = kind === 'login' ? user.passwordHash : user.pinHash;
    const ok = hash !== null && (await verifySecretText(hash, secret));
    if (ok) {
      await db.withTenant(ctx, (tx) => clearFailures(tx, user.id, kind));
      return;
    }
    const max = kind === 'login' ? LOGIN_MAX_FAILURES : PIN_MAX_FAILURES;
    const minutes = kind === 'login' ? LOGIN_LOCK_MINUTES : PIN_LOCK_MINUTES;
    const { locked } = await db.withTenant(ctx, async (tx) => {
      const result = await recordFailure(tx, user.id, kind, max, minutes);
      await recordAudit(
        tx,
        ctx,
        {
          action: kind === 'login' ? 'auth.sign_in_failed' : 'auth.pin_failed',
          targetType: 'user',
          targetId: user.id,
          after: { locked: result.locked },
        },
        ctx.actor ? undefined : { type: 'system', id: null },
      );
      return result;
    });
    if (locked)
      throw lockedError(
        new Date(Date.now() + minutes * 60_000),
        kind === 'login' ? 'sign-in' : 'PIN',
      );
    throw kind === 'login'
      ? new AppError('auth.invalid_credentials', 'Email or password is wrong.')
      : new AppError('auth.invalid_pin', 'That PIN is wrong.');
  }

  return {
    checkSecret,

    /** Back-office sign-in with email and password; creates a web session row. */
    async passwordSignIn(
      ctx: RequestContext,
      emailInput: string,
      password: string,
    ): Promise<WebSession> {
      const email = emailInput.trim().toLowerCase();
      const user = await db.withSystem('sign-in lookup', (tx) =>
        selectCredentialsByEmail(tx, email),
      );
      if (user?.status !== 'active' || user.passwordHash === null) {
        await burnVerifyTime(password);
        throw new AppError('auth.invalid_credentials', 'Email or password is wrong.');
      }
      const tenantCtx = { ...ctx, tenantId: user.tenantId };
      await checkSecret(tenantCtx, user, 'login', password);
      const sessionId = newId();
      await db.withTenant(tenantCtx, async (tx) => {
        await tx.execute(sql`insert into user_sessions (tenant_id, id, user_id, kind, expires_at, ip, user_agent)
          values (${user.tenantId}, ${sessionId}, ${user.id}, 'web',
            now() + make_interval(hours => ${WEB_SESSION_HOURS}), ${ctx.ip || null}, ${ctx.userAgent})`);
        await recordAudit(
          tx,
          tenantCtx,
          {
            action: 'auth.signed_in',
            targetType: 'session',
            targetId: sessionId,
            after: { kind: 'web' },
          },
          { type: 'user', id: user.id },
        );
      });
      return { tenantId: user.tenantId, userId: user.id, sessionId, name: user.name, email };
    },

    async signOut(
      ctx: RequestContext & { tenantId: string },
      sessionId: string,
      userId: string,
    ): Promise<void> {
      await db.withTenant(ctx, async (tx) => {
        const revoked = await tx.execute(
          sql`update user_sessions set revoked_at = now() where id = ${sessionId} and revoked_at is null`,
        );
        if (revoked > 0) {
          await recordAudit(
            tx,
            ctx,
            { action: 'auth.signed_out', targetType: 'session', targetId: sessionId },
            {
              type: 'user',
              id: userId,
            },
          );
        }
      });
    },

    /** A cashier signs in on a paired register with their PIN; returns a bearer session token. */
    async pinSignIn(ctx: RequestContext, userId: string, pin: string) {
      if (ctx.actor?.type !== 'device' || !ctx.tenantId) {
        throw new AppError(
          'auth.unauthenticated',
          'PIN sign-in happens on a paired register (send its device token).',
        );
      }
      const device = ctx.actor.device;
      const tenantCtx = { ...ctx, tenantId: ctx.tenantId };
      const user = await db.withTenant(tenantCtx, async (tx) => {
        const found = await selectCredentials(tx, userId);
        if (!found) return null;
        const assigned =
          found.allStores ||
          (await tx.maybeOne(
            sql`select 1 from user_stores where user_id = ${userId} and store_id = ${device.storeId}`,
          )) !== null;
        return assigned ? found : null;
      });
      if (user?.status !== 'active' || !REGISTER_ROLES.has(user.role)) {
        await burnVerifyTime(pin);
        throw new AppError('auth.invalid_pin', 'That PIN is wrong.');
      }
      await checkSecret(tenantCtx, user, 'pin', pin);
      const sessionId = newId();
      const issued = issueToken('pin_session', tenantCtx.tenantId, sessionId);
      const expiresAt = await db.withTenant(tenantCtx, async (tx) => {
        const row = await tx.one<{ expiresAt: string }>(sql`insert into user_sessions
            (tenant_id, id, user_id, kind, device_id, token_hash, expires_at, ip, user_agent)
          values (${tenantCtx.tenantId}, ${sessionId}, ${user.id}, 'pin', ${device.deviceId}, ${issued.secretHash},
            now() + make_interval(hours => ${PIN_SESSION_HOURS}), ${ctx.ip || null}, ${ctx.userAgent})
          returning to_json(expires_at) #>> '{}' as "expiresAt"`);
        await recordAudit(
          tx,
          tenantCtx,
          {
            action: 'auth.pin_signed_in',
            targetType: 'session',
            targetId: sessionId,
            after: { userId: user.id },
          },
          { type: 'user', id: user.id },
        );
        return row.expiresAt;
      });
      return {
        token: issued.token,
        sessionId,
        expiresAt,
        user: { id: user.id, name: user.name, role: user.role },
      };
    },
  };
}

export type SignInService = ReturnType<typeof createSignInService>;
