import type { Database } from '@tillpoint/db';
import type { RequestContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize } from '../identity/authorize.ts';
import { selectCustomer } from './queries.ts';
import type {
  StoreCreditAdjustmentInput,
  StoreCreditAdjustmentView,
  StoreCreditView,
} from './schemas.ts';
import { changeStoreCredit } from './store-credit-ledger.ts';
import { selectStoreCreditEntries, selectStoreCreditEntry } from './store-credit-queries.ts';

// Reading a customer's store credit and a manager's corrections to it. Sales spend it and refunds
// add to it through the same ledger kernel (changeStoreCredit), so every change, whoever makes
// it, is one entry carrying the balance after it.

export function createStoreCreditService(db: Database) {
  return {
    async get(
      ctx: RequestContext,
      customerId: string,
      query: { cursor?: string | undefined; limit?: number | undefined },
    ): Promise<StoreCreditView> {
      const authed = authorize(ctx, 'customers.read');
      const limit = query.limit ?? 50;
      const { balanceMinor, entries } = await db.withTenant(authed, async (tx) => {
        const customer = await selectCustomer(tx, customerId);
        if (!customer) throw notFound('customer', customerId);
        return {
          balanceMinor: customer.storeCreditMinor,
          entries: await selectStoreCreditEntries(tx, customerId, query.cursor ?? null, limit + 1),
        };
      });
      const page = entries.slice(0, limit);
      const last = page.at(-1);
      return {
        customerId,
        balanceMinor,
        entries: page,
        nextCursor: entries.length > limit && last ? last.id : null,
      };
    },

    /** A manager's correction, up or down; the balance never goes below zero. */
    async adjust(
      ctx: RequestContext,
      customerId: string,
      input: StoreCreditAdjustmentInput,
    ): Promise<StoreCreditAdjustmentView> {
      const authed = authorize(ctx, 'customers.adjust_credit');
      const reason = input.reason.trim();
      if (!reason)
        throw new AppError(
          'store_credit.reason_required',
          'Say why the store credit is being adjusted (reason).',
        );
      return db.withTenant(authed, async (tx) => {
        const { balanceAfterMinor, entryId } = await changeStoreCredit(tx, authed, {
          customerId,
          kind: 'adjustment',
          amountMinor: input.amountMinor,
          reason,
        });
        await recordAudit(tx, authed, {
          action: 'customer.store_credit_adjusted',
          targetType: 'customer',
          targetId: customerId,
          before: { storeCreditMinor: balanceAfterMinor - input.amountMinor },
          after: { storeCreditMinor: balanceAfterMinor, amountMinor: input.amountMinor, reason },
        });
        return {
          customerId,
          balanceMinor: balanceAfterMinor,
          entry: await selectStoreCreditEntry(tx, entryId),
        };
      });
    },
  };
}

export type StoreCreditService = ReturnType<typeof createStoreCreditService>;
