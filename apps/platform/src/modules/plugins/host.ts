import type { AnyPlugin } from '@tillpoint/plugin-sdk';
import type { FastifyBaseLogger } from 'fastify';
import type { PlatformConfig } from '../../config.ts';
import { resolvePluginSecretKeys } from '../../lib/plugin-secret-keys.ts';
import { createSecretBox, type SecretBox } from '../../lib/secret-box.ts';
import { createPluginRegistry, type PluginRegistry } from './registry.ts';

/** What the plugin host needs besides the database: set up once at boot. */
export interface PluginHost {
  readonly registry: PluginRegistry;
  readonly secretBox: SecretBox;
  /** The time limit of every plugin call and of each of its outbound HTTP requests. */
  readonly timeoutMs: number;
  /** Base of the webhook URLs vendors are given. */
  readonly publicUrl: string;
  readonly logger: FastifyBaseLogger;
}

export async function createPluginHost(options: {
  readonly config: PlatformConfig;
  readonly plugins: readonly AnyPlugin[];
  readonly logger: FastifyBaseLogger;
}): Promise<PluginHost> {
  const { config } = options;
  const keys = await resolvePluginSecretKeys(config.pluginSecretsKeys, config.dataDir);
  return {
    registry: createPluginRegistry(options.plugins),
    secretBox: createSecretBox(keys),
    timeoutMs: config.pluginTimeoutMs,
    publicUrl: config.publicUrl.replace(/\/+$/, ''),
    logger: options.logger,
  };
}
