import type { Database } from '@tillpoint/db';
import type { AdapterByKind, PluginKind, PluginStore, PluginTenant } from '@tillpoint/plugin-sdk';
import { AppError, notFound } from '../../errors.ts';
import { guardAdapter, type PluginCallTarget, pluginFailure } from './call.ts';
import type { PluginHost } from './host.ts';
import { buildPluginContext } from './plugin-context.ts';
import {
  type InstallationRow,
  selectEnabledInstallation,
  selectStoreFacts,
  selectTenantFacts,
} from './queries.ts';
import { openSecrets } from './sealed-secrets.ts';

// How other modules reach a tenant's plugin: the enabled installation of a kind, its secrets
// opened, its configuration checked, and the adapter built with a guarded face (time limits,
// errors converted; see call.ts). Nothing here holds a transaction while plugin code runs.

/** The installation behind an adapter; also what callPlugin takes to guard further calls. */
export interface ActiveInstallation extends PluginCallTarget {
  readonly kind: PluginKind;
  readonly version: string;
}

export interface ActivePlugin<K extends PluginKind> {
  readonly installation: ActiveInstallation;
  readonly adapter: AdapterByKind[K];
}

export interface PluginScope {
  readonly tenantId: string;
  /** The store the calls are about (a register's payment, a store's printer). */
  readonly storeId?: string | null;
}

// Building an adapter opens secrets and runs the plugin's create(); for a busy till that is per
// payment step. Entries are keyed by the row's updated_at, so a saved change is used at once.
const CACHE_TTL_MS = 60_000;
const CACHE_MAX_ENTRIES = 1_000;

export function createPluginRuntime(db: Database, host: PluginHost) {
  const cache = new Map<string, { active: ActivePlugin<PluginKind>; expiresAt: number }>();

  function cached(key: string): ActivePlugin<PluginKind> | null {
    const entry = cache.get(key);
    if (!entry) return null;
    if (entry.expiresAt > Date.now()) return entry.active;
    cache.delete(key);
    return null;
  }

  function remember(key: string, active: ActivePlugin<PluginKind>): void {
    if (cache.size >= CACHE_MAX_ENTRIES) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(key, { active, expiresAt: Date.now() + CACHE_TTL_MS });
  }

  /** Builds the adapter of an installation (enabled or not: the admin tests before enabling). */
  function activate(
    tenant: PluginTenant,
    store: PluginStore | null,
    row: InstallationRow,
  ): ActivePlugin<PluginKind> {
    const cacheKey = `${row.id}|${row.updatedAt}|${store?.id ?? ''}`;
    const hit = cached(cacheKey);
    if (hit) return hit;
    const plugin = host.registry.get(row.pluginKey);
    if (!plugin || plugin.kind !== row.kind)
      throw new AppError(
        'plugin.not_installed',
        `The ${row.pluginKey} plugin is configured for this business but not installed on this ` +
          'server. Contact support, or enable another plugin.',
        { plugin: row.pluginKey },
      );
    const secrets = openSecrets(host.secretBox, tenant.id, row);
    const check = host.registry.validate(plugin, { ...row.config, ...secrets });
    if (!check.ok)
      throw new AppError(
        'plugin.invalid_config',
        `The saved settings of ${plugin.name} no longer fit version ${plugin.version} of the ` +
          'plugin. Open its settings, correct them and save.',
        { plugin: plugin.key, issues: check.issues },
      );
    const installation: ActiveInstallation = {
      id: row.id,
      key: plugin.key,
      name: plugin.name,
      kind: plugin.kind,
      version: plugin.version,
      tenantId: tenant.id,
      timeoutMs: host.timeoutMs,
      logger: host.logger.child({
        tenantId: tenant.id,
        plugin: plugin.key,
        installationId: row.id,
      }),
    };
    const context = buildPluginContext({
      db,
      logger: installation.logger,
      timeoutMs: host.timeoutMs,
      publicUrl: host.publicUrl,
      pluginKey: plugin.key,
      installationId: row.id,
      tenant,
      store,
    });
    let adapter: object;
    try {
      adapter = plugin.create(context, check.config);
    } catch (error) {
      throw pluginFailure(installation, 'create', error);
    }
    const active = { installation, adapter: guardAdapter(installation, adapter) } as ActivePlugin<
      typeof plugin.kind
    >;
    remember(cacheKey, active);
    return active;
  }

  async function adapterFor<K extends PluginKind>(
    scope: PluginScope,
    kind: K,
  ): Promise<ActivePlugin<K> | null> {
    const loaded = await db.withTenant(scope, async (tx) => {
      const row = await selectEnabledInstallation(tx, kind);
      if (!row) return null;
      const tenant = await selectTenantFacts(tx);
      const store = scope.storeId ? await selectStoreFacts(tx, scope.storeId) : null;
      if (scope.storeId && !store) throw notFound('store', scope.storeId);
      return { row, tenant, store };
    });
    if (!loaded) return null;
    return activate(loaded.tenant, loaded.store, loaded.row) as ActivePlugin<K>;
  }

  return {
    /** The tenant's enabled plugin of a kind, ready to call; null when none is enabled. */
    adapterFor,
    paymentFor: (scope: PluginScope) => adapterFor(scope, 'payment'),
    printerFor: (scope: PluginScope) => adapterFor(scope, 'printer'),
    accountingFor: (scope: PluginScope) => adapterFor(scope, 'accounting'),
    /** One installation's adapter, whatever its status (connection tests, webhooks). */
    async adapterOfInstallation(
      tenantId: string,
      row: InstallationRow,
    ): Promise<ActivePlugin<PluginKind>> {
      const tenant = await db.withTenant({ tenantId }, (tx) => selectTenantFacts(tx));
      return activate(tenant, null, row);
    },
  };
}

export type PluginRuntime = ReturnType<typeof createPluginRuntime>;
