import type { ServerResponse } from 'node:http';
import { BridgeError } from '../errors.ts';
import type { BridgeLogger } from '../logger.ts';

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

export function sendHtml(response: ServerResponse, html: string): void {
  response.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    // The page is static text: no scripts, no framing by another site.
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    'x-frame-options': 'DENY',
  });
  response.end(html);
}

/** Answers with `{code, message, details?}`, the platform's error shape; internals stay in the log. */
export function sendError(response: ServerResponse, error: unknown, logger: BridgeLogger): void {
  const known =
    error instanceof BridgeError
      ? error
      : new BridgeError(500, 'internal', 'The bridge hit an unexpected problem; see its log.');
  if (!(error instanceof BridgeError)) logger.error(`Request failed: ${String(error)}`);
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const retryAfter = known.details?.retryAfterSeconds;
  if (typeof retryAfter === 'number') response.setHeader('retry-after', String(retryAfter));
  if (known.status === 503) response.setHeader('retry-after', '5');
  if (known.status === 413) response.setHeader('connection', 'close');
  if (known.status === 401) response.setHeader('www-authenticate', 'Bearer');
  sendJson(response, known.status, {
    code: known.code,
    message: known.message,
    ...(known.details ? { details: known.details } : {}),
  });
}
