import { Auth, type AuthConfig } from '@auth/core';
import { CredentialsSignin } from '@auth/core/errors';
import { decode } from '@auth/core/jwt';
import Credentials from '@auth/core/providers/credentials';
import { isUuid } from '@tillpoint/db';
import type { RequestContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { WEB_SESSION_HOURS } from './lockout.ts';
import type { SignInService, WebSession } from './sign-in-service.ts';

// Back-office sign-in runs through Auth.js (@auth/core): its credentials provider, its CSRF
// double-submit check on the sign-in form and its encrypted JWT session cookie. The cookie only
// names a server-side session row (tenant + session id), so sign-out, lockout, role changes and
// disabling a user take effect on the next request.

export interface SessionClaims {
  readonly tenantId: string;
  readonly sessionId: string;
  readonly userId: string;
}

export interface AuthJsOptions {
  readonly secret: string;
  readonly secureCookies: boolean;
  readonly basePath: string;
  readonly signIn: SignInService;
  readonly logWarning: (message: string) => void;
}

export interface AuthJsOutcome {
  readonly response: Response;
  /** Our own error from the credentials check, richer than Auth.js' generic redirect. */
  readonly failure: AppError | null;
  readonly signedIn: WebSession | null;
}

export function sessionCookieName(secure: boolean): string {
  return secure ? '__Secure-authjs.session-token' : 'authjs.session-token';
}

export function createAuthJs(options: AuthJsOptions) {
  const cookieName = sessionCookieName(options.secureCookies);

  function config(
    ctx: RequestContext,
    outcome: { failure: AppError | null; signedIn: WebSession | null },
  ): AuthConfig {
    return {
      basePath: options.basePath,
      secret: options.secret,
      trustHost: true,
      useSecureCookies: options.secureCookies,
      session: { strategy: 'jwt', maxAge: WEB_SESSION_HOURS * 3600 },
      providers: [
        Credentials({
          credentials: { email: { type: 'email' }, password: { type: 'password' } },
          async authorize(credentials) {
            const email = typeof credentials.email === 'string' ? credentials.email : '';
            const password = typeof credentials.password === 'string' ? credentials.password : '';
            try {
              const session = await options.signIn.passwordSignIn(ctx, email, password);
              outcome.signedIn = session;
              const user = { ...session, id: session.userId };
              return user;
            } catch (error) {
              if (error instanceof AppError) {
                outcome.failure = error;
                throw new CredentialsSignin();
              }
              throw error;
            }
          },
        }),
      ],
      callbacks: {
        jwt({ token, user }) {
          if (user) {
            const session = user as unknown as WebSession;
            token.tid = session.tenantId;
            token.sid = session.sessionId;
          }
          return token;
        },
        session({ session, token }) {
          return { ...session, tenantId: token.tid, sessionId: token.sid };
        },
      },
      logger: {
        error(error) {
          // Wrong passwords and stale CSRF tokens are expected traffic, not server errors.
          options.logWarning(`auth: ${error.name}`);
        },
        warn() {},
        debug() {},
      },
    };
  }

  return {
    cookieName,

    async handle(request: Request, ctx: RequestContext): Promise<AuthJsOutcome> {
      const outcome: { failure: AppError | null; signedIn: WebSession | null } = {
        failure: null,
        signedIn: null,
      };
      const response = await Auth(request, config(ctx, outcome));
      return { response, ...outcome };
    },

    /** Reads the session cookie; null when absent, forged, expired or malformed. */
    async readSession(cookieValue: string | undefined): Promise<SessionClaims | null> {
      if (!cookieValue) return null;
      try {
        const claims = await decode({
          token: cookieValue,
          secret: options.secret,
          salt: cookieName,
        });
        const tenantId = claims?.tid;
        const sessionId = claims?.sid;
        const userId = claims?.sub;
        if (
          typeof tenantId !== 'string' ||
          typeof sessionId !== 'string' ||
          typeof userId !== 'string'
        )
          return null;
        if (!isUuid(tenantId) || !isUuid(sessionId) || !isUuid(userId)) return null;
        return { tenantId, sessionId, userId };
      } catch {
        return null;
      }
    },
  };
}

export type AuthJs = ReturnType<typeof createAuthJs>;
