import type { RequestContext } from '../../context.ts';
import type { Services } from '../../services.ts';
import { limitArg, optionalUuidArg, uuidArg } from './graphql-args.ts';
import type { TransferStatus } from './transfer-schemas.ts';

export const transferTypeDefs = /* GraphQL */ `
  type StockTransferLine {
    variantId: ID!
    quantity: Float!
    received: Float!
    returned: Float!
    inTransit: Float!
  }
  type StockTransfer {
    id: ID!
    fromStoreId: ID!
    toStoreId: ID!
    status: String!
    note: String
    createdBy: ID
    createdAt: String!
    sentAt: String
    sentBy: ID
    receivedAt: String
    cancelledAt: String
    updatedAt: String!
    "Total quantity still on the way"
    inTransit: Float!
    lines: [StockTransferLine!]
    lineCount: Int
  }
  type StockInTransit {
    variantId: ID!
    fromStoreId: ID!
    toStoreId: ID!
    quantity: Float!
    transfers: Int!
  }
  extend type Query {
    stockTransfer(id: ID!): StockTransfer!
    "Transfers from or to the stores you work in, newest first (summaries: lines not included)"
    stockTransfers(storeId: ID, status: String, limit: Int = 50): [StockTransfer!]!
    stockInTransit(storeId: ID, variantId: ID): [StockInTransit!]!
  }
`;

type Ctx = { ctx: RequestContext };

export function transferResolvers(services: Services) {
  const { transfers } = services;
  return {
    Query: {
      stockTransfer: (_: unknown, args: { id: string }, { ctx }: Ctx) =>
        transfers.get(ctx, uuidArg('stock_transfer', args.id)),
      stockTransfers: async (
        _: unknown,
        args: { storeId?: string | null; status?: TransferStatus | null; limit: number },
        { ctx }: Ctx,
      ) => {
        const storeId = optionalUuidArg('store', args.storeId);
        return (
          await transfers.list(ctx, {
            ...(storeId ? { storeId } : {}),
            ...(args.status ? { status: args.status } : {}),
            limit: limitArg(args.limit),
          })
        ).transfers;
      },
      stockInTransit: (
        _: unknown,
        args: { storeId?: string | null; variantId?: string | null },
        { ctx }: Ctx,
      ) => {
        const storeId = optionalUuidArg('store', args.storeId);
        const variantId = optionalUuidArg('variant', args.variantId);
        return transfers.inTransit(ctx, {
          ...(storeId ? { storeId } : {}),
          ...(variantId ? { variantId } : {}),
        });
      },
    },
  };
}
