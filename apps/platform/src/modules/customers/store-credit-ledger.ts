import { sql, type Tx } from '@tillpoint/db';
import { actorId, type ServiceContext } from '../../context.ts';
import { AppError } from '../../errors.ts';

export type StoreCreditEntryKind = 'refund_credit' | 'payment' | 'payment_reversal' | 'adjustment';

export interface StoreCreditChange {
  readonly customerId: string;
  readonly kind: StoreCreditEntryKind;
  /** Signed: positive credits the customer, negative spends their credit. */
  readonly amountMinor: number;
  readonly saleId?: string | null;
  readonly refundId?: string | null;
  readonly reason?: string | null;
}

/**
 * The only way a customer's store credit changes, inside the caller's transaction: one guarded
 * UPDATE (row lock; the balance can never go below zero, even with two registers spending the
 * same credit at once) and one ledger entry carrying the resulting balance.
 */
export async function changeStoreCredit(
  tx: Tx,
  ctx: ServiceContext,
  change: StoreCreditChange,
): Promise<{ balanceAfterMinor: number }> {
  if (!Number.isSafeInteger(change.amountMinor) || change.amountMinor === 0) {
    throw new AppError(
      'store_credit.invalid_amount',
      'A store credit change must be a non-zero whole amount in minor units.',
    );
  }
  const row = await tx.maybeOne<{ balance: number }>(sql`update customers
      set store_credit_minor = store_credit_minor + ${change.amountMinor}
    where id = ${change.customerId} and store_credit_minor + ${change.amountMinor} >= 0
      and (${change.amountMinor} > 0 or archived_at is null)
    returning store_credit_minor as balance`);
  if (!row) {
    const customer = await tx.maybeOne<{ balance: number; archived: boolean }>(
      sql`select store_credit_minor as balance, archived_at is not null as archived
        from customers where id = ${change.customerId}`,
    );
    if (!customer) {
      throw new AppError('customer.not_found', `No customer with id ${change.customerId} here.`);
    }
    if (customer.archived) {
      throw new AppError(
        'customer.archived',
        'This customer is archived; their store credit cannot be spent.',
      );
    }
    throw new AppError(
      'store_credit.insufficient',
      `The customer has ${customer.balance} in store credit; ${-change.amountMinor} cannot be taken.`,
      { balanceMinor: customer.balance, requestedMinor: -change.amountMinor },
    );
  }
  await tx.execute(sql`insert into store_credit_entries
      (tenant_id, customer_id, kind, amount_minor, balance_after_minor, sale_id, refund_id, reason, actor_id)
    values (${ctx.tenantId}, ${change.customerId}, ${change.kind}, ${change.amountMinor}, ${row.balance},
      ${change.saleId ?? null}, ${change.refundId ?? null}, ${change.reason ?? null}, ${actorId(ctx.actor)})`);
  return { balanceAfterMinor: row.balance };
}
