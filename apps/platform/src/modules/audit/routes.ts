import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import { Closed, Limit, Nullable, Timestamp, Uuid } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';

export const AuditEvent = Closed({
  seq: Type.Integer(),
  id: Uuid,
  occurredAt: Timestamp,
  actorType: Type.String(),
  actorId: Nullable(Uuid),
  action: Type.String(),
  targetType: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  storeId: Nullable(Uuid),
  deviceId: Nullable(Uuid),
  ip: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
  before: Type.Unknown(),
  after: Type.Unknown(),
  hash: Type.String(),
});

const AuditQuery = Closed({
  action: Type.Optional(Type.String({ pattern: '^[a-z_]+(\\.[a-z_]+)*$', maxLength: 100 })),
  actorId: Type.Optional(Uuid),
  targetType: Type.Optional(Type.String({ maxLength: 50 })),
  targetId: Type.Optional(Type.String({ maxLength: 100 })),
  storeId: Type.Optional(Uuid),
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
  limit: Type.Optional(Limit),
});

const AuditPage = Closed({ events: Type.Array(AuditEvent), nextCursor: Nullable(Type.String()) });

const ChainReport = Closed({
  ok: Type.Boolean(),
  checked: Type.Integer({ description: 'Events checked' }),
  headSeq: Type.Integer(),
  firstBreak: Nullable(
    Closed({
      seq: Type.Integer({ description: 'First event where the chain no longer holds' }),
      reason: Type.String({
        description: 'gap | prev_hash_mismatch | hash_mismatch | head_mismatch',
      }),
    }),
  ),
});

export const auditRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.get(
    '/audit-events',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit trail, newest first',
        querystring: AuditQuery,
        response: { 200: AuditPage, ...errors },
      },
    },
    (request) => {
      const { cursor, limit, ...filter } = request.query;
      return services.audit.list(request.ctx, {
        ...filter,
        limit: limit ?? 50,
        ...(cursor ? { beforeSeq: Number(cursor) } : {}),
      });
    },
  );
  app.get(
    '/audit-events/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Recompute the hash chain and report the first broken link',
        response: { 200: ChainReport, ...errors },
      },
    },
    async (request) => {
      const report = await services.audit.verify(request.ctx);
      return { ok: report.firstBreak === null, ...report };
    },
  );
};
