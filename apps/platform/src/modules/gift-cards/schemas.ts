import { type Static, Type } from 'typebox';
import { Closed, Limit, Nullable, Timestamp, Uuid } from '../../http/schemas.ts';
import { Reason, SignedAmount } from '../customers/schemas.ts';

// Gift cards are issued and topped up by selling them on a sale and redeemed as a tender (the
// sales module, through gift-card-ledger.ts); here they are looked up, read and looked after.
// The card number is a bearer secret: it travels only in request bodies and is never shown back
// (only its last 4), so it cannot end up in a URL, a log line or an audit record.

export const GiftCard = Closed({
  id: Uuid,
  last4: Type.String({ description: 'Last 4 characters of the card number' }),
  currency: Type.String(),
  balanceMinor: Type.Integer(),
  status: Type.Enum(['active', 'disabled']),
  expiresAt: Nullable(Timestamp),
});
export type GiftCardView = Static<typeof GiftCard>;

export const GIFT_CARD_ENTRY_KINDS = [
  'issue',
  'top_up',
  'redeem',
  'redeem_reversal',
  'refund_credit',
  'adjustment',
] as const;

export const GiftCardEntry = Closed({
  id: Uuid,
  kind: Type.Enum(GIFT_CARD_ENTRY_KINDS),
  amountMinor: Type.Integer({ description: 'Signed: + loads the card, − spends from it' }),
  balanceAfterMinor: Type.Integer(),
  saleId: Nullable(Uuid),
  refundId: Nullable(Uuid),
  reason: Nullable(Type.String()),
  actorId: Nullable(Uuid),
  createdAt: Timestamp,
});
export type GiftCardEntryView = Static<typeof GiftCardEntry>;

export const GiftCardDetail = Closed({
  ...GiftCard.properties,
  entries: Type.Array(GiftCardEntry, { description: 'Newest first' }),
  nextCursor: Nullable(Uuid),
});
export type GiftCardDetailView = Static<typeof GiftCardDetail>;

export const LookupBody = Closed({
  code: Type.String({
    minLength: 1,
    maxLength: 64,
    description: 'The card number as printed or scanned (spaces and dashes are ignored)',
  }),
});

export const EntryPageQuery = Closed({
  cursor: Type.Optional(Uuid),
  limit: Type.Optional(Limit),
});

export const DisableBody = Closed({ reason: Reason });
export const EnableBody = Closed({ reason: Type.Optional(Reason) });
export type StatusChangeInput = { readonly reason?: string | undefined };

export const AdjustmentBody = Closed({ amountMinor: SignedAmount, reason: Reason });
export type GiftCardAdjustmentInput = Static<typeof AdjustmentBody>;

export const GiftCardAdjustment = Closed({
  card: GiftCard,
  entry: GiftCardEntry,
});
export type GiftCardAdjustmentView = Static<typeof GiftCardAdjustment>;

export const UpdateGiftCardBody = Closed({
  expiresAt: Nullable(
    Type.String({ format: 'date-time', description: 'null: the card never expires' }),
  ),
});
export type UpdateGiftCardInput = Static<typeof UpdateGiftCardBody>;
