import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { csrfTokenFor } from '../../lib/csrf.ts';
import type { Services } from '../../services.ts';
import type { AuthJs } from './authjs.ts';

// Fastify <-> Auth.js glue: a Fastify request becomes a Web Request, Auth.js answers with a Web
// Response, which goes back out with its cookies. Only the actions the product uses are exposed.
const ACTIONS = new Set([
  'GET csrf',
  'GET session',
  'GET providers',
  'POST callback/credentials',
  'POST signout',
]);

function toWebRequest(request: FastifyRequest, publicOrigin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  // Always answer with JSON {url} instead of redirects: the callers are our apps, not HTML forms.
  headers.set('X-Auth-Return-Redirect', '1');
  const body =
    request.method === 'POST'
      ? typeof request.body === 'string'
        ? request.body
        : JSON.stringify(request.body ?? {})
      : undefined;
  if (body !== undefined && typeof request.body !== 'string')
    headers.set('content-type', 'application/json');
  return new Request(new URL(request.url, publicOrigin), {
    method: request.method,
    headers,
    body: body ?? null,
  });
}

function copyCookies(response: Response, reply: FastifyReply): void {
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) reply.header('set-cookie', cookies);
}

function failureFromUrl(url: string | undefined): AppError | null {
  if (!url) return null;
  const error = new URL(url).searchParams.get('error');
  if (!error) return null;
  if (error === 'MissingCSRF') {
    return new AppError(
      'auth.csrf_invalid',
      'Sign-in form expired: fetch /api/v1/auth/csrf and send its csrfToken.',
    );
  }
  return new AppError('auth.invalid_credentials', 'Email or password is wrong.');
}

export async function authJsRoutes(
  app: FastifyInstance,
  options: { authJs: AuthJs; services: Services; authSecret: string; publicOrigin: string },
) {
  const { authJs, services, authSecret, publicOrigin } = options;
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, body),
  );

  app.route({
    method: ['GET', 'POST'],
    url: '/auth/*',
    schema: { hide: true },
    config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    async handler(request, reply) {
      const action = (request.params as { '*': string })['*'].split('?')[0] ?? '';
      if (!ACTIONS.has(`${request.method} ${action}`)) {
        throw new AppError('route.not_found', `No auth action ${request.method} ${action}.`);
      }
      const outcome = await authJs.handle(toWebRequest(request, publicOrigin), request.ctx);
      const payload = (await outcome.response.json().catch(() => null)) as { url?: string } | null;
      if (action === 'signout') {
        // Only after Auth.js accepted the form's CSRF token: a cross-site POST must not end sessions.
        const failure = failureFromUrl(payload?.url);
        if (failure) throw failure;
        const claims = await authJs.readSession(request.cookies[authJs.cookieName]);
        if (claims)
          await services.signIn.signOut(
            { ...request.ctx, tenantId: claims.tenantId },
            claims.sessionId,
            claims.userId,
          );
      }
      if (action === 'callback/credentials') {
        const failure = outcome.failure ?? failureFromUrl(payload?.url);
        const session = outcome.signedIn;
        if (failure || !session)
          throw failure ?? new AppError('auth.invalid_credentials', 'Email or password is wrong.');
        copyCookies(outcome.response, reply);
        return reply.send({
          userId: session.userId,
          tenantId: session.tenantId,
          csrfToken: csrfTokenFor(authSecret, session.sessionId),
        });
      }
      copyCookies(outcome.response, reply);
      return reply.status(outcome.response.status).send(payload ?? {});
    },
  });
}
