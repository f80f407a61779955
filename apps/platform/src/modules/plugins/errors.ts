import type { AnyPlugin } from '@tillpoint/plugin-sdk';
import { AppError } from '../../errors.ts';
import type { ConfigIssue } from './plugin-config.ts';

// The refusals of the plugin admin, with the codes clients branch on.

export function pluginNotFound(key: string): AppError {
  return new AppError(
    'plugin.not_found',
    `No plugin "${key}" on this server; GET /api/v1/plugins lists the plugins available.`,
    { plugin: key },
  );
}

export function pluginNotConfigured(plugin: AnyPlugin): AppError {
  return new AppError(
    'plugin.not_configured',
    `${plugin.name} has no settings yet; save them first (PUT /api/v1/plugins/${plugin.key}/installation).`,
    { plugin: plugin.key },
  );
}

export function kindAlreadyEnabled(plugin: AnyPlugin, enabledKey: string): AppError {
  return new AppError(
    'plugin.kind_already_enabled',
    `${enabledKey} is the enabled ${plugin.kind} plugin; disable it before enabling ${plugin.name}.`,
    { plugin: plugin.key, kind: plugin.kind, enabledPlugin: enabledKey },
  );
}

export function invalidConfig(plugin: AnyPlugin, issues: readonly ConfigIssue[]): AppError {
  const summary = issues
    .slice(0, 5)
    .map(
      (issue) =>
        `${issue.path.replace(/^\//, '').replace(/\//g, '.') || 'config'} ${issue.message}`,
    )
    .join('; ');
  return new AppError(
    'plugin.invalid_config',
    `These settings do not fit ${plugin.name}: ${summary}. Correct them and save again.`,
    { plugin: plugin.key, issues },
  );
}

export function installationConflict(plugin: AnyPlugin): AppError {
  return new AppError(
    'plugin_installation.conflict',
    `The settings of ${plugin.name} were changed at the same moment by someone else; reload and try again.`,
    { plugin: plugin.key },
  );
}
