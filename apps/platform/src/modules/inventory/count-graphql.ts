import type { RequestContext } from '../../context.ts';
import type { Services } from '../../services.ts';
import type { CountStatus } from './count-schemas.ts';
import { limitArg, uuidArg } from './graphql-args.ts';

export const stockCountTypeDefs = /* GraphQL */ `
  type StockCountLine {
    variantId: ID!
    counted: Float
    countedAt: String
    countedBy: ID
    "The level now; once approved, the level the count replaced"
    onHand: Float
    variance: Float
    zeroed: Boolean!
  }
  type StockCount {
    id: ID!
    storeId: ID!
    scope: String!
    status: String!
    name: String!
    note: String
    zeroUncounted: Boolean!
    createdBy: ID
    createdAt: String!
    submittedAt: String
    approvedAt: String
    approvedBy: ID
    cancelledAt: String
    updatedAt: String!
    lines: [StockCountLine!]
    lineCount: Int
    countedCount: Int
  }
  type StockCountVariance {
    variantId: ID!
    counted: Float!
    onHand: Float!
    variance: Float!
    zeroed: Boolean!
  }
  type StockCountVarianceTotals {
    items: Int!
    gain: Float!
    loss: Float!
  }
  type StockCountVarianceReport {
    countId: ID!
    status: String!
    zeroUncounted: Boolean!
    asOf: String!
    lines: [StockCountVariance!]!
    totals: StockCountVarianceTotals!
  }
  extend type Query {
    stockCount(id: ID!): StockCount!
    "Counts of a store, newest first (summaries: lines are not included)"
    stockCounts(storeId: ID!, status: String, limit: Int = 50): [StockCount!]!
    "What approving the count posts, against the levels now"
    stockCountVariances(id: ID!): StockCountVarianceReport!
  }
`;

type Ctx = { ctx: RequestContext };

export function stockCountResolvers(services: Services) {
  const { stockCounts } = services;
  return {
    Query: {
      stockCount: (_: unknown, args: { id: string }, { ctx }: Ctx) =>
        stockCounts.get(ctx, uuidArg('stock_count', args.id)),
      stockCounts: async (
        _: unknown,
        args: { storeId: string; status?: CountStatus | null; limit: number },
        { ctx }: Ctx,
      ) =>
        (
          await stockCounts.list(ctx, uuidArg('store', args.storeId), {
            ...(args.status ? { status: args.status } : {}),
            limit: limitArg(args.limit),
          })
        ).counts,
      stockCountVariances: (_: unknown, args: { id: string }, { ctx }: Ctx) =>
        stockCounts.variances(ctx, uuidArg('stock_count', args.id)),
    },
  };
}
