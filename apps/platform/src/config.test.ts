import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const SECRET = 'x'.repeat(32);
const KEY_2026 = Buffer.alloc(32, 1).toString('base64');
const KEY_2025 = Buffer.alloc(32, 2).toString('base64');
const PLUGIN_KEYS = `k2026:${KEY_2026}`;

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to refuse this environment');
}

describe('loadConfig', () => {
  it('defaults to a development setup in embedded mode', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe('http://127.0.0.1:3000');
    expect(config.logLevel).toBe('info');
    expect(config.redisUrl).toBeNull();
    expect(config.authSecret).toBeNull();
    expect(config.seedDemo).toBe(true);
    expect(config.database.kind).toBe('embedded');
    if (config.database.kind !== 'embedded') throw new Error('expected embedded mode');
    expect(config.database.dataDir).toMatch(/\/pglite$/);
    expect(config.database.dataDir.startsWith(config.dataDir.replace(/\/$/, ''))).toBe(true);
  });

  it('is silent by default under test and keeps DATA_DIR for the embedded database', () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: '/tmp/tillpoint-data/' });
    expect(config.env).toBe('test');
    expect(config.logLevel).toBe('silent');
    expect(config.database).toEqual({ kind: 'embedded', dataDir: '/tmp/tillpoint-data/pglite' });
  });

  it('uses PostgreSQL when DATABASE_URL is set, with the owner URL defaulting to it', () => {
    const url = 'postgres://app@db.internal:5432/tillpoint';
    const config = loadConfig({ DATABASE_URL: url });
    expect(config.database).toEqual({
      kind: 'postgres',
      url,
      ownerUrl: url,
      poolSize: 10,
      migrateOnStart: true,
    });
  });

  it('takes a separate owner URL, pool size and migrate flag when given', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://app@db/tillpoint',
      DATABASE_OWNER_URL: 'postgresql://owner@db/tillpoint',
      DATABASE_POOL_SIZE: '25',
      DATABASE_MIGRATE_ON_START: 'false',
      REDIS_URL: 'redis://cache:6379',
      PORT: '8080',
      LOG_LEVEL: 'debug',
    });
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgresql://app@db/tillpoint',
      ownerUrl: 'postgresql://owner@db/tillpoint',
      poolSize: 25,
      migrateOnStart: false,
    });
    expect(config.redisUrl).toBe('redis://cache:6379');
    expect(config.port).toBe(8080);
    expect(config.logLevel).toBe('debug');
  });

  it('reports every bad variable at once in one ConfigError', () => {
    const error = configError({
      PORT: 'abc',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://x',
      AUTH_SECRET: 'short',
    });
    expect(error.name).toBe('ConfigError');
    expect(error.problems).toHaveLength(4);
    const named = (variable: string) =>
      error.problems.filter((problem) => problem.startsWith(`${variable} `));
    expect(named('PORT')).toEqual([expect.stringContaining('"abc"')]);
    expect(named('LOG_LEVEL')).toEqual([expect.stringContaining('"loud"')]);
    expect(named('DATABASE_URL')).toEqual([expect.stringContaining('postgres:')]);
    expect(named('AUTH_SECRET')).toEqual([expect.stringContaining('at least 32 characters')]);
    for (const variable of ['PORT', 'LOG_LEVEL', 'DATABASE_URL', 'AUTH_SECRET']) {
      expect(error.message).toContain(variable);
    }
  });

  it('never echoes the AUTH_SECRET value in its complaint', () => {
    const error = configError({ AUTH_SECRET: 'hunter2-too-short' });
    expect(error.message).not.toContain('hunter2-too-short');
  });

  it('refuses production without AUTH_SECRET, DATABASE_URL, REDIS_URL and PLUGIN_SECRETS_KEYS, naming each', () => {
    const error = configError({ NODE_ENV: 'production' });
    expect(error.problems).toHaveLength(4);
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('AUTH_SECRET is required in production'),
        expect.stringContaining('DATABASE_URL is required in production'),
        expect.stringContaining('REDIS_URL is required in production'),
        expect.stringContaining('PLUGIN_SECRETS_KEYS is required in production'),
      ]),
    );
  });

  it('names only what is missing in production', () => {
    const error = configError({
      NODE_ENV: 'production',
      AUTH_SECRET: SECRET,
      DATABASE_URL: 'postgres://app@db/tillpoint',
      PLUGIN_SECRETS_KEYS: PLUGIN_KEYS,
    });
    expect(error.problems).toEqual(['REDIS_URL is required in production']);
  });

  it('accepts a complete production setup without demo data', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      AUTH_SECRET: SECRET,
      DATABASE_URL: 'postgres://app@db/tillpoint',
      REDIS_URL: 'rediss://cache:6380',
      PUBLIC_URL: 'https://pos.example.com',
      PLUGIN_SECRETS_KEYS: PLUGIN_KEYS,
    });
    expect(config.env).toBe('production');
    expect(config.authSecret).toBe(SECRET);
    expect(config.publicUrl).toBe('https://pos.example.com');
    expect(config.seedDemo).toBe(false);
    expect(config.database.kind).toBe('postgres');
  });

  it('trusts no proxy unless told which: X-Forwarded-For would let any client pick its address', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).trustProxy).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(
      loadConfig({ NODE_ENV: 'test', TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy,
    ).toEqual(['loopback', '10.0.0.0/8']);
    for (const bad of ['true', '*', 'loopback;rm']) {
      expect(() => loadConfig({ NODE_ENV: 'test', TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
  });

  it('reads the plugin secret key ring, first key sealing, and the plugin time limit', () => {
    const config = loadConfig({
      PLUGIN_SECRETS_KEYS: `k2026:${KEY_2026}, k2025:${KEY_2025}`,
      PLUGIN_TIMEOUT_MS: '2500',
    });
    expect(config.pluginSecretsKeys?.map((key) => key.id)).toEqual(['k2026', 'k2025']);
    expect(Buffer.from(config.pluginSecretsKeys?.[0]?.key ?? []).toString('base64')).toBe(KEY_2026);
    expect(config.pluginTimeoutMs).toBe(2500);
    // Development generates its key ring into the data folder; tests get a fixed one.
    expect(loadConfig({}).pluginSecretsKeys).toBeNull();
    expect(loadConfig({ NODE_ENV: 'test' }).pluginSecretsKeys?.map((key) => key.id)).toEqual([
      'test',
    ]);
    expect(loadConfig({}).pluginTimeoutMs).toBe(15_000);
  });

  it('refuses a malformed key ring without echoing key material', () => {
    const short = Buffer.alloc(16, 3).toString('base64');
    const error = configError({
      PLUGIN_SECRETS_KEYS: `good:${KEY_2026},short:${short},good:${KEY_2025},no-colon`,
      PLUGIN_TIMEOUT_MS: '0',
    });
    expect(error.problems).toHaveLength(4);
    expect(error.problems.filter((p) => p.startsWith('PLUGIN_SECRETS_KEYS'))).toHaveLength(3);
    expect(error.message).toContain('"short" must be 32 bytes');
    expect(error.message).toContain('"good" appears twice');
    for (const material of [KEY_2026, KEY_2025, short])
      expect(error.message).not.toContain(material);
  });

  it('sends receipt emails through SMTP_URL, else to .eml files in embedded mode only', () => {
    const smtp = loadConfig({
      SMTP_URL: 'smtps://mailer:s3cret@mail.example:465',
      MAIL_FROM: 'Corner Shop <receipts@shop.example>',
    });
    expect(smtp.mail).toEqual({
      kind: 'smtp',
      url: 'smtps://mailer:s3cret@mail.example:465',
      from: 'Corner Shop <receipts@shop.example>',
    });
    const embedded = loadConfig({ DATA_DIR: '/tmp/tillpoint-data/' });
    expect(embedded.mail).toMatchObject({ kind: 'files', dir: '/tmp/tillpoint-data/mail' });
    // Real PostgreSQL without a mail server: emails are refused rather than silently dropped.
    expect(loadConfig({ DATABASE_URL: 'postgres://app@db/tillpoint' }).mail).toBeNull();
  });

  it('refuses a bad SMTP_URL or MAIL_FROM without echoing SMTP credentials', () => {
    const error = configError({
      SMTP_URL: 'http://mailer:s3cret@mail.example',
      MAIL_FROM: 'receipts@shop.example\r\nBcc: everyone@example.com',
    });
    expect(error.problems).toHaveLength(2);
    expect(error.problems.some((p) => p.startsWith('SMTP_URL'))).toBe(true);
    expect(error.problems.some((p) => p.startsWith('MAIL_FROM'))).toBe(true);
    expect(error.message).not.toContain('s3cret');
    const missingFrom = configError({ SMTP_URL: 'smtp://mailer:s3cret@mail.example:587' });
    expect(missingFrom.problems).toEqual([expect.stringMatching(/^MAIL_FROM is required/)]);
    expect(missingFrom.message).not.toContain('s3cret');
  });

  it('refuses an unknown NODE_ENV, a bad boolean and an out-of-range port', () => {
    const error = configError({ NODE_ENV: 'staging', SEED_DEMO: 'maybe', PORT: '70000' });
    expect(error.problems).toHaveLength(3);
    expect(error.problems.some((p) => p.startsWith('NODE_ENV'))).toBe(true);
    expect(error.problems.some((p) => p.startsWith('SEED_DEMO'))).toBe(true);
    expect(error.problems.some((p) => p.startsWith('PORT'))).toBe(true);
  });
});
