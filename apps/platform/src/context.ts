import type { ApiTokenScope, Role } from '@tillpoint/domain';

/** Who is acting. Every service use case receives it and checks permissions against it. */
export type Actor =
  | {
      readonly type: 'user';
      readonly userId: string;
      readonly name: string;
      readonly role: Role;
      /** 'all' or the stores this user may work in. */
      readonly stores: 'all' | readonly string[];
      readonly sessionId: string;
      /** Set when signed in with a PIN on a paired register. */
      readonly device: DeviceRef | null;
    }
  | { readonly type: 'device'; readonly device: DeviceRef }
  | {
      readonly type: 'api_token';
      readonly tokenId: string;
      readonly scopes: readonly ApiTokenScope[];
    };

export interface DeviceRef {
  readonly deviceId: string;
  readonly registerId: string;
  readonly storeId: string;
}

/** The request context as REST and GraphQL both see it. */
export interface RequestContext {
  readonly requestId: string;
  readonly ip: string;
  readonly userAgent: string | null;
  readonly tenantId: string | null;
  readonly actor: Actor | null;
}

/** A context known to belong to one tenant and one actor: what services take. */
export interface ServiceContext extends RequestContext {
  readonly tenantId: string;
  readonly actor: Actor;
}

/** Anonymous callers (signup, pairing, sign-in) still carry request facts for audit and limits. */
export function anonymousContext(
  requestId: string,
  ip: string,
  userAgent: string | null,
): RequestContext {
  return { requestId, ip, userAgent, tenantId: null, actor: null };
}

/** The paired register the actor works at: a device itself, or a person signed in on one. */
export function deviceOf(actor: Actor): DeviceRef | null {
  return actor.type === 'device' || actor.type === 'user' ? actor.device : null;
}

export function actorId(actor: Actor): string {
  switch (actor.type) {
    case 'user':
      return actor.userId;
    case 'device':
      return actor.device.deviceId;
    case 'api_token':
      return actor.tokenId;
  }
}
