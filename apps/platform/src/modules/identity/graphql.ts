import { permissionsOfRole } from '@tillpoint/domain';
import type { RequestContext } from '../../context.ts';
import type { Services } from '../../services.ts';
import { requireActor } from './authorize.ts';

export const identityTypeDefs = /* GraphQL */ `
  type User {
    id: ID!
    name: String!
    email: String
    role: String!
    allStores: Boolean!
    storeIds: [ID!]!
    status: String!
    hasPassword: Boolean!
    hasPin: Boolean!
    loginLocked: Boolean!
    pinLocked: Boolean!
    createdAt: String!
  }
  type Me {
    actorType: String!
    tenantId: ID!
    user: User
    permissions: [String!]!
  }
  extend type Query {
    me: Me!
    users: [User!]!
    user(id: ID!): User!
  }
`;

type Ctx = { ctx: RequestContext };

export function identityResolvers(services: Services) {
  const { staff } = services;
  return {
    Query: {
      me: async (_: unknown, __: unknown, { ctx }: Ctx) => {
        const authed = requireActor(ctx);
        const actor = authed.actor;
        return {
          actorType: actor.type,
          tenantId: authed.tenantId,
          user: await staff.me(authed),
          permissions:
            actor.type === 'user'
              ? permissionsOfRole(actor.role)
              : actor.type === 'api_token'
                ? actor.scopes
                : [],
        };
      },
      users: (_: unknown, __: unknown, { ctx }: Ctx) => staff.list(ctx),
      user: (_: unknown, args: { id: string }, { ctx }: Ctx) => staff.get(ctx, args.id),
    },
  };
}
