import { randomUUID } from 'node:crypto';
import type { Database } from '@tillpoint/db';
import type { FastifyInstance } from 'fastify';
import type { GraphQLError } from 'graphql';
import mercurius from 'mercurius';
import type { RequestContext } from '../context.ts';
import type { EventBus } from '../events/bus.ts';
import { auditResolvers, auditTypeDefs } from '../modules/audit/graphql.ts';
import { cashResolvers, cashTypeDefs } from '../modules/cash/graphql.ts';
import { catalogResolvers, catalogTypeDefs } from '../modules/catalog/graphql.ts';
import { customerResolvers, customerTypeDefs } from '../modules/customers/graphql.ts';
import { giftCardResolvers, giftCardTypeDefs } from '../modules/gift-cards/graphql.ts';
import { identityResolvers, identityTypeDefs } from '../modules/identity/graphql.ts';
import { stockCountResolvers, stockCountTypeDefs } from '../modules/inventory/count-graphql.ts';
import { inventoryResolvers, inventoryTypeDefs } from '../modules/inventory/graphql.ts';
import {
  purchaseOrderResolvers,
  purchaseOrderTypeDefs,
} from '../modules/inventory/purchase-order-graphql.ts';
import { transferResolvers, transferTypeDefs } from '../modules/inventory/transfer-graphql.ts';
import { saleResolvers, saleTypeDefs } from '../modules/sales/graphql.ts';
import { refundResolvers, refundTypeDefs } from '../modules/sales/refund-graphql.ts';
import { taxResolvers, taxTypeDefs } from '../modules/tax/graphql.ts';
import { tenancyResolvers, tenancyTypeDefs } from '../modules/tenancy/graphql.ts';
import type { Services } from '../services.ts';
import { toAppError } from './errors.ts';

const rootTypeDefs = /* GraphQL */ `
  type Query {
    _version: String!
  }
  type Mutation {
    _noop: Boolean
  }
`;

type Resolvers = Record<string, Record<string, unknown>>;

function mergeResolvers(...parts: Resolvers[]): Resolvers {
  const merged: Resolvers = {};
  for (const part of parts) {
    for (const [type, fields] of Object.entries(part))
      merged[type] = { ...merged[type], ...fields };
  }
  return merged;
}

/**
 * GraphQL at /graphql over the same services and the same request context as REST, so a
 * permission or validation rule holds on both. Errors carry the same stable code in
 * extensions.code; internals never leak.
 */
export async function installGraphql(
  app: FastifyInstance,
  options: { services: Services; production: boolean; bus: EventBus; db: Database },
) {
  const resolvers = mergeResolvers(
    { Query: { _version: () => '1' } },
    tenancyResolvers(options.services),
    identityResolvers(options.services),
    auditResolvers(options.services),
    catalogResolvers(options.services),
    inventoryResolvers(options.services, options.db),
    stockCountResolvers(options.services),
    transferResolvers(options.services),
    purchaseOrderResolvers(options.services),
    cashResolvers(options.services),
    taxResolvers(options.services),
    customerResolvers(options.services),
    giftCardResolvers(options.services),
    saleResolvers(options.services),
    refundResolvers(options.services),
  );
  await app.register(mercurius, {
    schema: [
      rootTypeDefs,
      tenancyTypeDefs,
      identityTypeDefs,
      auditTypeDefs,
      catalogTypeDefs,
      inventoryTypeDefs,
      stockCountTypeDefs,
      transferTypeDefs,
      purchaseOrderTypeDefs,
      cashTypeDefs,
      taxTypeDefs,
      customerTypeDefs,
      giftCardTypeDefs,
      saleTypeDefs,
      refundTypeDefs,
    ].join('\n'),
    resolvers: resolvers as never,
    path: '/graphql',
    graphiql: !options.production,
    ide: !options.production,
    queryDepth: 8,
    context: (request) => ({ ctx: request.ctx }),
    subscription: {
      emitter: options.bus.emitter,
      // The upgrade request went through the same authentication hook: a back-office cookie
      // session is already in request.ctx.
      context: (_socket, request) => ({ ctx: request.ctx }),
      // Registers and integrations authenticate when they connect, with the bearer token in the
      // connection_init payload. A bad token refuses the connection. The returned object is
      // merged into the context, so it carries only `ctx`, built from the token alone.
      onConnect: async ({ payload }) => {
        const header = (payload as { authorization?: unknown } | undefined)?.authorization;
        if (header === undefined) return true;
        if (typeof header !== 'string') return false;
        try {
          const { tenantId, actor } = await options.services.authenticator.bearer(
            header.replace(/^Bearer\s+/i, ''),
          );
          const ctx: RequestContext = {
            requestId: randomUUID(),
            ip: '',
            userAgent: null,
            tenantId,
            actor,
          };
          return { ctx };
        } catch {
          return false;
        }
      },
    },
    errorFormatter: (execution, context) => {
      // Mercurius wraps syntax, validation and depth errors in one MER_ERR_GQL_VALIDATION whose
      // .errors holds the real ones; unwrap them so clients see graphql.invalid and what was wrong.
      const flattened = (execution.errors ?? []).flatMap((error: GraphQLError) => {
        const nested = (error.originalError as { errors?: unknown } | undefined)?.errors;
        return Array.isArray(nested) ? (nested as GraphQLError[]) : [error];
      });
      const errors = flattened.map((error: GraphQLError) => {
        const where = {
          ...(error.locations ? { locations: error.locations } : {}),
          ...(error.path ? { path: error.path } : {}),
        };
        if (!error.originalError)
          return { message: error.message, ...where, extensions: { code: 'graphql.invalid' } };
        const appError = toAppError(error.originalError);
        if (appError.status >= 500)
          context.reply.request.log.error({ err: error.originalError }, 'graphql resolver failed');
        return {
          message: appError.message,
          ...where,
          extensions: {
            code: appError.code,
            ...(appError.details ? { details: appError.details } : {}),
          },
        };
      });
      return { statusCode: 200, response: { data: execution.data ?? null, errors } };
    },
  });
}
