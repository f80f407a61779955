import { sql, type Tx } from '@tillpoint/db';
import type { StoreCreditEntryView } from './schemas.ts';

const entryColumns = sql`e.id, e.kind, e.amount_minor as "amountMinor",
  e.balance_after_minor as "balanceAfterMinor", e.sale_id as "saleId", e.refund_id as "refundId",
  e.reason, e.actor_id as "actorId", to_json(e.created_at) #>> '{}' as "createdAt"`;

/**
 * A customer's ledger, newest first. Entry ids are taken under the customer's row lock from a
 * monotonic generator (store-credit-ledger.ts), so id order is the order the balances chain in.
 */
export function selectStoreCreditEntries(
  tx: Tx,
  customerId: string,
  before: string | null,
  limit: number,
): Promise<StoreCreditEntryView[]> {
  return tx.query<StoreCreditEntryView>(sql`select ${entryColumns} from store_credit_entries e
    where e.customer_id = ${customerId}
      and (${before}::uuid is null or e.id < ${before}::uuid)
    order by e.id desc limit ${limit}`);
}

export function selectStoreCreditEntry(tx: Tx, id: string): Promise<StoreCreditEntryView> {
  return tx.one<StoreCreditEntryView>(
    sql`select ${entryColumns} from store_credit_entries e where e.id = ${id}`,
  );
}
