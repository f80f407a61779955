import type { RequestContext } from '../../context.ts';
import type { Services } from '../../services.ts';

export const auditTypeDefs = /* GraphQL */ `
  type AuditEvent {
    seq: Int!
    id: ID!
    occurredAt: String!
    actorType: String!
    actorId: ID
    action: String!
    targetType: String
    targetId: String
    storeId: ID
    deviceId: ID
    ip: String
    requestId: String
    "JSON text of the state before the change"
    before: String
    "JSON text of the state after the change"
    after: String
    hash: String!
  }
  type AuditPage {
    events: [AuditEvent!]!
    nextCursor: String
  }
  type ChainBreak {
    seq: Int!
    reason: String!
  }
  type AuditChainReport {
    ok: Boolean!
    checked: Int!
    headSeq: Int!
    firstBreak: ChainBreak
  }
  extend type Query {
    auditEvents(action: String, actorId: ID, targetType: String, targetId: String, storeId: ID, cursor: String, limit: Int = 50): AuditPage!
    verifyAuditChain: AuditChainReport!
  }
`;

type Ctx = { ctx: RequestContext };
interface AuditArgs {
  action?: string | null;
  actorId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  storeId?: string | null;
  cursor?: string | null;
  limit: number;
}

export function auditResolvers(services: Services) {
  const { audit } = services;
  return {
    Query: {
      auditEvents: async (_: unknown, args: AuditArgs, { ctx }: Ctx) => {
        const limit = Math.min(Math.max(args.limit, 1), 200);
        const page = await audit.list(ctx, {
          limit,
          ...(args.action ? { action: args.action } : {}),
          ...(args.actorId ? { actorId: args.actorId } : {}),
          ...(args.targetType ? { targetType: args.targetType } : {}),
          ...(args.targetId ? { targetId: args.targetId } : {}),
          ...(args.storeId ? { storeId: args.storeId } : {}),
          ...(args.cursor && /^\d{1,18}$/.test(args.cursor)
            ? { beforeSeq: Number(args.cursor) }
            : {}),
        });
        return {
          nextCursor: page.nextCursor,
          events: page.events.map((event) => ({
            ...event,
            before: event.before === null ? null : JSON.stringify(event.before),
            after: event.after === null ? null : JSON.stringify(event.after),
          })),
        };
      },
      verifyAuditChain: async (_: unknown, __: unknown, { ctx }: Ctx) => {
        const report = await audit.verify(ctx);
        return { ok: report.firstBreak === null, ...report };
      },
    },
  };
}
