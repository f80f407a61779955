import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export interface RegisterAppOptions {
  /** The register's build output (apps/register/build/client). */
  readonly root: string;
}

const PREFIX = '/register/';
const ONE_YEAR = 'public, max-age=31536000, immutable';
// The shell and the service worker are re-checked on every load, so a new release reaches each
// register on its next reload while the hashed assets stay cached for good.
const REVALIDATE = 'no-cache';

/**
 * Serves the cashier's web register (a static SPA) from the platform's own origin, so it calls
 * the API without CORS and its service worker can cache it for offline starts.
 */
export async function registerApp(app: FastifyInstance, options: RegisterAppOptions) {
  const built = existsSync(join(options.root, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: options.root,
      serve: false,
      cacheControl: false,
      // Hidden build files (.vite) are not part of the app.
      dotfiles: 'deny',
    });
  }

  const notBuilt = (reply: FastifyReply) =>
    reply
      .code(503)
      .type('text/plain; charset=utf-8')
      .send(
        'The register is not built. Run: npm run build --workspace @tillpoint/register (npm start does it).',
      );

  app.get('/register', { schema: { hide: true } }, (_request, reply) =>
    reply.redirect(PREFIX, 308),
  );
  app.get<{ Params: { '*': string } }>(
    `${PREFIX}*`,
    { schema: { hide: true } },
    async (request, reply) => {
      if (!built) return notBuilt(reply);
      const path = request.params['*'];
      if (path === 'sw.js') {
        reply.header('cache-control', REVALIDATE).header('service-worker-allowed', PREFIX);
        return reply.sendFile('sw.js');
      }
      if (path.startsWith('assets/')) {
        reply.header('cache-control', ONE_YEAR);
        return reply.sendFile(path);
      }
      if (path === 'manifest.webmanifest') {
        reply.header('cache-control', REVALIDATE).type('application/manifest+json');
        return reply.sendFile(path);
      }
      // A file name (icon, favicon): the file or 404. Anything else is a client-side route.
      if (/\.[a-z0-9]+$/i.test(path)) {
        reply.header('cache-control', REVALIDATE);
        return reply.sendFile(path);
      }
      reply.header('cache-control', REVALIDATE);
      return reply.sendFile('index.html');
    },
  );
}
