import { sql, type Tx } from '@tillpoint/db';
import { deviceOf, type ServiceContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { openCashSessionOf } from '../cash/open-session.ts';
import { canAccessStore } from '../identity/authorize.ts';

// Where a refund happens: the register that gives the money back (its drawer, its receipt
// sequence) and so the store whose permission and stock apply.

export interface RefundRegister {
  readonly id: string;
  readonly storeId: string;
}

/** The device's register unless one is named; a register signed in on a device is that one. */
export function registerIdFor(ctx: ServiceContext, requested: string | undefined): string {
  const device = deviceOf(ctx.actor);
  if (device) {
    if (requested && requested !== device.registerId)
      throw new AppError(
        'refund.register_mismatch',
        'You are signed in on another register; refund on this one or leave registerId out.',
        { registerId: requested, deviceRegisterId: device.registerId },
      );
    return device.registerId;
  }
  if (!requested)
    throw new AppError(
      'refund.register_required',
      'Name the register that gives the money back (registerId), or refund from a paired register.',
    );
  return requested;
}

/** The register (not archived, in a store the caller works in). Other tenants' are not found. */
export async function loadRefundRegister(
  tx: Tx,
  ctx: ServiceContext,
  registerId: string,
): Promise<RefundRegister> {
  const register = await tx.maybeOne<RefundRegister & { archived: boolean }>(sql`select r.id,
      r.store_id as "storeId", (r.archived_at is not null or s.archived_at is not null)
        as archived
    from registers r join stores s on s.tenant_id = r.tenant_id and s.id = r.store_id
    where r.id = ${registerId}`);
  if (!register) throw notFound('register', registerId);
  if (!canAccessStore(ctx.actor, register.storeId))
    throw new AppError('auth.store_forbidden', 'You are not assigned to this store.', {
      storeId: register.storeId,
    });
  if (register.archived)
    throw new AppError('register.archived', 'This register is archived; refund on another one.', {
      registerId,
    });
  return { id: register.id, storeId: register.storeId };
}

/**
 * The register's open drawer, when it has one (locked for share so it cannot close meanwhile).
 * Cash can only be handed back from an open drawer.
 */
export async function drawerFor(
  tx: Tx,
  registerId: string,
  needsCash: boolean,
): Promise<string | null> {
  const session = await openCashSessionOf(tx, registerId);
  if (!session && needsCash)
    throw new AppError(
      'cash_session.not_open',
      'This refund hands back cash, and the register has no open cash session: open the drawer first.',
      { registerId },
    );
  return session?.id ?? null;
}
