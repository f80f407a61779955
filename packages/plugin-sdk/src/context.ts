// What the platform hands a plugin instance: enough to do its job for one tenant, nothing more.
// No database handle: a plugin keeps its own small state in the key-value store, and everything
// the platform must remember (payments, refunds, print jobs) the host records itself.

export interface PluginLogger {
  debug(details: Record<string, unknown>, message: string): void;
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

/**
 * fetch with the host's time limit and logging. Plugins make every outbound call through it (SDKs
 * that take a custom fetch, like Stripe's, are handed this one) so a slow vendor only ever
 * costs its own tenant a bounded wait.
 */
export type PluginFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface PluginHttp {
  readonly fetch: PluginFetch;
  /** Milliseconds after which the host aborts a call. */
  readonly timeoutMs: number;
}

/** JSON values per tenant and plugin; keys up to 200 characters, values up to 64 KiB. */
export interface PluginKeyValueStore {
  get<T = unknown>(key: string): Promise<T | null>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface PluginTenant {
  readonly id: string;
  readonly name: string;
  /** ISO 4217, the tenant's selling currency. */
  readonly currency: string;
  readonly country: string;
  readonly timezone: string;
}

export interface PluginStore {
  readonly id: string;
  readonly name: string;
  readonly timezone: string;
}

export interface PluginContext {
  readonly logger: PluginLogger;
  readonly http: PluginHttp;
  readonly tenant: PluginTenant;
  /** The store the call is about, when there is one (a register's payment, a store's printer). */
  readonly store: PluginStore | null;
  readonly kv: PluginKeyValueStore;
  /** Public base URL of this plugin's webhooks for this tenant (…/plugins/<key>/<installationId>). */
  readonly webhookUrl: string;
}
