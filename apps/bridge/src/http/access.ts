import type { IncomingMessage, ServerResponse } from 'node:http';
import { BridgeError } from '../errors.ts';

/**
 * A page on another site that rebinds its own domain name to 127.0.0.1 makes the browser send
 * that domain as Host; only requests addressed to this computer by name or loopback address are
 * answered.
 */
export function checkHost(request: IncomingMessage, port: number): void {
  const host = request.headers.host;
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    throw new BridgeError(
      403,
      'request.wrong_host',
      `Call the bridge as http://127.0.0.1:${port}.`,
    );
  }
}

/**
 * Browsers send Origin on every cross-site call: only the configured register origins may call.
 * Programs that are not browsers send none and are let through to the token check.
 */
export function checkOrigin(
  request: IncomingMessage,
  allowedOrigins: ReadonlySet<string>,
): string | null {
  const origin = request.headers.origin;
  if (origin === undefined) return null;
  if (!allowedOrigins.has(origin)) {
    throw new BridgeError(
      403,
      'origin.forbidden',
      `The web address ${origin} may not use this bridge; add it to allowedOrigins in the bridge configuration.`,
    );
  }
  return origin;
}

export function allowOrigin(response: ServerResponse, origin: string): void {
  response.setHeader('access-control-allow-origin', origin);
  response.setHeader('vary', 'Origin');
}

/** Answers a CORS preflight from an allowed origin, Private Network Access included. */
export function answerPreflight(
  request: IncomingMessage,
  response: ServerResponse,
  origin: string | null,
): void {
  if (origin !== null) {
    response.setHeader('access-control-allow-methods', 'GET, POST');
    response.setHeader('access-control-allow-headers', 'authorization, content-type');
    response.setHeader('access-control-max-age', '600');
    // Chrome asks before a public https page may reach a loopback address.
    if (request.headers['access-control-request-private-network'] === 'true') {
      response.setHeader('access-control-allow-private-network', 'true');
    }
  }
  response.writeHead(204);
  response.end();
}

export function bearerToken(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  const match = header?.match(/^Bearer ([A-Za-z0-9_-]{1,200})$/);
  return match?.[1];
}
