import type { Database } from '@tillpoint/db';
import type { RequestContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize } from '../identity/authorize.ts';
import { changeGiftCardBalance, findGiftCardByCode } from './gift-card-ledger.ts';
import {
  selectGiftCard,
  selectGiftCardEntries,
  selectGiftCardEntry,
  updateGiftCard,
} from './queries.ts';
import type {
  GiftCardAdjustmentInput,
  GiftCardAdjustmentView,
  GiftCardDetailView,
  GiftCardView,
  StatusChangeInput,
  UpdateGiftCardInput,
} from './schemas.ts';

// Looking after gift cards: find one by its number, read its ledger, disable or enable it, correct
// its balance, change its expiry. Balances only change through changeGiftCardBalance, so every
// change is one ledger entry carrying the balance after it. Card numbers never reach an audit
// record: cards are named by id and last 4.

const trimmedReason = (reason: string | undefined): string | null => reason?.trim() || null;

export function createGiftCardService(db: Database) {
  async function setStatus(
    ctx: RequestContext,
    id: string,
    status: 'active' | 'disabled',
    input: StatusChangeInput,
  ): Promise<GiftCardView> {
    const authed = authorize(ctx, 'gift_cards.manage');
    const reason = trimmedReason(input.reason);
    if (status === 'disabled' && !reason)
      throw new AppError('gift_card.reason_required', 'Say why the card is being disabled.');
    return db.withTenant(authed, async (tx) => {
      const before = await selectGiftCard(tx, id, 'for update');
      if (!before) throw notFound('gift_card', id);
      // Already so: nothing changes and nothing is recorded (a retried request is harmless).
      if (before.status === status) return before;
      const after = await updateGiftCard(tx, id, { status, expiresAt: before.expiresAt });
      await recordAudit(tx, authed, {
        action: status === 'disabled' ? 'gift_card.disabled' : 'gift_card.enabled',
        targetType: 'gift_card',
        targetId: id,
        before: { status: before.status },
        after: { status: after.status, reason },
      });
      return after;
    });
  }

  return {
    /** The card a number belongs to. Rate limited per caller at the route: guessing is the attack. */
    async lookup(ctx: RequestContext, code: string): Promise<GiftCardView> {
      const authed = authorize(ctx, 'gift_cards.read');
      const card = await db.withTenant(authed, (tx) => findGiftCardByCode(tx, code));
      if (!card)
        throw new AppError(
          'gift_card.not_found',
          'No gift card has this number; check the number and try again.',
        );
      return card;
    },

    async get(
      ctx: RequestContext,
      id: string,
      query: { cursor?: string | undefined; limit?: number | undefined },
    ): Promise<GiftCardDetailView> {
      const authed = authorize(ctx, 'gift_cards.read');
      const limit = query.limit ?? 50;
      const { card, entries } = await db.withTenant(authed, async (tx) => {
        const found = await selectGiftCard(tx, id);
        if (!found) throw notFound('gift_card', id);
        return {
          card: found,
          entries: await selectGiftCardEntries(tx, id, query.cursor ?? null, limit + 1),
        };
      });
      const page = entries.slice(0, limit);
      const last = page.at(-1);
      return {
        ...card,
        entries: page,
        nextCursor: entries.length > limit && last ? last.id : null,
      };
    },

    /** A disabled card cannot be redeemed or topped up; value can still be given back to it. */
    disable: (ctx: RequestContext, id: string, input: StatusChangeInput) =>
      setStatus(ctx, id, 'disabled', input),

    enable: (ctx: RequestContext, id: string, input: StatusChangeInput) =>
      setStatus(ctx, id, 'active', input),

    /**
     * A manager's correction, up or down; never below zero. Taking value off needs an active,
     * unexpired card (the ledger treats it as spending): enable a disabled card first.
     */
    async adjust(
      ctx: RequestContext,
      id: string,
      input: GiftCardAdjustmentInput,
    ): Promise<GiftCardAdjustmentView> {
      const authed = authorize(ctx, 'gift_cards.manage');
      const reason = trimmedReason(input.reason);
      if (!reason)
        throw new AppError(
          'gift_card.reason_required',
          'Say why the balance is being adjusted (reason).',
        );
      return db.withTenant(authed, async (tx) => {
        const { balanceAfterMinor, entryId } = await changeGiftCardBalance(tx, authed, {
          giftCardId: id,
          kind: 'adjustment',
          amountMinor: input.amountMinor,
          reason,
        });
        await recordAudit(tx, authed, {
          action: 'gift_card.balance_adjusted',
          targetType: 'gift_card',
          targetId: id,
          before: { balanceMinor: balanceAfterMinor - input.amountMinor },
          after: { balanceMinor: balanceAfterMinor, amountMinor: input.amountMinor, reason },
        });
        const card = await selectGiftCard(tx, id);
        if (!card) throw notFound('gift_card', id);
        return { card, entry: await selectGiftCardEntry(tx, entryId) };
      });
    },

    async update(
      ctx: RequestContext,
      id: string,
      input: UpdateGiftCardInput,
    ): Promise<GiftCardView> {
      const authed = authorize(ctx, 'gift_cards.manage');
      if (input.expiresAt !== null && Number.isNaN(Date.parse(input.expiresAt)))
        throw new AppError('gift_card.invalid_expiry', 'expiresAt must be a date and time.');
      return db.withTenant(authed, async (tx) => {
        const before = await selectGiftCard(tx, id, 'for update');
        if (!before) throw notFound('gift_card', id);
        const after = await updateGiftCard(tx, id, {
          status: before.status,
          expiresAt: input.expiresAt,
        });
        await recordAudit(tx, authed, {
          action: 'gift_card.updated',
          targetType: 'gift_card',
          targetId: id,
          before: { expiresAt: before.expiresAt },
          after: { expiresAt: after.expiresAt },
        });
        return after;
      });
    },
  };
}

export type GiftCardService = ReturnType<typeof createGiftCardService>;
