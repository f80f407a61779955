import type { RequestContext } from '../../context.ts';
import type { Services } from '../../services.ts';
import { limitArg, uuidArg } from '../inventory/graphql-args.ts';

export const customerTypeDefs = /* GraphQL */ `
  type Customer {
    id: ID!
    name: String!
    email: String
    phone: String
    notes: String!
    taxExempt: Boolean!
    taxExemptReference: String
    "Store credit held, in minor units"
    storeCreditMinor: Float!
    archivedAt: String
    createdAt: String!
    updatedAt: String!
  }
  extend type Query {
    customer(id: ID!): Customer!
    "Customers by name, or matching q (name words, email prefix, phone digits); first page only"
    customers(q: String, includeArchived: Boolean = false, limit: Int = 50): [Customer!]!
  }
`;

type Ctx = { ctx: RequestContext };

export function customerResolvers(services: Services) {
  const { customers } = services;
  return {
    Query: {
      customer: (_: unknown, args: { id: string }, { ctx }: Ctx) =>
        customers.get(ctx, uuidArg('customer', args.id)),
      customers: async (
        _: unknown,
        args: { q?: string | null; includeArchived: boolean; limit: number },
        { ctx }: Ctx,
      ) =>
        (
          await customers.list(ctx, {
            q: args.q?.slice(0, 200) ?? undefined,
            includeArchived: args.includeArchived,
            limit: limitArg(args.limit),
          })
        ).customers,
    },
  };
}
