import { createHash, randomInt } from 'node:crypto';

// Crockford-style alphabet without look-alikes (0/O, 1/I/L), typed by a person on a tablet.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const LENGTH = 10;

/** 10 characters from 31 symbols ≈ 49 bits; with expiry, one use and a rate limit, unguessable. */
export function newPairingCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

export function normalisePairingCode(input: string): string {
  return input.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

export function hashPairingCode(input: string): Buffer {
  return createHash('sha256')
    .update(`pairing:${normalisePairingCode(input)}`)
    .digest();
}
