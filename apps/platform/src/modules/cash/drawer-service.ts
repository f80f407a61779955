import { type Database, newId } from '@tillpoint/db';
import { summarizeSession } from '@tillpoint/domain';
import type { RequestContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { requirePermissionOrApproval } from '../identity/approval-gate.ts';
import { actorHasPermission, authorize } from '../identity/authorize.ts';
import { assertOpen, money, personOf, sessionFor } from './access.ts';
import { loadActivity } from './activity-queries.ts';
import { insertMovement } from './queries.ts';
import type { CashMovementView, MovementInput, NoSaleInput } from './schemas.ts';

// Cash moved outside a sale, and drawer opens without one: rows of cash_movements on an open
// session, each audited. A pay-out is checked against the same drawer computation as the reports.

export function createDrawerUseCases(db: Database) {
  return {
    /** Cash put into or taken out of the drawer outside a sale (change float, a supplier paid). */
    async recordMovement(
      ctx: RequestContext,
      id: string,
      input: MovementInput,
    ): Promise<CashMovementView> {
      const authed = authorize(ctx, 'cash.operate');
      const actorId = personOf(authed);
      return db.withTenant(authed, async (tx) => {
        // Pay-outs lock for update so two of them cannot both take the same cash.
        const lock = input.kind === 'pay_out' ? 'for update' : 'for share';
        const session = await sessionFor(tx, authed, id, lock);
        assertOpen(session);
        if (input.kind === 'pay_out') {
          const { activity } = await loadActivity(tx, session, null);
          const { expectedMinor } = summarizeSession(activity).drawer;
          if (input.amountMinor > expectedMinor) {
            // Only someone who may read cash figures learns the amount: the close stays blind.
            const reveal = actorHasPermission(authed.actor, 'cash.read');
            throw new AppError(
              'cash_session.insufficient_cash',
              reveal
                ? `The drawer should hold only ${money(expectedMinor, session.currency)}, less than the ${money(input.amountMinor, session.currency)} to pay out; pay out less, or pay in first.`
                : 'The drawer does not hold that much cash; pay out less, or ask a manager.',
              {
                cashSessionId: id,
                amountMinor: input.amountMinor,
                ...(reveal ? { expectedMinor } : {}),
              },
            );
          }
        }
        const movement = await insertMovement(tx, {
          tenantId: authed.tenantId,
          id: newId(),
          sessionId: id,
          kind: input.kind,
          amountMinor: input.amountMinor,
          reason: input.reason.trim(),
          approvalId: null,
          actorId,
        });
        await recordAudit(tx, authed, {
          action: `cash_session.${input.kind}`,
          targetType: 'cash_movement',
          targetId: movement.id,
          storeId: session.storeId,
          after: { cashSessionId: id, amountMinor: input.amountMinor, reason: movement.reason },
        });
        return movement;
      });
    },

    /** Opens the drawer without a sale: managers directly, cashiers with a manager's approval. */
    async noSale(
      ctx: RequestContext,
      id: string,
      input: NoSaleInput,
    ): Promise<{ opened: true; movementId: string }> {
      const authed = authorize(ctx, 'cash.operate');
      const actorId = personOf(authed);
      return db.withTenant(authed, async (tx) => {
        const session = await sessionFor(tx, authed, id, 'for share');
        assertOpen(session);
        const approval = await requirePermissionOrApproval(
          tx,
          authed,
          'cash.no_sale',
          'drawer.no_sale',
          input.approvalId,
        );
        const movement = await insertMovement(tx, {
          tenantId: authed.tenantId,
          id: newId(),
          sessionId: id,
          kind: 'no_sale',
          amountMinor: 0,
          reason: null,
          approvalId: approval.approvalId,
          actorId,
        });
        await recordAudit(tx, authed, {
          action: 'cash_session.no_sale',
          targetType: 'cash_movement',
          targetId: movement.id,
          storeId: session.storeId,
          after: { cashSessionId: id, approvedBy: approval.approvedBy },
        });
        // The drawer kick itself goes to the register's bridge (a later issue).
        return { opened: true, movementId: movement.id };
      });
    },
  };
}
