import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { RequestContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { csrfTokenMatches } from '../lib/csrf.ts';
import type { Authenticator } from '../modules/identity/authenticate-service.ts';
import type { AuthJs } from '../modules/identity/authjs.ts';

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
  }
  interface FastifyContextConfig {
    /**
     * A public endpoint that never reads credentials or CSRF tokens (vendors' webhooks, which
     * prove themselves by signature and may carry headers of their own, e.g. Basic auth).
     */
    anonymous?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthenticateOptions {
  readonly authenticator: Authenticator;
  readonly authJs: AuthJs;
  readonly authSecret: string;
}

function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const [scheme, token] = header.split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token) {
    throw new AppError('auth.invalid_token', 'Use "Authorization: Bearer <token>".');
  }
  return token;
}

/**
 * Resolves who is calling, once per request, into request.ctx — the same context REST handlers
 * and GraphQL resolvers pass to services. A bad bearer token is an error (the client meant to
 * authenticate); a stale cookie just means "signed out".
 */
export const authenticate = fp<AuthenticateOptions>(
  async (app: FastifyInstance, { authenticator, authJs, authSecret }) => {
    app.decorateRequest('ctx', null as unknown as RequestContext);
    app.addHook('onRequest', async (request) => {
      const base: RequestContext = {
        requestId: request.id,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        tenantId: null,
        actor: null,
      };
      request.ctx = base;
      if (request.routeOptions.config.anonymous) return;
      const token = bearerOf(request);
      if (token) {
        const { tenantId, actor } = await authenticator.bearer(token);
        request.ctx = { ...base, tenantId, actor };
        return;
      }
      const claims = await authJs.readSession(request.cookies[authJs.cookieName]);
      if (!claims) return;
      const session = await authenticator.webSession(claims);
      if (!session) return;
      // Cookies ride along on cross-site requests; only our own pages know the CSRF token.
      // The Auth.js routes run their own CSRF check on the sign-in and sign-out forms.
      const isAuthJsRoute = request.url.startsWith('/api/v1/auth/');
      if (!SAFE_METHODS.has(request.method) && !isAuthJsRoute) {
        const presented = request.headers['x-csrf-token'];
        if (
          !csrfTokenMatches(
            authSecret,
            claims.sessionId,
            typeof presented === 'string' ? presented : undefined,
          )
        ) {
          throw new AppError(
            'auth.csrf_invalid',
            'Missing or wrong x-csrf-token header for a cookie session. Reload the page.',
          );
        }
      }
      request.ctx = { ...base, tenantId: session.tenantId, actor: session.actor };
    });
  },
  { name: 'tillpoint-authenticate', dependencies: ['@fastify/cookie'] },
);
