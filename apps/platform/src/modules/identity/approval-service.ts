import { type Database, newId, sql, type Tx } from '@tillpoint/db';
import { type ApprovalAction, roleHasPermission } from '@tillpoint/domain';
import type { RequestContext, ServiceContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, canAccessStore } from './authorize.ts';
import { APPROVAL_MINUTES } from './lockout.ts';
import { selectCredentials } from './queries.ts';
import type { ApprovalInput, ApprovalView } from './schemas.ts';
import type { SignInService } from './sign-in-service.ts';

/**
 * Manager approval: a manager types their PIN on the cashier's register to approve ONE named
 * action for THAT cashier. The approval is short-lived and consumed exactly once by the use case
 * that needed it (void, big discount, refund without receipt, no-sale), inside that use case's
 * transaction, so an approval can never be replayed or reused for another action.
 */
export function createApprovalService(db: Database, signIn: SignInService) {
  return {
    async grant(ctx: RequestContext, input: ApprovalInput): Promise<ApprovalView> {
      const authed = authorize(ctx, 'approvals.request');
      if (authed.actor.type !== 'user')
        throw new AppError('auth.forbidden', 'Approvals are requested by a signed-in person.');
      const requester = authed.actor;
      if (input.approverId === requester.userId) {
        throw new AppError(
          'approval.self_approval',
          'Someone else must approve this; you cannot approve your own action.',
        );
      }
      const approver = await db.withTenant(authed, (tx) => selectCredentials(tx, input.approverId));
      const deny = () =>
        new AppError('approval.not_allowed', 'That person cannot approve this here.');
      if (approver?.status !== 'active' || !roleHasPermission(approver.role, 'approvals.grant'))
        throw deny();
      const storeId = requester.device?.storeId ?? null;
      if (storeId && !approver.allStores) {
        const storeIds = await db.withTenant(authed, (tx) =>
          tx.query<{ storeId: string }>(
            sql`select store_id as "storeId" from user_stores where user_id = ${approver.id}`,
          ),
        );
        const approverActor = {
          ...requester,
          stores: storeIds.map((s) => s.storeId),
          device: null,
        };
        if (!canAccessStore(approverActor, storeId)) throw deny();
      }
      await signIn.checkSecret(authed, approver, 'pin', input.pin);
      const id = newId();
      return db.withTenant(authed, async (tx) => {
        const row = await tx.one<ApprovalView>(sql`insert into approvals
            (tenant_id, id, action, requested_by, approved_by, store_id, device_id, subject, reason, expires_at)
          values (${authed.tenantId}, ${id}, ${input.action}, ${requester.userId}, ${approver.id}, ${storeId},
            ${requester.device?.deviceId ?? null}, ${sql.json(input.subject ?? {})}, ${input.reason ?? null},
            now() + make_interval(mins => ${APPROVAL_MINUTES}))
          returning id, action, requested_by as "requestedBy", approved_by as "approvedBy",
            to_json(expires_at) #>> '{}' as "expiresAt"`);
        await recordAudit(tx, authed, {
          action: 'approval.granted',
          targetType: 'approval',
          targetId: id,
          storeId,
          after: {
            action: input.action,
            approvedBy: approver.id,
            reason: input.reason ?? null,
            subject: input.subject ?? {},
          },
        });
        return row;
      });
    },
  };
}

export type ApprovalService = ReturnType<typeof createApprovalService>;

/**
 * Consumes an approval inside the caller's transaction. Throws unless it was granted for this
 * action, to this user, is unexpired and unused. Returns who approved, for the caller's audit.
 */
export async function consumeApproval(
  tx: Tx,
  ctx: ServiceContext,
  approvalId: string,
  action: ApprovalAction,
): Promise<{ approvedBy: string }> {
  const requester = ctx.actor.type === 'user' ? ctx.actor.userId : null;
  const row = await tx.maybeOne<{ approvedBy: string }>(sql`update approvals set consumed_at = now()
    where id = ${approvalId} and action = ${action} and requested_by = ${requester}
      and consumed_at is null and expires_at > now()
    returning approved_by as "approvedBy"`);
  if (!row) {
    throw new AppError(
      'approval.invalid',
      `Approval ${approvalId} is not valid for "${action}" by you (wrong action, expired or already used). Ask a manager again.`,
    );
  }
  await recordAudit(tx, ctx, {
    action: 'approval.consumed',
    targetType: 'approval',
    targetId: approvalId,
    after: { action, approvedBy: row.approvedBy },
  });
  return row;
}
