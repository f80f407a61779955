import { DEVICE_PERMISSIONS, type Permission, roleHasPermission } from '@tillpoint/domain';
import type { Actor, RequestContext, ServiceContext } from '../../context.ts';
import { AppError } from '../../errors.ts';

// The single place where permissions are checked. Services call it first thing; REST routes and
// GraphQL resolvers only ever reach data through services, so both are checked alike.

export function requireActor(ctx: RequestContext): ServiceContext {
  if (!ctx.actor || !ctx.tenantId) {
    throw new AppError(
      'auth.unauthenticated',
      'Sign in first: this needs an authenticated session or token.',
    );
  }
  return ctx as ServiceContext;
}

export function actorHasPermission(actor: Actor, permission: Permission): boolean {
  switch (actor.type) {
    case 'user':
      return roleHasPermission(actor.role, permission);
    case 'api_token':
      return (actor.scopes as readonly string[]).includes(permission);
    case 'device':
      // A paired device on its own keeps its catalog and stock current and shows the sign-in
      // screen; everything else is done by a signed-in person.
      return (DEVICE_PERMISSIONS as readonly string[]).includes(permission);
  }
}

export function authorize(ctx: RequestContext, permission: Permission): ServiceContext {
  const authed = requireActor(ctx);
  if (!actorHasPermission(authed.actor, permission)) {
    throw new AppError(
      'auth.forbidden',
      `Your role does not allow this (needs permission "${permission}"). Ask an owner or admin.`,
      { permission },
    );
  }
  return authed;
}

export function canAccessStore(actor: Actor, storeId: string): boolean {
  switch (actor.type) {
    case 'user':
      if (actor.device && actor.device.storeId !== storeId) return false;
      return actor.stores === 'all' || actor.stores.includes(storeId);
    case 'device':
      return actor.device.storeId === storeId;
    case 'api_token':
      return true;
  }
}

export function authorizeStore(
  ctx: RequestContext,
  permission: Permission,
  storeId: string,
): ServiceContext {
  const authed = authorize(ctx, permission);
  if (!canAccessStore(authed.actor, storeId)) {
    throw new AppError('auth.store_forbidden', 'You are not assigned to this store.', { storeId });
  }
  return authed;
}

/** SQL-side filter for lists: null means every store. */
export function storeFilter(actor: Actor): readonly string[] | null {
  if (actor.type === 'user') {
    if (actor.device) return [actor.device.storeId];
    return actor.stores === 'all' ? null : actor.stores;
  }
  if (actor.type === 'device') return [actor.device.storeId];
  return null;
}
