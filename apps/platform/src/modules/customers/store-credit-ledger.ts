import { newId, sql, type Tx } from '@tillpoint/db';
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

export interface StoreCreditResult {
  readonly balanceAfterMinor: number;
  /** The ledger entry written. */
  readonly entryId: string;
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
): Promise<StoreCreditResult> {
  if (!Number.isSafeInteger(change.amountMinor) || change.amountMinor === 0) {
    throw new AppError(
      'store_credit.invalid_amount',
      'A store credit change must be a non-zero whole amount in minor units.',
    );
  }
  const row = await tx.maybeOne<{ balance: number }>(sql`update customers
      set store_credit_minor = store_credit_minor + ${change.amountMinor}::bigint
    where id = ${change.customerId} and store_credit_minor + ${change.amountMinor}::bigint >= 0
      and (${change.amountMinor}::bigint > 0 or archived_at is null)
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
  // The id is taken while this transaction holds the customer's row lock, and ids made here are
  // monotonic (UUIDv7), so ordering a customer's entries by id is the order their balances chain.
  const entryId = newId();
  await tx.execute(sql`insert into store_credit_entries
      (tenant_id, id, customer_id, kind, amount_minor, balance_after_minor, sale_id, refund_id, reason, actor_id)
    values (${ctx.tenantId}, ${entryId}, ${change.customerId}, ${change.kind}, ${change.amountMinor}, ${row.balance},
      ${change.saleId ?? null}, ${change.refundId ?? null}, ${change.reason ?? null}, ${actorId(ctx.actor)})`);
  return { balanceAfterMinor: row.balance, entryId };
}
