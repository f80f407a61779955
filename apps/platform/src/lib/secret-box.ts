import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// Secrets at rest (a plugin's API keys): AES-256-GCM with a fresh 12-byte IV per seal and
// additional authenticated data naming where the blob belongs (tenant and row), so a blob copied
// to another row or tenant fails to open instead of handing its secrets over. A key ring allows
// rotation: the first key seals, every key opens, and the blob records which key sealed it.

export interface SecretKey {
  /** Short name stored next to each blob (letters, digits, _ and -; at most 32). */
  readonly id: string;
  /** 32 bytes. */
  readonly key: Uint8Array;
}

export interface SealedSecret {
  readonly keyId: string;
  /** IV (12 bytes) + authentication tag (16 bytes) + ciphertext. */
  readonly blob: Buffer;
}

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

export interface SecretBox {
  /** The id of the key new seals use. */
  readonly currentKeyId: string;
  seal(plaintext: string, associatedData: string): SealedSecret;
  /** Throws SecretBoxError for an unknown key, a changed blob or other associated data. */
  open(sealed: SealedSecret, associatedData: string): string;
}

export const SECRET_KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export function createSecretBox(keys: readonly SecretKey[]): SecretBox {
  const [current] = keys;
  if (!current) throw new SecretBoxError('The secret key ring is empty.');
  const ring = new Map<string, Buffer>();
  for (const { id, key } of keys) {
    if (!SECRET_KEY_ID.test(id)) throw new SecretBoxError(`Secret key id "${id}" is not valid.`);
    if (key.length !== KEY_BYTES)
      throw new SecretBoxError(`Secret key "${id}" must be ${KEY_BYTES} bytes.`);
    if (ring.has(id)) throw new SecretBoxError(`Secret key id "${id}" appears twice.`);
    ring.set(id, Buffer.from(key));
  }

  return {
    currentKeyId: current.id,
    seal(plaintext, associatedData) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, ring.get(current.id) as Buffer, iv);
      cipher.setAAD(Buffer.from(associatedData, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return { keyId: current.id, blob: Buffer.concat([iv, cipher.getAuthTag(), ciphertext]) };
    },
    open(sealed, associatedData) {
      const key = ring.get(sealed.keyId);
      if (!key)
        throw new SecretBoxError(
          `The key "${sealed.keyId}" that sealed this secret is not in the key ring.`,
        );
      if (sealed.blob.length < IV_BYTES + TAG_BYTES)
        throw new SecretBoxError('The sealed secret is truncated.');
      const iv = sealed.blob.subarray(0, IV_BYTES);
      const tag = sealed.blob.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
      const ciphertext = sealed.blob.subarray(IV_BYTES + TAG_BYTES);
      try {
        const decipher = createDecipheriv(ALGORITHM, key, iv);
        decipher.setAAD(Buffer.from(associatedData, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError(
          'The sealed secret does not open: it was changed or belongs elsewhere.',
        );
      }
    },
  };
}

/**
 * Parses a key ring setting: a comma list of `keyId:base64key` (32-byte keys), first one sealing.
 * Problems are described without ever echoing key material.
 */
export function parseSecretKeys(raw: string): { keys: SecretKey[]; problems: string[] } {
  const keys: SecretKey[] = [];
  const problems: string[] = [];
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) problems.push('needs at least one keyId:base64key entry');
  entries.forEach((entry, index) => {
    const separator = entry.indexOf(':');
    const id = separator > 0 ? entry.slice(0, separator) : '';
    const encoded = separator > 0 ? entry.slice(separator + 1) : '';
    if (!SECRET_KEY_ID.test(id)) {
      problems.push(
        `entry ${index + 1} must start with a key id (letters, digits, _ or -) and ":"`,
      );
      return;
    }
    const key = Buffer.from(encoded, 'base64');
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded) || key.length !== KEY_BYTES) {
      problems.push(
        `key "${id}" must be ${KEY_BYTES} bytes in base64 (try: openssl rand -base64 32)`,
      );
      return;
    }
    if (keys.some((known) => known.id === id)) {
      problems.push(`key id "${id}" appears twice`);
      return;
    }
    keys.push({ id, key });
  });
  return { keys, problems };
}

/** A fresh key ring setting with one key, for first starts on a laptop. */
export function generateSecretKeys(id: string): string {
  return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
}
