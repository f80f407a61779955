import type { Tx } from '@tillpoint/db';
import type { ApprovalAction, Permission } from '@tillpoint/domain';
import type { ServiceContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { consumeApproval } from './approval-service.ts';
import { actorHasPermission } from './authorize.ts';

/**
 * For actions a manager may do directly and a cashier only with a manager's approval (voids,
 * price overrides, discounts over the limit, refunds without receipt, no-sale opens): passes when
 * the actor holds `permission`, otherwise consumes the approval (once, in this transaction) or
 * refuses with `approval.required` naming the action to ask a manager for.
 * Returns who approved (null when the actor's own permission sufficed).
 */
export async function requirePermissionOrApproval(
  tx: Tx,
  ctx: ServiceContext,
  permission: Permission,
  action: ApprovalAction,
  approvalId: string | null | undefined,
): Promise<{ approvedBy: string | null; approvalId: string | null }> {
  if (actorHasPermission(ctx.actor, permission)) return { approvedBy: null, approvalId: null };
  if (!approvalId) {
    throw new AppError(
      'approval.required',
      `This needs a manager's approval ("${action}"): ask a manager to enter their PIN.`,
      { action },
    );
  }
  const { approvedBy } = await consumeApproval(tx, ctx, approvalId, action);
  return { approvedBy, approvalId };
}
