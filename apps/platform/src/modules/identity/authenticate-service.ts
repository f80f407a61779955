import { type Database, sql } from '@tillpoint/db';
import { type ApiTokenScope, isPermission } from '@tillpoint/domain';
import type { Actor } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { parseToken, secretMatches } from '../../lib/opaque-tokens.ts';
import type { SessionClaims } from './authjs.ts';
import {
  type SessionActorRow,
  selectLiveDevice,
  selectLiveSession,
  touchSession,
} from './queries.ts';

export interface Authenticated {
  readonly tenantId: string;
  readonly actor: Actor;
}

// last_seen_at is for people reading the device list, not for security: write it at most once a
// minute per session/device so authentication stays a read on the hot path.
const TOUCH_AFTER_MS = 60_000;
const stale = (lastSeen: Date | null) =>
  lastSeen === null || Date.now() - lastSeen.getTime() > TOUCH_AFTER_MS;

function invalidToken(): AppError {
  return new AppError(
    'auth.invalid_token',
    'This token is unknown, expired or revoked. Pair or sign in again.',
  );
}

function userActor(row: SessionActorRow, sessionId: string): Actor {
  return {
    type: 'user',
    userId: row.userId,
    name: row.name,
    role: row.role,
    stores: row.allStores ? 'all' : row.storeIds,
    sessionId,
    device:
      row.deviceId && row.registerId && row.storeId
        ? { deviceId: row.deviceId, registerId: row.registerId, storeId: row.storeId }
        : null,
  };
}

export function createAuthenticator(db: Database) {
  return {
    /** Bearer tokens: device (tpd_), PIN session (tps_), integration API token (tpk_). */
    async bearer(token: string): Promise<Authenticated> {
      const parsed = parseToken(token);
      if (!parsed) throw invalidToken();
      const scope = { tenantId: parsed.tenantId };
      return db.withTenant(scope, async (tx) => {
        switch (parsed.kind) {
          case 'device': {
            const device = await selectLiveDevice(tx, parsed.id);
            if (!device || !secretMatches(parsed.secret, device.tokenHash)) throw invalidToken();
            if (stale(device.lastSeenAt)) {
              await tx.execute(
                sql`update register_devices set last_seen_at = now() where id = ${parsed.id}`,
              );
            }
            return {
              tenantId: parsed.tenantId,
              actor: {
                type: 'device',
                device: {
                  deviceId: parsed.id,
                  registerId: device.registerId,
                  storeId: device.storeId,
                },
              },
            };
          }
          case 'pin_session': {
            const session = await selectLiveSession(tx, parsed.id, 'pin');
            if (!session?.tokenHash || !secretMatches(parsed.secret, session.tokenHash))
              throw invalidToken();
            if (stale(session.lastSeenAt)) await touchSession(tx, parsed.id);
            return { tenantId: parsed.tenantId, actor: userActor(session, parsed.id) };
          }
          case 'api_token': {
            const row = await tx.maybeOne<{
              tokenHash: Buffer;
              scopes: string[];
              lastUsedAt: Date | null;
            }>(sql`
              select token_hash as "tokenHash", scopes, last_used_at as "lastUsedAt" from api_tokens
              where id = ${parsed.id} and revoked_at is null and (expires_at is null or expires_at > now())`);
            if (!row || !secretMatches(parsed.secret, row.tokenHash)) throw invalidToken();
            if (stale(row.lastUsedAt)) {
              await tx.execute(
                sql`update api_tokens set last_used_at = now() where id = ${parsed.id}`,
              );
            }
            const scopes = row.scopes.filter(isPermission) as ApiTokenScope[];
            return {
              tenantId: parsed.tenantId,
              actor: { type: 'api_token', tokenId: parsed.id, scopes },
            };
          }
        }
      });
    },

    /** Web session from the Auth.js cookie; null when the session has ended server-side. */
    async webSession(claims: SessionClaims): Promise<Authenticated | null> {
      return db.withTenant({ tenantId: claims.tenantId }, async (tx) => {
        const session = await selectLiveSession(tx, claims.sessionId, 'web');
        if (!session || session.userId !== claims.userId) return null;
        if (stale(session.lastSeenAt)) await touchSession(tx, claims.sessionId);
        return { tenantId: claims.tenantId, actor: userActor(session, claims.sessionId) };
      });
    },
  };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
