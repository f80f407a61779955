import { fileURLToPath } from 'node:url';
import { parseSecretKeys, type SecretKey } from './lib/secret-box.ts';

export interface PlatformConfig {
  readonly env: 'development' | 'test' | 'production';
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  readonly logLevel: string;
  readonly database:
    | {
        readonly kind: 'postgres';
        readonly url: string;
        readonly ownerUrl: string;
        readonly poolSize: number;
        readonly migrateOnStart: boolean;
      }
    | { readonly kind: 'embedded'; readonly dataDir: string };
  readonly redisUrl: string | null;
  /** null: generated once and kept in the data folder (development and embedded only). */
  readonly authSecret: string | null;
  readonly dataDir: string;
  readonly seedDemo: boolean;
  /** Requests per client IP per minute across the API (sign-in and pairing have their own). */
  readonly rateLimitPerMinute: number;
  /**
   * Which proxies may set the client address through X-Forwarded-For (client IPs key the rate
   * limits and the audit trail). false: none, the socket's peer is the client. A number: that
   * many hops. A list: addresses, CIDR ranges or 'loopback' / 'linklocal' / 'uniquelocal'.
   */
  readonly trustProxy: false | number | readonly string[];
  /**
   * Keys sealing plugin secrets at rest (PLUGIN_SECRETS_KEYS): the first seals, all open, so keys
   * rotate. null: generated once and kept in the data folder (development and embedded only).
   */
  readonly pluginSecretsKeys: readonly SecretKey[] | null;
  /** How long the platform waits on any one plugin call, outbound HTTP included. */
  readonly pluginTimeoutMs: number;
  /** The built register (static files served under /register/); absent means "not built". */
  readonly registerDir: string;
  /** Where receipt emails go; null: nowhere (sending them is refused as not configured). */
  readonly mail: MailConfig | null;
}

/**
 * SMTP_URL names the mail server (its credentials are secrets: never log the URL). Without it,
 * embedded mode writes each email as an .eml file in the data folder so a laptop shows them.
 */
export type MailConfig =
  | { readonly kind: 'smtp'; readonly url: string; readonly from: string }
  | { readonly kind: 'files'; readonly dir: string; readonly from: string };

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

// Well known on purpose: tests seal and open plugin secrets without any setup. Never used elsewhere.
const TEST_PLUGIN_SECRETS_KEYS = 'test:dGlsbHBvaW50LXRlc3QtcGx1Z2luLXNlY3JldC1rZXk=';

