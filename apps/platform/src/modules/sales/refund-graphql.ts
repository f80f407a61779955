import type { RequestContext } from '../../context.ts';
import type { Services } from '../../services.ts';
import { uuidArg } from '../inventory/graphql-args.ts';

// Money is Float here: GraphQL's Int is 32-bit, minor units are not.
export const refundTypeDefs = /* GraphQL */ `
  type RefundLineTax {
    rateId: ID!
    ratePpm: Int!
    taxMinor: Float!
  }
  type RefundRateTotal {
    rateId: ID!
    ratePpm: Int!
    compound: Boolean!
    taxableMinor: Float!
    taxMinor: Float!
  }
  type RefundLine {
    id: ID!
    position: Int!
    saleLineId: ID
    variantId: ID
    name: String!
    quantity: Float!
    grossMinor: Float!
    lineDiscountMinor: Float!
    orderDiscountMinor: Float!
    netMinor: Float!
    taxes: [RefundLineTax!]!
    taxMinor: Float!
    exemptTaxRemovedMinor: Float!
    totalMinor: Float!
    restock: Boolean!
    restockReason: String
  }
  type RefundPayment {
    id: ID!
    position: Int!
    "cash, card, gift_card, store_credit, external, other or exchange"
    kind: String!
    amountMinor: Float!
    salePaymentId: ID
    giftCardId: ID
    giftCardLast4: String
    customerId: ID
    cashSessionId: ID
    reference: String
  }
  type Refund {
    id: ID!
    "refund, reversal or exchange"
    kind: String!
    saleId: ID
    storeId: ID!
    registerId: ID!
    cashSessionId: ID
    receiptNumber: Float!
    customerId: ID
    destination: String!
    reason: String
    approvalId: ID
    exchangeSaleId: ID
    currency: String!
    grossMinor: Float!
    lineDiscountMinor: Float!
    orderDiscountMinor: Float!
    subtotalMinor: Float!
    taxMinor: Float!
    exemptTaxRemovedMinor: Float!
    totalMinor: Float!
    taxes: [RefundRateTotal!]!
    "Money handed back: total + cash rounding of the cash part"
    paidOutMinor: Float!
    cashRoundingMinor: Float!
    occurredAt: String!
    actorId: ID
    createdAt: String!
    lines: [RefundLine!]!
    payments: [RefundPayment!]!
  }
  extend type Query {
    "A refund of a store you work in (needs sales.read)"
    refund(id: ID!): Refund!
  }
`;

type Ctx = { ctx: RequestContext };

export function refundResolvers(services: Services) {
  const { refunds } = services;
  return {
    Query: {
      refund: (_: unknown, args: { id: string }, { ctx }: Ctx) =>
        refunds.get(ctx, uuidArg('refund', args.id)),
    },
  };
}
