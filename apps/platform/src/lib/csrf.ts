import { createHmac, timingSafeEqual } from 'node:crypto';

// Cookie sessions are CSRF-able; bearer tokens are not. Each web session gets a token derived from
// its id with a server secret: the browser app reads it from /api/v1/me (same-origin only) and
// echoes it in x-csrf-token on every unsafe request. Nothing to store, nothing to rotate.
export function csrfTokenFor(secret: string, sessionId: string): string {
  return createHmac('sha256', secret).update(`csrf:${sessionId}`).digest('base64url');
}

export function csrfTokenMatches(
  secret: string,
  sessionId: string,
  presented: string | undefined,
): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenFor(secret, sessionId));
  const actual = Buffer.from(presented);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
