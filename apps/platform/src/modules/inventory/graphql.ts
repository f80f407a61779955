import type { Database } from '@tillpoint/db';
import { sql } from '@tillpoint/db';
import type { RequestContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { storeLowStockTopic, storeStockTopic } from '../../events/topics.ts';
import type { Services } from '../../services.ts';
import { authorizeStore } from '../identity/authorize.ts';

export const inventoryTypeDefs = /* GraphQL */ `
  type StockLevel {
    storeId: ID!
    variantId: ID!
    onHand: Float!
    committed: Float!
    available: Float!
    reorderPoint: Float
    "When the change was published"
    changedAt: String
  }
  extend type Query {
    stockLevels(storeId: ID!, variantIds: [ID!]): [StockLevel!]!
  }
  type Subscription {
    "Every stock level change of this store, as it commits (any register, any instance)"
    stockChanged(storeId: ID!): StockLevel!
    "A level fell to or below its reorder point"
    lowStock(storeId: ID!): StockLevel!
  }
`;

interface SubscriptionContext {
  ctx: RequestContext;
  pubsub: { subscribe(topic: string): Promise<unknown> };
}

export function inventoryResolvers(services: Services, db: Database) {
  const { inventory } = services;

  // Identity was fixed when the socket connected; the tenant of the topic comes from it, never
  // from the arguments, so no argument can reach another tenant's events.
  async function subscribeTo(
    ctx: RequestContext,
    storeId: string,
    topicOf: (tenantId: string, storeId: string) => string,
  ) {
    const authed = authorizeStore(ctx, 'inventory.read', storeId);
    const store = await db.withTenant(authed, (tx) =>
      tx.maybeOne(sql`select 1 from stores where id = ${storeId}`),
    );
    if (!store) throw notFound('store', storeId);
    return topicOf(authed.tenantId, storeId);
  }

  return {
    Query: {
      stockLevels: async (
        _: unknown,
        args: { storeId: string; variantIds?: string[] | null },
        { ctx }: { ctx: RequestContext },
      ) =>
        (
          await inventory.levels(ctx, args.storeId, {
            ...(args.variantIds ? { variantIds: args.variantIds } : {}),
            limit: 200,
          })
        ).levels,
    },
    Subscription: {
      stockChanged: {
        subscribe: async (
          _: unknown,
          args: { storeId: string },
          { ctx, pubsub }: SubscriptionContext,
        ) => pubsub.subscribe(await subscribeTo(ctx, args.storeId, storeStockTopic)),
        resolve: (payload: unknown) => payload,
      },
      lowStock: {
        subscribe: async (
          _: unknown,
          args: { storeId: string },
          { ctx, pubsub }: SubscriptionContext,
        ) => pubsub.subscribe(await subscribeTo(ctx, args.storeId, storeLowStockTopic)),
        resolve: (payload: unknown) => payload,
      },
    },
  };
}
