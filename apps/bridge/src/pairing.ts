import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurably } from './durable-file.ts';
import { BridgeError } from './errors.ts';
import type { BridgeLogger } from './logger.ts';

export interface PairedRegister {
  readonly registerId: string;
  readonly registerName: string;
  readonly pairedAt: string;
}

interface StoredPairing extends PairedRegister {
  /** Only the token's SHA-256 is kept: a copied data folder does not hand out the token. */
  readonly tokenSha256: string;
}

export interface PairingCode {
  readonly code: string;
  readonly expiresAt: Date;
}

export interface PairingPolicy {
  readonly codeTtlMs: number;
  /** Wrong codes in a row before pairing is refused for `cooldownMs`. */
  readonly maxFailures: number;
  readonly cooldownMs: number;
}

export interface PairingOptions {
  readonly dataDir: string;
  /** Offer a pairing code even though a register is paired (the `--pair` flag). */
  readonly repair: boolean;
  readonly policy: PairingPolicy;
  readonly logger: BridgeLogger;
  /** Told each new code, so it can be shown to the person at the store PC. */
  readonly onCode: (code: PairingCode) => void;
}

export interface PairRequest {
  readonly code: string;
  readonly registerId: string;
  readonly registerName: string;
}

export interface Pairing {
  load(): Promise<void>;
  /** The code to show, or null when no pairing is open. */
  currentCode(): PairingCode | null;
  /** Trades the code for the bridge token, which is returned once and never stored. */
  pair(request: PairRequest): Promise<string>;
  /** The paired register when `token` is its bridge token. */
  authenticate(token: string | undefined): PairedRegister | null;
  paired(): PairedRegister | null;
  onPaired(listener: (register: PairedRegister) => void): void;
  close(): void;
}

const CODE_DIGITS = 8;

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function isStoredPairing(value: unknown): value is StoredPairing {
  if (typeof value !== 'object' || value === null) return false;
  const stored = value as Record<string, unknown>;
  return (
    typeof stored.registerId === 'string' &&
    typeof stored.registerName === 'string' &&
    typeof stored.pairedAt === 'string' &&
    typeof stored.tokenSha256 === 'string'
  );
}

/**
 * Pairs the bridge with one register. The person at the store PC reads a short-lived code off
 * the console (or the status page) and types it into the register, which receives a token for
 * every later call. A new pairing replaces the old register and needs `--pair`.
 */
export function createPairing(options: PairingOptions): Pairing {
  const { policy, logger } = options;
  const path = join(options.dataDir, 'pairing.json');
  let stored: StoredPairing | null = null;
  let open = false;
  let code: PairingCode | null = null;
  let rotation: NodeJS.Timeout | undefined;
  let failures = 0;
  let lockedUntil = 0;
  const pairedListeners: Array<(register: PairedRegister) => void> = [];

  function rotateCode(): void {
    clearTimeout(rotation);
    if (!open) {
      code = null;
      return;
    }
    const digits = randomInt(0, 10 ** CODE_DIGITS)
      .toString()
      .padStart(CODE_DIGITS, '0');
    code = { code: digits, expiresAt: new Date(Date.now() + policy.codeTtlMs) };
    // A fresh code replaces an expired one, so the console always shows a code that works.
    rotation = setTimeout(rotateCode, policy.codeTtlMs);
    rotation.unref();
    options.onCode(code);
  }

  function currentCode(): PairingCode | null {
    if (code && code.expiresAt.getTime() <= Date.now()) rotateCode();
    return code;
  }

  function codeMatches(entered: string): boolean {
    const expected = currentCode();
    const normalised = entered.replace(/[\s-]/g, '');
    if (!expected || normalised.length !== expected.code.length) return false;
    return timingSafeEqual(Buffer.from(normalised), Buffer.from(expected.code));
  }

  function view(pairing: StoredPairing): PairedRegister {
    return {
      registerId: pairing.registerId,
      registerName: pairing.registerName,
      pairedAt: pairing.pairedAt,
    };
  }

  return {
    async load() {
      try {
        const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
        if (isStoredPairing(parsed)) stored = parsed;
        else logger.warn(`${path} is not a pairing; pair the register again`);
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'ENOENT') {
          logger.warn(`Cannot read ${path} (${String(error)}); pair the register again`);
        }
      }
      open = stored === null || options.repair;
      rotateCode();
    },

    currentCode,

    async pair(request) {
      if (!open) {
        throw new BridgeError(
          403,
          'pairing.closed',
          'This bridge is already paired. To pair another register, restart the bridge with --pair.',
        );
      }
      const waitMs = lockedUntil - Date.now();
      if (waitMs > 0) {
        throw new BridgeError(
          429,
          'pairing.rate_limited',
          `Too many wrong pairing codes; wait ${Math.ceil(waitMs / 1000)} s and try again.`,
          { retryAfterSeconds: Math.ceil(waitMs / 1000) },
        );
      }
      if (!codeMatches(request.code)) {
        failures += 1;
        if (failures >= policy.maxFailures) {
          failures = 0;
          lockedUntil = Date.now() + policy.cooldownMs;
          logger.warn('Pairing: too many wrong codes; pairing paused');
        }
        throw new BridgeError(
          401,
          'pairing.invalid_code',
          'That pairing code is wrong or has expired; read the current code on the store PC.',
        );
      }
      const token = randomBytes(32).toString('base64url');
      const pairing: StoredPairing = {
        registerId: request.registerId,
        registerName: request.registerName,
        pairedAt: new Date().toISOString(),
        tokenSha256: sha256(token).toString('hex'),
      };
      // The code is spent before the (slow) write, so a second request with it cannot also pair.
      open = false;
      rotateCode();
      try {
        await writeFileDurably(path, JSON.stringify(pairing));
      } catch (error) {
        open = true;
        rotateCode();
        throw error;
      }
      stored = pairing;
      failures = 0;
      logger.info(`Paired with register ${pairing.registerName} (${pairing.registerId})`);
      for (const listener of pairedListeners) listener(view(pairing));
      return token;
    },

    authenticate(token) {
      if (!stored || !token) return null;
      const expected = Buffer.from(stored.tokenSha256, 'hex');
      const actual = sha256(token);
      if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
      return view(stored);
    },

    paired: () => (stored ? view(stored) : null),

    onPaired(listener) {
      pairedListeners.push(listener);
    },

    close() {
      clearTimeout(rotation);
    },
  };
}
