import { createHash } from 'node:crypto';
import { newId, sql, type Tx } from '@tillpoint/db';
import { actorId, type ServiceContext } from '../../context.ts';
import { AppError } from '../../errors.ts';

export type GiftCardEntryKind =
  | 'issue'
  | 'top_up'
  | 'redeem'
  | 'redeem_reversal'
  | 'refund_credit'
  | 'adjustment';

export interface GiftCardRow {
  readonly id: string;
  readonly last4: string;
  readonly currency: string;
  readonly balanceMinor: number;
  readonly status: 'active' | 'disabled';
  readonly expiresAt: string | null;
}

/**
 * Card numbers are printed and scanned with spaces or dashes; they are compared as 8 to 32
 * upper-case letters and digits. Anything else is refused before it is hashed.
 */
export function normalizeGiftCardCode(code: string): string {
  const normalized = code.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[0-9A-Z]{8,32}$/.test(normalized)) {
    throw new AppError(
      'gift_card.invalid_code',
      'A gift card number is 8 to 32 letters and digits (spaces and dashes are ignored).',
    );
  }
  return normalized;
}

/** Only the hash of a card number is stored: whoever holds the number can spend the card. */
export function hashGiftCardCode(normalized: string): Buffer {
  return createHash('sha256').update(normalized).digest();
}

export const CARD_COLUMNS = sql`id, code_last4 as "last4", currency, balance_minor as "balanceMinor", status,
  to_json(expires_at) #>> '{}' as "expiresAt"`;

export async function findGiftCardByCode(tx: Tx, code: string): Promise<GiftCardRow | null> {
  const hash = hashGiftCardCode(normalizeGiftCardCode(code));
  return tx.maybeOne<GiftCardRow>(
    sql`select ${CARD_COLUMNS} from gift_cards where code_hash = ${hash}`,
  );
}

/**
 * The card a gift-card sale line issues or tops up. A new number creates the card with a zero
 * balance (it holds value only once the sale completes); a known one must be active and in the
 * sale's currency.
 */
export async function findOrCreateGiftCard(
  tx: Tx,
  ctx: ServiceContext,
  code: string,
  currency: string,
): Promise<GiftCardRow> {
  const normalized = normalizeGiftCardCode(code);
  const hash = hashGiftCardCode(normalized);
  const created = await tx.maybeOne<GiftCardRow>(sql`insert into gift_cards
      (tenant_id, code_hash, code_last4, currency)
    values (${ctx.tenantId}, ${hash}, ${normalized.slice(-4)}, ${currency})
    on conflict (tenant_id, code_hash) do nothing
    returning ${CARD_COLUMNS}`);
  const card =
    created ??
    (await tx.one<GiftCardRow>(
      sql`select ${CARD_COLUMNS} from gift_cards where code_hash = ${hash}`,
    ));
  assertUsable(card, currency);
  return card;
}

function assertUsable(card: GiftCardRow, currency: string): void {
  if (card.status !== 'active') {
    throw new AppError('gift_card.disabled', `Gift card ending ${card.last4} is disabled.`);
  }
  if (card.expiresAt !== null && Date.parse(card.expiresAt) <= Date.now()) {
    throw new AppError('gift_card.expired', `Gift card ending ${card.last4} has expired.`);
  }
  if (card.currency !== currency) {
    throw new AppError(
      'gift_card.currency_mismatch',
      `Gift card ending ${card.last4} holds ${card.currency}, not ${currency}.`,
    );
  }
}

export interface GiftCardChange {
  readonly giftCardId: string;
  readonly kind: GiftCardEntryKind;
  /** Signed: positive loads the card, negative spends from it. */
  readonly amountMinor: number;
  readonly saleId?: string | null;
  readonly refundId?: string | null;
  readonly reason?: string | null;
}

export interface GiftCardChangeResult {
  readonly balanceAfterMinor: number;
  /** The ledger entry written. */
  readonly entryId: string;
}

/**
 * The only way a gift card's balance changes, inside the caller's transaction: one guarded
 * UPDATE (never below zero; spending needs an active, unexpired card) and one ledger entry with
 * the resulting balance. Giving value back (reversals, refunds) works on a disabled card too.
 */
export async function changeGiftCardBalance(
  tx: Tx,
  ctx: ServiceContext,
  change: GiftCardChange,
): Promise<GiftCardChangeResult> {
  if (!Number.isSafeInteger(change.amountMinor) || change.amountMinor === 0) {
    throw new AppError(
      'gift_card.invalid_amount',
      'A gift card change must be a non-zero whole amount in minor units.',
    );
  }
  const spending = change.amountMinor < 0 || change.kind === 'issue' || change.kind === 'top_up';
  const row = await tx.maybeOne<{ balance: number }>(sql`update gift_cards
      set balance_minor = balance_minor + ${change.amountMinor}::bigint
    where id = ${change.giftCardId} and balance_minor + ${change.amountMinor}::bigint >= 0
      and (not ${spending} or (status = 'active' and (expires_at is null or expires_at > now())))
    returning balance_minor as balance`);
  if (!row) {
    const card = await tx.maybeOne<GiftCardRow>(
      sql`select ${CARD_COLUMNS} from gift_cards where id = ${change.giftCardId}`,
    );
    if (!card)
      throw new AppError('gift_card.not_found', `No gift card with id ${change.giftCardId} here.`);
    assertUsable(card, card.currency);
    throw new AppError(
      'gift_card.insufficient_balance',
      `Gift card ending ${card.last4} holds ${card.balanceMinor}; ${-change.amountMinor} cannot be taken.`,
      { balanceMinor: card.balanceMinor, requestedMinor: -change.amountMinor },
    );
  }
  // Taken under the card's row lock; monotonic UUIDv7 ids order the entries as balances chain.
  const entryId = newId();
  await tx.execute(sql`insert into gift_card_entries
      (tenant_id, id, gift_card_id, kind, amount_minor, balance_after_minor, sale_id, refund_id, reason, actor_id)
    values (${ctx.tenantId}, ${entryId}, ${change.giftCardId}, ${change.kind}, ${change.amountMinor}, ${row.balance},
      ${change.saleId ?? null}, ${change.refundId ?? null}, ${change.reason ?? null}, ${actorId(ctx.actor)})`);
  return { balanceAfterMinor: row.balance, entryId };
}
