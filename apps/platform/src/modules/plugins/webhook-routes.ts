import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { Closed } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import type { WebhookSinks } from './webhook-sink.ts';

// Vendors' webhooks, mounted at the root (/plugins/<key>/<installationId>/webhooks) in a scope
// of their own: the body stays raw bytes whatever its content type (signatures are computed over
// the exact bytes), no session or CSRF check, no Idempotency-Key layer (that one only serves
// /api/v1), a smaller body limit and a rate limit per installation rather than per address.

const BODY_LIMIT = 256 * 1024;
const DELIVERIES_PER_MINUTE = 600;

const WebhookParams = Closed({
  key: Type.String({ minLength: 1, maxLength: 100 }),
  installationId: Type.String({ minLength: 1, maxLength: 100 }),
});

function headersOf(request: FastifyRequest): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : value,
    ]),
  );
}

export const pluginWebhookRoutes: FastifyPluginAsyncTypebox<{
  services: Services;
  sinks: WebhookSinks;
}> = async (app, { services, sinks }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_, body, done) =>
    done(null, body),
  );

  app.post(
    '/plugins/:key/:installationId/webhooks',
    {
      bodyLimit: BODY_LIMIT,
      config: {
        anonymous: true,
        rateLimit: {
          max: DELIVERIES_PER_MINUTE,
          timeWindow: '1 minute',
          keyGenerator: (request) =>
            `plugin-webhook:${(request.params as { installationId?: string }).installationId}`,
        },
      },
      // For vendors, not for our clients: kept out of the API document.
      schema: { hide: true, params: WebhookParams },
    },
    async (request) => {
      const outcome = await services.plugins.receiveWebhook(
        {
          pluginKey: request.params.key,
          installationId: request.params.installationId,
          headers: headersOf(request),
          rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
          receivedAt: new Date(),
          requestId: request.id,
          ip: request.ip,
        },
        sinks,
      );
      return { received: true, ...outcome };
    },
  );
};
