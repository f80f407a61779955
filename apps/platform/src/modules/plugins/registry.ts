import type { AnyPlugin } from '@tillpoint/plugin-sdk';
import {
  type ConfigCheck,
  type ConfigValidator,
  compileConfigSchema,
  type PluginConfig,
} from './plugin-config.ts';

/** The plugins this build carries, as registered at boot, with their compiled config schemas. */
export interface PluginRegistry {
  all(): readonly AnyPlugin[];
  get(key: string): AnyPlugin | undefined;
  /** The configuration check of a registered plugin. */
  validate(plugin: AnyPlugin, config: PluginConfig): ConfigCheck;
}

/** Refuses to boot with two plugins of one key: a tenant's installation must name exactly one. */
export function createPluginRegistry(plugins: readonly AnyPlugin[]): PluginRegistry {
  const byKey = new Map<string, { plugin: AnyPlugin; validate: ConfigValidator }>();
  for (const plugin of plugins) {
    if (byKey.has(plugin.key))
      throw new Error(
        `Two plugins are registered with the key "${plugin.key}"; keys must be unique.`,
      );
    byKey.set(plugin.key, { plugin, validate: compileConfigSchema(plugin) });
  }
  const ordered = [...plugins].sort(
    (a, b) => a.kind.localeCompare(b.kind) || a.key.localeCompare(b.key),
  );
  return {
    all: () => ordered,
    get: (key) => byKey.get(key)?.plugin,
    validate(plugin, config) {
      const entry = byKey.get(plugin.key);
      if (!entry) throw new Error(`Plugin ${plugin.key} is not registered.`);
      return entry.validate(config);
    },
  };
}
