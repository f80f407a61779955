import type { RequestContext } from '../../context.ts';
import type { Services } from '../../services.ts';
import { uuidArg } from '../inventory/graphql-args.ts';

// Read-only GraphQL views of tax and selling rules, over the same services as REST. The sales
// settings live here with the tax table they feed (both are a register's pricing terms).

export const taxTypeDefs = /* GraphQL */ `
  type TaxRate {
    id: ID!
    code: String!
    name: String!
    "Parts per million: 88750 = 8.875 %"
    ratePpm: Int!
    compound: Boolean!
    archivedAt: String
    createdAt: String!
    updatedAt: String!
  }
  type TaxTableRate {
    id: ID!
    ratePpm: Int!
    compound: Boolean!
  }
  type TaxTableCategory {
    id: ID!
    code: String!
    "In charging order; empty: not taxed in this store"
    rates: [TaxTableRate!]!
  }
  type TaxTable {
    taxMode: String!
    taxRounding: String!
    roundingMode: String!
    currency: String!
    cashIncrementMinor: Int!
    defaultTaxCategoryId: ID
    categories: [TaxTableCategory!]!
  }
  type DiscountLimit {
    role: String!
    "Largest discount without approval, ppm of gross"
    ppm: Int!
  }
  type SalesSettings {
    currency: String!
    taxMode: String!
    taxRounding: String!
    roundingMode: String!
    "null: the currency's smallest coin"
    cashIncrementMinor: Int
    effectiveCashIncrementMinor: Int!
    refundDestination: String!
    discountLimits: [DiscountLimit!]!
  }
  extend type Query {
    taxRates(includeArchived: Boolean = false): [TaxRate!]!
    "What a register in this store needs to price sales offline"
    taxTable(storeId: ID!): TaxTable!
    salesSettings: SalesSettings!
  }
`;

type Ctx = { ctx: RequestContext };

export function taxResolvers(services: Services) {
  const { taxRates, taxTable, salesSettings } = services;
  return {
    Query: {
      taxRates: (_: unknown, args: { includeArchived: boolean }, { ctx }: Ctx) =>
        taxRates.list(ctx, args.includeArchived),
      taxTable: (_: unknown, args: { storeId: string }, { ctx }: Ctx) =>
        taxTable.get(ctx, uuidArg('store', args.storeId)),
      salesSettings: async (_: unknown, __: unknown, { ctx }: Ctx) => {
        const settings = await salesSettings.get(ctx);
        return {
          ...settings,
          discountLimits: Object.entries(settings.discountLimits).map(([role, ppm]) => ({
            role,
            ppm,
          })),
        };
      },
    },
  };
}
