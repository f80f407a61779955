import { type Database, newId, sql } from '@tillpoint/db';
import type { RequestContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { issueToken } from '../../lib/opaque-tokens.ts';
import { recordAudit } from '../audit/service.ts';
import { actorHasPermission, authorize } from './authorize.ts';
import { apiTokenColumns, selectApiTokens } from './queries.ts';
import type { ApiTokenView, CreateApiTokenInput } from './schemas.ts';

export function createApiTokenService(db: Database) {
  return {
    /** The token is returned once; only a hash of its secret is stored. */
    async create(
      ctx: RequestContext,
      input: CreateApiTokenInput,
    ): Promise<{ token: string; apiToken: ApiTokenView }> {
      const authed = authorize(ctx, 'api_tokens.manage');
      if (authed.actor.type !== 'user')
        throw new AppError('auth.forbidden', 'Only a person can create API tokens.');
      // Nobody can hand a token more power than they hold themselves.
      const beyond = input.scopes.filter((scope) => !actorHasPermission(authed.actor, scope));
      if (beyond.length > 0) {
        throw new AppError(
          'api_token.scope_forbidden',
          `You cannot grant scopes you do not hold: ${beyond.join(', ')}.`,
          {
            scopes: beyond,
          },
        );
      }
      const id = newId();
      const issued = issueToken('api_token', authed.tenantId, id);
      const createdBy = authed.actor.userId;
      return db.withTenant(authed, async (tx) => {
        const apiToken = await tx.one<ApiTokenView>(sql`insert into api_tokens
            (tenant_id, id, name, scopes, token_hash, created_by, expires_at)
          values (${authed.tenantId}, ${id}, ${input.name.trim()}, ${input.scopes}, ${issued.secretHash}, ${createdBy},
            case when ${input.expiresInDays ?? null}::int is null then null
              else now() + make_interval(days => ${input.expiresInDays ?? null}::int) end)
          returning ${apiTokenColumns}`);
        await recordAudit(tx, authed, {
          action: 'api_token.created',
          targetType: 'api_token',
          targetId: id,
          after: apiToken,
        });
        return { token: issued.token, apiToken };
      });
    },

    async list(ctx: RequestContext): Promise<ApiTokenView[]> {
      const authed = authorize(ctx, 'api_tokens.manage');
      return db.withTenant(authed, (tx) => selectApiTokens(tx));
    },

    async revoke(ctx: RequestContext, tokenId: string): Promise<ApiTokenView> {
      const authed = authorize(ctx, 'api_tokens.manage');
      const revokedBy = authed.actor.type === 'user' ? authed.actor.userId : null;
      return db.withTenant(authed, async (tx) => {
        const token = await tx.maybeOne<ApiTokenView>(sql`update api_tokens
            set revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, ${revokedBy})
          where id = ${tokenId} returning ${apiTokenColumns}`);
        if (!token) throw notFound('api_token', tokenId);
        await recordAudit(tx, authed, {
          action: 'api_token.revoked',
          targetType: 'api_token',
          targetId: tokenId,
        });
        return token;
      });
    },
  };
}

export type ApiTokenService = ReturnType<typeof createApiTokenService>;
