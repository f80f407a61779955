import type { RequestContext } from '../../context.ts';
import type { Services } from '../../services.ts';

export const tenancyTypeDefs = /* GraphQL */ `
  type Address {
    line1: String
    line2: String
    city: String
    region: String
    postalCode: String
    country: String
  }
  type Tenant {
    id: ID!
    name: String!
    country: String!
    currency: String!
    timezone: String!
    status: String!
    createdAt: String!
  }
  type Store {
    id: ID!
    name: String!
    code: String
    address: Address!
    timezone: String!
    currency: String!
    receiptHeader: String!
    receiptFooter: String!
    archivedAt: String
    createdAt: String!
    updatedAt: String!
    registers(includeArchived: Boolean = false): [Register!]!
  }
  type Register {
    id: ID!
    storeId: ID!
    name: String!
    paired: Boolean!
    archivedAt: String
    createdAt: String!
  }
  input AddressInput {
    line1: String
    line2: String
    city: String
    region: String
    postalCode: String
    country: String
  }
  input CreateStoreInput {
    name: String!
    code: String
    address: AddressInput
    timezone: String!
    currency: String
    receiptHeader: String
    receiptFooter: String
  }
  extend type Query {
    tenant: Tenant!
    stores(includeArchived: Boolean = false): [Store!]!
    store(id: ID!): Store!
  }
  extend type Mutation {
    createStore(input: CreateStoreInput!): Store!
    createRegister(storeId: ID!, name: String!): Register!
  }
`;

type Ctx = { ctx: RequestContext };

// GraphQL inputs arrive with nulls for omitted optional fields; services expect them absent.
function withoutNulls<T extends object>(input: T): T {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null)) as T;
}

export function tenancyResolvers(services: Services) {
  const { tenancy } = services;
  return {
    Query: {
      tenant: (_: unknown, __: unknown, { ctx }: Ctx) => tenancy.tenant(ctx),
      stores: (_: unknown, args: { includeArchived: boolean }, { ctx }: Ctx) =>
        tenancy.listStores(ctx, args.includeArchived),
      store: (_: unknown, args: { id: string }, { ctx }: Ctx) => tenancy.getStore(ctx, args.id),
    },
    Mutation: {
      createStore: (
        _: unknown,
        args: { input: Parameters<typeof tenancy.createStore>[1] },
        { ctx }: Ctx,
      ) =>
        tenancy.createStore(ctx, {
          ...withoutNulls(args.input),
          ...(args.input.address ? { address: withoutNulls(args.input.address) } : {}),
        }),
      createRegister: (_: unknown, args: { storeId: string; name: string }, { ctx }: Ctx) =>
        tenancy.createRegister(ctx, args.storeId, args.name),
    },
    Store: {
      registers: (store: { id: string }, args: { includeArchived: boolean }, { ctx }: Ctx) =>
        tenancy.listRegisters(ctx, store.id, args.includeArchived),
    },
  };
}
