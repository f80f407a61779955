import { ok } from '@tillpoint/api-client';
import { isRole, type Role, roleHasPermission } from '@tillpoint/domain';
import type { ApprovalAction } from '../api-types.ts';
import type { Api } from '../device/api.ts';

// A manager's PIN approves one named action for the signed-in cashier (POST /api/v1/approvals);
// the approval id goes with the change, which consumes it exactly once.

export async function requestApproval(
  api: Api,
  input: {
    readonly action: ApprovalAction;
    readonly approverId: string;
    readonly pin: string;
    readonly reason?: string;
    readonly subject?: Record<string, string>;
  },
): Promise<string> {
  const approval = await ok(
    api.POST('/api/v1/approvals', {
      body: {
        action: input.action,
        approverId: input.approverId,
        pin: input.pin,
        ...(input.reason ? { reason: input.reason } : {}),
        ...(input.subject ? { subject: input.subject } : {}),
      },
    }),
  );
  return approval.id;
}

const APPROVERS: readonly Role[] = ['owner', 'admin', 'manager'];

/** Staff who can approve (their PIN), for the manager picker. */
export function isApprover(role: string): boolean {
  return isRole(role) && APPROVERS.includes(role);
}

/** Does this role need a manager to override a price (sales.price_override)? */
export function overrideNeedsApproval(role: string): boolean {
  return !(isRole(role) && roleHasPermission(role, 'sales.price_override'));
}

/** Does this discount exceed the role's limit (ppm of the gross; owners have none)? */
export function discountNeedsApproval(
  role: string,
  limits: Readonly<Record<string, number>>,
  discount: { kind: 'percent'; ppm: number } | { kind: 'fixed'; amountMinor: number },
  grossMinor: number,
): boolean {
  if (role === 'owner') return false;
  const limit = limits[role];
  if (typeof limit !== 'number') return false;
  if (discount.kind === 'percent') return discount.ppm > limit;
  return BigInt(discount.amountMinor) * 1_000_000n > BigInt(limit) * BigInt(grossMinor);
}
