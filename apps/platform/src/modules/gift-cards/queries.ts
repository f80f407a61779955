import { sql, type Tx } from '@tillpoint/db';
import { CARD_COLUMNS } from './gift-card-ledger.ts';
import type { GiftCardEntryView, GiftCardView } from './schemas.ts';

const entryColumns = sql`e.id, e.kind, e.amount_minor as "amountMinor",
  e.balance_after_minor as "balanceAfterMinor", e.sale_id as "saleId", e.refund_id as "refundId",
  e.reason, e.actor_id as "actorId", to_json(e.created_at) #>> '{}' as "createdAt"`;

export function selectGiftCard(
  tx: Tx,
  id: string,
  lock: 'for update' | 'none' = 'none',
): Promise<GiftCardView | null> {
  return tx.maybeOne<GiftCardView>(sql`select ${CARD_COLUMNS} from gift_cards where id = ${id}
    ${lock === 'for update' ? sql`for update` : sql.empty}`);
}

export function updateGiftCard(
  tx: Tx,
  id: string,
  change: { readonly status: 'active' | 'disabled'; readonly expiresAt: string | null },
): Promise<GiftCardView> {
  return tx.one<GiftCardView>(sql`update gift_cards set status = ${change.status},
      expires_at = ${change.expiresAt}::timestamptz
    where id = ${id} returning ${CARD_COLUMNS}`);
}

/**
 * A card's ledger, newest first. Entry ids are taken under the card's row lock from a monotonic
 * generator (gift-card-ledger.ts), so id order is the order the balances chain in.
 */
export function selectGiftCardEntries(
  tx: Tx,
  giftCardId: string,
  before: string | null,
  limit: number,
): Promise<GiftCardEntryView[]> {
  return tx.query<GiftCardEntryView>(sql`select ${entryColumns} from gift_card_entries e
    where e.gift_card_id = ${giftCardId}
      and (${before}::uuid is null or e.id < ${before}::uuid)
    order by e.id desc limit ${limit}`);
}

export function selectGiftCardEntry(tx: Tx, id: string): Promise<GiftCardEntryView> {
  return tx.one<GiftCardEntryView>(
    sql`select ${entryColumns} from gift_card_entries e where e.id = ${id}`,
  );
}
