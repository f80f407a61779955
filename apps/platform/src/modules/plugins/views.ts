import type { AnyPlugin } from '@tillpoint/plugin-sdk';
import { webhookUrlOf } from './plugin-context.ts';
import type { InstallationRow } from './queries.ts';
import type {
  InstallationDetailView,
  InstallationSummaryView,
  PluginDetailView,
  PluginSummaryView,
} from './schemas.ts';

// Answers are built from the stored row only: secrets stay sealed and are reported as set or not.

function describePlugin(plugin: AnyPlugin) {
  return {
    key: plugin.key,
    kind: plugin.kind,
    name: plugin.name,
    description: plugin.description,
    version: plugin.version,
    // A plain JSON copy: the schema object itself carries builder metadata.
    configSchema: JSON.parse(JSON.stringify(plugin.configSchema)) as Record<string, unknown>,
    secretFields: [...plugin.secretFields],
  };
}

function installationSummary(row: InstallationRow): InstallationSummaryView {
  return {
    id: row.id,
    status: row.status,
    pluginVersion: row.pluginVersion,
    enabledAt: row.enabledAt,
    updatedAt: row.updatedAt,
  };
}

/** Which secret fields have a value (names are stored next to the sealed blob, values inside). */
function secretFlags(plugin: AnyPlugin, row: InstallationRow): Record<string, { set: boolean }> {
  return Object.fromEntries(
    plugin.secretFields.map((field) => [field, { set: row.secretFields.includes(field) }]),
  );
}

function installationDetail(
  plugin: AnyPlugin,
  row: InstallationRow,
  publicUrl: string,
): InstallationDetailView {
  return {
    id: row.id,
    status: row.status,
    config: row.config,
    secrets: secretFlags(plugin, row),
    pluginVersion: row.pluginVersion,
    webhookUrl: plugin.kind === 'payment' ? webhookUrlOf(publicUrl, plugin.key, row.id) : null,
    enabledBy: row.enabledBy,
    enabledAt: row.enabledAt,
    updatedBy: row.updatedBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function pluginSummary(plugin: AnyPlugin, row: InstallationRow | null): PluginSummaryView {
  return { ...describePlugin(plugin), installation: row ? installationSummary(row) : null };
}

export function pluginDetail(
  plugin: AnyPlugin,
  row: InstallationRow | null,
  publicUrl: string,
): PluginDetailView {
  return {
    ...describePlugin(plugin),
    installation: row ? installationDetail(plugin, row, publicUrl) : null,
  };
}
