import { sql, type Tx } from '@tillpoint/db';
import { type Role, roleHasPermission } from '@tillpoint/domain';
import type { RequestContext, ServiceContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { requireActor } from '../identity/authorize.ts';
import type { SaleFlagView, SubmitInput } from './sale-schemas.ts';

// A cashier who signed in on the register while the platform was unreachable has no PIN session:
// the register checked their PIN against a verifier it keeps from their last online sign-in. Such
// a sale is sent with the paired device's own token and names its cashier. The device vouches for
// who sold, so the server accepts it only for offline sales, only from a device, and only for a
// person who may sell in that device's store today; the sale is flagged for a manager's review.

export type OfflineCashier = NonNullable<SubmitInput['offlineCashier']>;

/** The device context of an offline-sign-in submit, or null for an ordinary one. */
export function offlineDeviceContext(
  ctx: RequestContext,
  input: SubmitInput,
): ServiceContext | null {
  if (input.offlineCashier === undefined) return null;
  const authed = requireActor(ctx);
  if (authed.actor.type !== 'device')
    throw new AppError(
      'sale.offline_cashier_device_only',
      'Only a paired register sending with its device token may name an offline cashier; ' +
        'a signed-in person sells as themselves.',
    );
  if (!input.offline)
    throw new AppError(
      'sale.offline_cashier_not_offline',
      'An offline cashier may only be named on a sale made offline (offline: true).',
    );
  return authed;
}

interface SellerRow {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly active: boolean;
  readonly inStore: boolean;
}

/**
 * The named cashier as the seller of the sale: a user of this tenant (RLS hides anyone else),
 * active, working in the device's store, with a role that may sell. Refusals say which held.
 */
export async function offlineSeller(
  tx: Tx,
  deviceCtx: ServiceContext,
  cashier: OfflineCashier,
): Promise<ServiceContext> {
  if (deviceCtx.actor.type !== 'device') throw new Error('offline seller needs a device actor');
  const device = deviceCtx.actor.device;
  const row = await tx.maybeOne<SellerRow>(sql`
    select u.id, u.name, u.role, u.status = 'active' as active,
      (u.all_stores or exists (select 1 from user_stores us
        where us.user_id = u.id and us.store_id = ${device.storeId})) as "inStore"
    from users u where u.id = ${cashier.userId}`);
  const details = { userId: cashier.userId };
  if (!row)
    throw new AppError(
      'sale.offline_cashier_unknown',
      'The cashier named on this offline sale is not staff of this business.',
      details,
    );
  if (!row.active)
    throw new AppError(
      'sale.offline_cashier_disabled',
      'The cashier named on this offline sale has been disabled; a manager must review the sale.',
      details,
    );
  if (!row.inStore)
    throw new AppError(
      'sale.offline_cashier_store',
      "The cashier named on this offline sale does not work in this register's store.",
      { ...details, storeId: device.storeId },
    );
  if (!roleHasPermission(row.role, 'sales.sell'))
    throw new AppError(
      'sale.offline_cashier_forbidden',
      'The role of the cashier named on this offline sale does not allow selling.',
      { ...details, role: row.role },
    );
  return {
    ...deviceCtx,
    actor: {
      type: 'user',
      userId: row.id,
      name: row.name,
      role: row.role,
      stores: [device.storeId],
      // No PIN session exists for this sale; the device's id stands for where it was vouched.
      sessionId: device.deviceId,
      device,
    },
  };
}

export function offlineSignInFlag(cashier: OfflineCashier): SaleFlagView {
  return {
    code: 'offline_sign_in',
    message:
      `The cashier signed in on the register while it was offline (${cashier.signedInAt}); ` +
      'the register checked the PIN, not the server.',
  };
}
