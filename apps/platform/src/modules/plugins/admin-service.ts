import { type Database, isUniqueViolation, newId, type Tx } from '@tillpoint/db';
import type { AnyPlugin } from '@tillpoint/plugin-sdk';
import { actorId, type RequestContext, type ServiceContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize } from '../identity/authorize.ts';
import {
  installationConflict,
  invalidConfig,
  kindAlreadyEnabled,
  pluginNotConfigured,
  pluginNotFound,
} from './errors.ts';
import type { PluginHost } from './host.ts';
import { publicPart, secretPart } from './plugin-config.ts';
import {
  type InstallationRow,
  type InstallationStatus,
  type InstallationWrite,
  insertInstallation,
  selectEnabledInstallation,
  selectInstallationById,
  selectInstallationByKey,
  selectInstallations,
  selectOtherEnabled,
  updateInstallationConfig,
  updateInstallationStatus,
} from './queries.ts';
import type { PluginRuntime } from './runtime.ts';
import type {
  ConfigureInput,
  ConnectionCheckView,
  PluginDetailView,
  PluginSummaryView,
} from './schemas.ts';
import { openSecrets, sealSecrets } from './sealed-secrets.ts';
import { pluginDetail, pluginSummary } from './views.ts';

// The back office's plugin settings: which plugins this server offers, this business's settings
// for each (secrets sealed on the way in, never shown again), enabling one per kind, and a
// connection test. Every change is audited without secret values.

const TARGET = 'plugin_installation';
const ONE_ENABLED_PER_KIND = 'plugin_installations_one_enabled_per_kind';
const MAX_MESSAGE = 500;

/** What the audit trail keeps of an installation: settings and secret names, no secret values. */
function auditState(row: {
  readonly status?: InstallationStatus;
  readonly config: Readonly<Record<string, unknown>>;
  readonly secretFields: readonly string[];
  readonly pluginVersion: string;
}) {
  return {
    status: row.status ?? 'disabled',
    config: row.config,
    secretsSet: [...row.secretFields],
    pluginVersion: row.pluginVersion,
  };
}

/** The connection test's answer as the plugin gave it, within bounds (a plugin may misbehave). */
function boundedCheck(check: unknown): ConnectionCheckView {
  const value = (typeof check === 'object' && check !== null ? check : {}) as Record<
    string,
    unknown
  >;
  const message =
    typeof value.message === 'string' && value.message.trim() !== ''
      ? value.message.slice(0, MAX_MESSAGE)
      : 'The plugin gave no description of the connection.';
  const details =
    typeof value.details === 'object' && value.details !== null && !Array.isArray(value.details)
      ? (value.details as Record<string, unknown>)
      : undefined;
  return { ok: value.ok === true, message, ...(details ? { details } : {}) };
}

