import type { Tx } from '@tillpoint/db';
import type { ApprovalAction } from '@tillpoint/domain';
import type { ServiceContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { requirePermissionOrApproval } from '../identity/approval-gate.ts';
import { consumeApproval } from '../identity/approval-service.ts';
import type { LineRow } from './sale-queries.ts';
import type { DiscountInput, SaleFlagView } from './sale-schemas.ts';

// Manager approvals on a sale: a price override needs sales.price_override or an approval; a
// discount larger than the role's limit (tenant discount_limits, ppm of the gross it applies to)
// needs an approval. Online, a missing approval refuses the change. An offline sale already
// happened at the till, so there it becomes a flag for a manager to review instead.

export type ApprovalGate =
  | { readonly mode: 'refuse' }
  | { readonly mode: 'flag'; readonly flags: SaleFlagView[] };

export const REFUSE: ApprovalGate = { mode: 'refuse' };

const PPM = 1_000_000n;

/** The largest discount (ppm) the caller may give alone; null: no limit. */
export function discountLimitOf(
  ctx: ServiceContext,
  limits: Readonly<Record<string, number>>,
): number | null {
  if (ctx.actor.type !== 'user' || ctx.actor.role === 'owner') return null;
  const limit = limits[ctx.actor.role];
  return typeof limit === 'number' ? limit : null;
}

/**
 * Over the limit? A percentage compares as given (so rounding can never push 10 % over a 10 %
 * limit); a fixed amount compares with the gross it comes off, exactly, in integers.
 */
export function overLimit(discount: DiscountInput, baseMinor: number, limitPpm: number): boolean {
  if (discount.kind === 'percent') return discount.ppm > limitPpm;
  return BigInt(discount.amountMinor) * PPM > BigInt(limitPpm) * BigInt(baseMinor);
}

const MISSING: Record<ApprovalAction, string> = {
  'sale.price_override': "A price was overridden without a manager's approval.",
  'sale.discount_over_limit': "A discount over the cashier's limit was given without approval.",
  'sale.void': "The sale was voided without a manager's approval.",
  'sale.reverse': "The sale was reversed without a manager's approval.",
  'refund.without_receipt': "A refund without receipt was made without a manager's approval.",
  'drawer.no_sale': "The drawer was opened without a manager's approval.",
};

async function gated(
  gate: ApprovalGate,
  action: ApprovalAction,
  where: { lineId?: string },
  run: () => Promise<string | null>,
): Promise<string | null> {
  if (gate.mode === 'refuse') return run();
  try {
    return await run();
  } catch (error) {
    if (
      error instanceof AppError &&
      (error.code === 'approval.required' || error.code === 'approval.invalid')
    ) {
      gate.flags.push({ code: 'approval_missing', message: MISSING[action], action, ...where });
      return null;
    }
    throw error;
  }
}

export interface LineApprovalRequest {
  readonly overrideChanged: boolean;
  readonly discountChanged: boolean;
  readonly approvalId?: string | undefined;
  readonly discountApprovalId?: string | undefined;
}

/**
 * Consumes what a changed line needs and returns the approvals now standing on it. `approvalId`
 * serves the price override when one is needed, else the discount; `discountApprovalId` serves
 * the discount when the line needs both.
 */
export async function approveLine(
  tx: Tx,
  ctx: ServiceContext,
  limits: Readonly<Record<string, number>>,
  line: LineRow,
  request: LineApprovalRequest,
  gate: ApprovalGate,
): Promise<Pick<LineRow, 'priceOverrideApprovalId' | 'discountApprovalId'>> {
  let priceOverrideApprovalId = line.priceOverrideApprovalId;
  let discountApprovalId = line.discountApprovalId;
  let spent = false;
  if (request.overrideChanged) {
    priceOverrideApprovalId =
      line.priceOverrideMinor === null
        ? null
        : await gated(gate, 'sale.price_override', { lineId: line.id }, async () => {
            const result = await requirePermissionOrApproval(
              tx,
              ctx,
              'sales.price_override',
              'sale.price_override',
              request.approvalId,
            );
            return result.approvalId;
          });
    spent = priceOverrideApprovalId !== null;
  }
  if (request.discountChanged) {
    const limit = discountLimitOf(ctx, limits);
    const needed =
      line.discount !== null && limit !== null && overLimit(line.discount, line.grossMinor, limit);
    discountApprovalId = needed
      ? await gated(gate, 'sale.discount_over_limit', { lineId: line.id }, () =>
          consumeDiscountApproval(
            tx,
            ctx,
            spent ? request.discountApprovalId : (request.discountApprovalId ?? request.approvalId),
          ),
        )
      : null;
  }
  return { priceOverrideApprovalId, discountApprovalId };
}

/** The order discount against the sale's gross after line discounts. */
export async function approveOrderDiscount(
  tx: Tx,
  ctx: ServiceContext,
  limits: Readonly<Record<string, number>>,
  discount: DiscountInput | null,
  baseMinor: number,
  approvalId: string | undefined,
  gate: ApprovalGate,
): Promise<string | null> {
  const limit = discountLimitOf(ctx, limits);
  if (discount === null || limit === null || !overLimit(discount, baseMinor, limit)) return null;
  return gated(gate, 'sale.discount_over_limit', {}, () =>
    consumeDiscountApproval(tx, ctx, approvalId),
  );
}

async function consumeDiscountApproval(
  tx: Tx,
  ctx: ServiceContext,
  approvalId: string | undefined,
): Promise<string> {
  if (!approvalId)
    throw new AppError(
      'approval.required',
      'This discount is larger than your role may give alone ("sale.discount_over_limit"): ask a ' +
        'manager to enter their PIN.',
      { action: 'sale.discount_over_limit' },
    );
  await consumeApproval(tx, ctx, approvalId, 'sale.discount_over_limit');
  return approvalId;
}
