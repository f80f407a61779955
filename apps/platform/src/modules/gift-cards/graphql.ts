import type { RequestContext } from '../../context.ts';
import type { Services } from '../../services.ts';
import { limitArg, uuidArg } from '../inventory/graphql-args.ts';

// By id only: looking a card up by its number stays a rate-limited REST POST, so the number is
// never in a URL (GraphQL over GET) and cannot be guessed in bulk through batched queries.
export const giftCardTypeDefs = /* GraphQL */ `
  type GiftCardEntry {
    id: ID!
    kind: String!
    "Signed minor units: + loads the card, − spends from it"
    amountMinor: Float!
    balanceAfterMinor: Float!
    saleId: ID
    refundId: ID
    reason: String
    actorId: ID
    createdAt: String!
  }
  type GiftCard {
    id: ID!
    last4: String!
    currency: String!
    balanceMinor: Float!
    status: String!
    expiresAt: String
    "Newest first"
    entries: [GiftCardEntry!]!
  }
  extend type Query {
    giftCard(id: ID!, entryLimit: Int = 50): GiftCard!
  }
`;

type Ctx = { ctx: RequestContext };

export function giftCardResolvers(services: Services) {
  const { giftCards } = services;
  return {
    Query: {
      giftCard: (_: unknown, args: { id: string; entryLimit: number }, { ctx }: Ctx) =>
        giftCards.get(ctx, uuidArg('gift_card', args.id), { limit: limitArg(args.entryLimit) }),
    },
  };
}
