import type { Database } from '@tillpoint/db';
import type {
  PluginContext,
  PluginFetch,
  PluginKeyValueStore,
  PluginLogger,
  PluginStore,
  PluginTenant,
} from '@tillpoint/plugin-sdk';
import type { FastifyBaseLogger } from 'fastify';
import { deleteKv, selectKv, upsertKv } from './queries.ts';

// The narrow world a plugin instance sees: a logger bound to its tenant, fetch with the host's
// time limit, its tenant and store, a key-value store and its webhook URL. No database handle.

const MAX_KEY_LENGTH = 200;
const MAX_VALUE_BYTES = 65_536;

function pluginLogger(logger: FastifyBaseLogger): PluginLogger {
  return {
    debug: (details, message) => logger.debug(details, message),
    info: (details, message) => logger.info(details, message),
    warn: (details, message) => logger.warn(details, message),
    error: (details, message) => logger.error(details, message),
  };
}

function urlOf(input: string | URL): URL | null {
  try {
    return new URL(input);
  } catch {
    return null;
  }
}

/** fetch aborted after the time limit, each request logged by method, host, status, duration. */
export function loggedFetch(logger: FastifyBaseLogger, timeoutMs: number): PluginFetch {
  return async (input, init) => {
    const method = (init?.method ?? 'GET').toUpperCase();
    const host = urlOf(input)?.host ?? 'invalid-url';
    const limit = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, limit]) : limit;
    const started = performance.now();
    const durationMs = () => Math.round(performance.now() - started);
    try {
      const response = await fetch(input, { ...init, signal });
      const details = { method, host, status: response.status, durationMs: durationMs() };
      if (response.status >= 500) logger.warn(details, 'plugin http request');
      else logger.info(details, 'plugin http request');
      return response;
    } catch (error) {
      logger.warn(
        { method, host, durationMs: durationMs(), error: (error as Error).name },
        limit.aborted ? 'plugin http request timed out' : 'plugin http request failed',
      );
      throw error;
    }
  };
}

function keyValueStore(
  db: Database,
  tenantId: string,
  installationId: string,
): PluginKeyValueStore {
  const checkedKey = (key: string): string => {
    if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH)
      throw new RangeError(`Plugin store keys are 1 to ${MAX_KEY_LENGTH} characters.`);
    return key;
  };
  return {
    async get<T>(key: string) {
      const value = await db.withTenant({ tenantId }, (tx) =>
        selectKv(tx, installationId, checkedKey(key)),
      );
      return (value ?? null) as T | null;
    },
    async set(key, value) {
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError('Plugin store values must be JSON values.');
      if (Buffer.byteLength(json) > MAX_VALUE_BYTES)
        throw new RangeError(`Plugin store values are at most ${MAX_VALUE_BYTES} bytes of JSON.`);
      await db.withTenant({ tenantId }, (tx) =>
        upsertKv(tx, { tenantId, installationId, key: checkedKey(key), json }),
      );
    },
    async delete(key) {
      await db.withTenant({ tenantId }, (tx) => deleteKv(tx, installationId, checkedKey(key)));
    },
  };
}

export function webhookUrlOf(publicUrl: string, pluginKey: string, installationId: string): string {
  return `${publicUrl}/plugins/${pluginKey}/${installationId}/webhooks`;
}

export function buildPluginContext(options: {
  readonly db: Database;
  /** Bound to the tenant and the plugin already. */
  readonly logger: FastifyBaseLogger;
  readonly timeoutMs: number;
  readonly publicUrl: string;
  readonly pluginKey: string;
  readonly installationId: string;
  readonly tenant: PluginTenant;
  readonly store: PluginStore | null;
}): PluginContext {
  const { logger } = options;
  // Each outbound request gets a third of the call's limit (at least a second, at most the
  // whole limit), so an SDK's own retries (Stripe retries twice) fit inside one call.
  const requestMs = Math.min(options.timeoutMs, Math.max(1_000, Math.floor(options.timeoutMs / 3)));
  return {
    logger: pluginLogger(logger),
    http: { fetch: loggedFetch(logger, requestMs), timeoutMs: requestMs },
    tenant: options.tenant,
    store: options.store,
    kv: keyValueStore(options.db, options.tenant.id, options.installationId),
    webhookUrl: webhookUrlOf(options.publicUrl, options.pluginKey, options.installationId),
  };
}
