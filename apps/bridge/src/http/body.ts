import type { IncomingMessage } from 'node:http';
import { BridgeError } from '../errors.ts';

const JSON_TYPE = /^application\/json\s*(;|$)/i;

/** True when the request carries no body at all (a bodyless POST such as a plain reprint). */
export function hasNoBody(request: IncomingMessage): boolean {
  return (
    request.headers['content-length'] === '0' ||
    (request.headers['content-length'] === undefined &&
      request.headers['transfer-encoding'] === undefined)
  );
}

/**
 * Reads a JSON body of at most `limitBytes`. Requiring application/json also means a browser
 * page can only send one after a CORS preflight, which the origin check answers.
 */
export async function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<unknown> {
  if (!JSON_TYPE.test(request.headers['content-type'] ?? '')) {
    throw new BridgeError(
      415,
      'request.unsupported_media_type',
      'Send the body as application/json.',
    );
  }
  const tooLarge = () =>
    new BridgeError(
      413,
      'request.too_large',
      `The request body is larger than ${limitBytes} bytes.`,
    );
  if (Number(request.headers['content-length'] ?? 0) > limitBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limitBytes) throw tooLarge();
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new BridgeError(400, 'request.malformed_json', 'The request body is not valid JSON.');
  }
}
