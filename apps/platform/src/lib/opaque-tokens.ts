import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Bearer tokens carry their tenant and row id in the clear and a random secret that is stored only
// as a SHA-256 hash: the server finds the row inside the tenant's own RLS scope, then compares
// hashes in constant time. High-entropy secrets need no slow hash; argon2 is for what people pick.

export type TokenKind = 'device' | 'pin_session' | 'api_token';

const PREFIX: Record<TokenKind, string> = {
  device: 'tpd',
  pin_session: 'tps',
  api_token: 'tpk',
};

const SECRET_BYTES = 24;

export interface IssuedToken {
  readonly token: string;
  readonly secretHash: Buffer;
}

export interface ParsedToken {
  readonly kind: TokenKind;
  readonly tenantId: string;
  readonly id: string;
  readonly secret: Buffer;
}

function uuidToBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

function bytesToUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function hashSecret(secret: Buffer): Buffer {
  return createHash('sha256').update(secret).digest();
}

export function issueToken(kind: TokenKind, tenantId: string, id: string): IssuedToken {
  const secret = randomBytes(SECRET_BYTES);
  const body = Buffer.concat([uuidToBytes(tenantId), uuidToBytes(id), secret]).toString(
    'base64url',
  );
  return { token: `${PREFIX[kind]}_${body}`, secretHash: hashSecret(secret) };
}

export function parseToken(token: string): ParsedToken | null {
  const separator = token.indexOf('_');
  const prefix = token.slice(0, separator);
  const kind = (Object.keys(PREFIX) as TokenKind[]).find((k) => PREFIX[k] === prefix);
  if (!kind) return null;
  const body = Buffer.from(token.slice(separator + 1), 'base64url');
  if (body.length !== 32 + SECRET_BYTES) return null;
  return {
    kind,
    tenantId: bytesToUuid(body.subarray(0, 16)),
    id: bytesToUuid(body.subarray(16, 32)),
    secret: body.subarray(32),
  };
}

export function secretMatches(secret: Buffer, storedHash: Buffer): boolean {
  const actual = hashSecret(secret);
  return actual.length === storedHash.length && timingSafeEqual(actual, storedHash);
}