const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../../.data/', import.meta.url));
const DEFAULT_REGISTER_DIR = fileURLToPath(
  new URL('../../register/build/client/', import.meta.url),
);
const DEFAULT_MAIL_FROM = 'Tillpoint receipts <receipts@tillpoint.localhost>';
// One address, optionally with a display name: "Shop <receipts@shop.example>". No line breaks
// or other control characters: the value becomes a header of every email.
const MAIL_ADDRESS = '[^\\s<>@"]{1,64}@[^\\s<>@"]{1,190}';
const MAIL_FROM = new RegExp(
  `^(?:${MAIL_ADDRESS}|[^<>"\\x00-\\x1f\\x7f]{1,100} <${MAIL_ADDRESS}>)$`,
);
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads and checks every variable at once so one start reports every mistake, not the first. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'test', 'production'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, test or production (got "${nodeEnv}")`);
  }

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const boolean = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  };
  const url = (name: string, protocols: string[]): string | null => {
    const raw = env[name];
    if (raw === undefined || raw === '') return null;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) {
        problems.push(
          `${name} must start with ${protocols.join(' or ')} (got "${parsed.protocol}")`,
        );
      }
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return raw;
  };

  const port = integer('PORT', 3000, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  const publicUrl = url('PUBLIC_URL', ['http:', 'https:']) ?? `http://${host}:${port}`;
  const logLevel = env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info');
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  }
  const dataDir = env.DATA_DIR || DEFAULT_DATA_DIR;

  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const ownerUrl = url('DATABASE_OWNER_URL', ['postgres:', 'postgresql:']);
  const poolSize = integer('DATABASE_POOL_SIZE', 10, 1, 500);
  const migrateOnStart = boolean('DATABASE_MIGRATE_ON_START', true);
  const database: PlatformConfig['database'] = databaseUrl
    ? {
        kind: 'postgres',
        url: databaseUrl,
        ownerUrl: ownerUrl ?? databaseUrl,
        poolSize,
        migrateOnStart,
      }
    : { kind: 'embedded', dataDir: `${dataDir.replace(/\/$/, '')}/pglite` };

  const redisUrl = url('REDIS_URL', ['redis:', 'rediss:']);
  const authSecret = env.AUTH_SECRET || null;
  if (authSecret !== null && authSecret.length < 32) {
    problems.push('AUTH_SECRET must be at least 32 characters (try: openssl rand -base64 32)');
  }
  if (nodeEnv === 'production') {
    if (!authSecret) problems.push('AUTH_SECRET is required in production');
    if (!databaseUrl)
      problems.push('DATABASE_URL is required in production (embedded mode is for laptops)');
    if (!redisUrl) problems.push('REDIS_URL is required in production');
    if (!env.PLUGIN_SECRETS_KEYS)
      problems.push('PLUGIN_SECRETS_KEYS is required in production (keyId:base64 of 32 bytes)');
  }
  const pluginSecretsKeys = secretKeys(
    env.PLUGIN_SECRETS_KEYS || (nodeEnv === 'test' ? TEST_PLUGIN_SECRETS_KEYS : ''),
    problems,
  );
  const pluginTimeoutMs = integer('PLUGIN_TIMEOUT_MS', 15_000, 50, 120_000);
  const seedDemo = boolean('SEED_DEMO', nodeEnv !== 'production');
  const rateLimitPerMinute = integer('RATE_LIMIT_PER_MINUTE', 600, 1, 100_000_000);
  const trustProxy = proxies(env.TRUST_PROXY, problems);
  const registerDir = env.REGISTER_DIR || DEFAULT_REGISTER_DIR;
  const mail = mailConfig(env, url('SMTP_URL', ['smtp:', 'smtps:']), database, dataDir, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    env: nodeEnv as PlatformConfig['env'],
    host,
    port,
    publicUrl,
    logLevel,
    database,
    redisUrl,
    authSecret,
    dataDir,
    seedDemo,
    rateLimitPerMinute,
    trustProxy,
    pluginSecretsKeys,
    pluginTimeoutMs,
    registerDir,
    mail,
  };
}

function mailConfig(
  env: NodeJS.ProcessEnv,
  smtpUrl: string | null,
  database: PlatformConfig['database'],
  dataDir: string,
  problems: string[],
): MailConfig | null {
  const from = env.MAIL_FROM || null;
  if (from !== null && !MAIL_FROM.test(from)) {
    problems.push(
      `MAIL_FROM must be one address, optionally with a name: "Shop <receipts@shop.example>" (got "${from}")`,
    );
  }
  if (smtpUrl) {
    if (!from)
      problems.push('MAIL_FROM is required with SMTP_URL (the address receipts come from)');
    return { kind: 'smtp', url: smtpUrl, from: from ?? DEFAULT_MAIL_FROM };
  }
  if (database.kind !== 'embedded') return null;
  return {
    kind: 'files',
    dir: `${dataDir.replace(/\/$/, '')}/mail`,
    from: from ?? DEFAULT_MAIL_FROM,
  };
}

function secretKeys(raw: string, problems: string[]): readonly SecretKey[] | null {
  if (raw === '') return null;
  const parsed = parseSecretKeys(raw);
  for (const problem of parsed.problems) problems.push(`PLUGIN_SECRETS_KEYS: ${problem}`);
  return parsed.problems.length === 0 ? parsed.keys : null;
}

const PROXY_ENTRY = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/;

/**
 * TRUST_PROXY: unset or "false" trusts no proxy; "2" trusts two hops; otherwise a comma list.
 * Trusting every hop ("true") is refused: any client could then choose its own address and
 * step around the per-address limits on sign-in and pairing.
 */
function proxies(raw: string | undefined, problems: string[]): PlatformConfig['trustProxy'] {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  if (raw === 'true' || entries.some((entry) => !PROXY_ENTRY.test(entry))) {
    problems.push(
      `TRUST_PROXY must be false, a hop count or a comma list of proxy addresses/CIDRs (got "${raw}")`,
    );
    return false;
  }
  return entries;
}