export function createPluginAdminUseCases(db: Database, host: PluginHost, runtime: PluginRuntime) {
  const { registry, secretBox } = host;

  function pluginOf(key: string): AnyPlugin {
    const plugin = registry.get(key);
    if (!plugin) throw pluginNotFound(key);
    return plugin;
  }

  async function detail(tx: Tx, plugin: AnyPlugin, id: string): Promise<PluginDetailView> {
    return pluginDetail(plugin, await selectInstallationById(tx, id), host.publicUrl);
  }

  /** The saved secrets and settings must (still) satisfy the plugin's schema. */
  function assertValid(ctx: ServiceContext, plugin: AnyPlugin, row: InstallationRow): void {
    const check = registry.validate(plugin, {
      ...row.config,
      ...openSecrets(secretBox, ctx.tenantId, row),
    });
    if (!check.ok) throw invalidConfig(plugin, check.issues);
  }

  async function changeStatus(
    ctx: RequestContext,
    key: string,
    status: InstallationStatus,
  ): Promise<PluginDetailView> {
    const authed = authorize(ctx, 'plugins.manage');
    const plugin = pluginOf(key);
    try {
      return await db.withTenant(authed, async (tx) => {
        const row = await selectInstallationByKey(tx, plugin.key, 'for update');
        if (!row) throw pluginNotConfigured(plugin);
        if (row.status === status) return detail(tx, plugin, row.id);
        if (status === 'enabled') {
          const other = await selectOtherEnabled(tx, plugin.kind, row.id);
          if (other) throw kindAlreadyEnabled(plugin, other.pluginKey);
          assertValid(authed, plugin, row);
        }
        await updateInstallationStatus(tx, row.id, status, actorId(authed.actor));
        await recordAudit(tx, authed, {
          action: status === 'enabled' ? 'plugin.enabled' : 'plugin.disabled',
          targetType: TARGET,
          targetId: row.id,
          before: { plugin: plugin.key, status: row.status },
          after: { plugin: plugin.key, status },
        });
        return detail(tx, plugin, row.id);
      });
    } catch (error) {
      // Two plugins of a kind enabled at the same moment: the index let only one through.
      if (!isUniqueViolation(error, ONE_ENABLED_PER_KIND)) throw error;
      const enabled = await db.withTenant(authed, (tx) =>
        selectEnabledInstallation(tx, plugin.kind),
      );
      throw kindAlreadyEnabled(plugin, enabled?.pluginKey ?? 'another plugin');
    }
  }

  return {
    async list(ctx: RequestContext): Promise<{ plugins: PluginSummaryView[] }> {
      const authed = authorize(ctx, 'plugins.read');
      const rows = await db.withTenant(authed, (tx) => selectInstallations(tx));
      const byKey = new Map(rows.map((row) => [row.pluginKey, row]));
      return {
        plugins: registry
          .all()
          .map((plugin) => pluginSummary(plugin, byKey.get(plugin.key) ?? null)),
      };
    },

    async get(ctx: RequestContext, key: string): Promise<PluginDetailView> {
      const authed = authorize(ctx, 'plugins.read');
      const plugin = pluginOf(key);
      const row = await db.withTenant(authed, (tx) => selectInstallationByKey(tx, plugin.key));
      return pluginDetail(plugin, row, host.publicUrl);
    },

    /**
     * Saves all settings (PUT semantics). A secret setting left out keeps its saved value, null
     * removes it. The whole result is checked against the schema before anything is written.
     * A new installation starts disabled; an existing one keeps its status.
     */
    async configure(
      ctx: RequestContext,
      key: string,
      input: ConfigureInput,
    ): Promise<PluginDetailView> {
      const authed = authorize(ctx, 'plugins.manage');
      const plugin = pluginOf(key);
      const given = input.config;
      const provided = Object.fromEntries(
        Object.entries(secretPart(plugin, given)).filter(([, value]) => value !== null),
      );
      try {
        return await db.withTenant(authed, async (tx) => {
          const existing = await selectInstallationByKey(tx, plugin.key, 'for update');
          const id = existing?.id ?? newId();
          const keptFields = plugin.secretFields.filter(
            (field) => !Object.hasOwn(given, field) && existing?.secretFields.includes(field),
          );
          const stored =
            existing && keptFields.length > 0
              ? openSecrets(secretBox, authed.tenantId, existing)
              : {};
          const kept = Object.fromEntries(keptFields.map((field) => [field, stored[field]]));
          const check = registry.validate(plugin, {
            ...publicPart(plugin, given),
            ...kept,
            ...provided,
          });
          if (!check.ok) throw invalidConfig(plugin, check.issues);
          const write: InstallationWrite = {
            tenantId: authed.tenantId,
            id,
            pluginKey: plugin.key,
            kind: plugin.kind,
            config: publicPart(plugin, check.config),
            ...sealSecrets(secretBox, authed.tenantId, id, secretPart(plugin, check.config)),
            pluginVersion: plugin.version,
            actorId: actorId(authed.actor),
          };
          if (existing) await updateInstallationConfig(tx, write);
          else await insertInstallation(tx, write);
          await recordAudit(tx, authed, {
            action: 'plugin.configured',
            targetType: TARGET,
            targetId: id,
            before: existing ? { plugin: plugin.key, ...auditState(existing) } : null,
            after: {
              plugin: plugin.key,
              ...auditState({ ...write, status: existing?.status ?? 'disabled' }),
              // Names only: which secrets this save replaced or removed.
              secretsChanged: plugin.secretFields.filter((field) => Object.hasOwn(given, field)),
            },
          });
          return detail(tx, plugin, id);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw installationConflict(plugin);
        throw error;
      }
    },

    enable: (ctx: RequestContext, key: string) => changeStatus(ctx, key, 'enabled'),
    disable: (ctx: RequestContext, key: string) => changeStatus(ctx, key, 'disabled'),

    /**
     * Builds the adapter from the saved settings (enabled or not) and asks it to reach its
     * vendor. Whatever goes wrong is the answer (ok: false and why), never an error response.
     */
    async testConnection(ctx: RequestContext, key: string): Promise<ConnectionCheckView> {
      const authed = authorize(ctx, 'plugins.manage');
      const plugin = pluginOf(key);
      const row = await db.withTenant(authed, (tx) => selectInstallationByKey(tx, plugin.key));
      if (!row) throw pluginNotConfigured(plugin);
      try {
        const { adapter } = await runtime.adapterOfInstallation(authed.tenantId, row);
        return boundedCheck(await adapter.testConnection());
      } catch (error) {
        if (error instanceof AppError)
          return { ok: false, message: error.message, details: { code: error.code } };
        host.logger.error({ err: error, plugin: plugin.key }, 'plugin connection test failed');
        return {
          ok: false,
          message: `Testing ${plugin.name} failed unexpectedly; it has been logged.`,
          details: { code: 'plugin.failed' },
        };
      }
    },
  };
}
