import type { Static, TObject } from 'typebox';
import type { AccountingAdapter } from './accounting.ts';
import type { PluginContext } from './context.ts';
import type { PaymentAdapter } from './payment.ts';
import type { PrinterAdapter } from './printer.ts';

export const PLUGIN_KINDS = ['payment', 'printer', 'accounting'] as const;
export type PluginKind = (typeof PLUGIN_KINDS)[number];

export interface AdapterByKind {
  payment: PaymentAdapter;
  printer: PrinterAdapter;
  accounting: AccountingAdapter;
}

export interface PluginDefinition<K extends PluginKind, S extends TObject> {
  /** <kind>-<vendor>, lower case: also the webhook path segment /plugins/<key>/... */
  readonly key: string;
  readonly kind: K;
  /** Semantic version of the plugin package. */
  readonly version: string;
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the tenant's configuration; served to the admin app to draw its form. */
  readonly configSchema: S;
  /** Config properties encrypted at rest and never returned by any API. */
  readonly secretFields: readonly (keyof Static<S> & string)[];
  /** Builds the adapter for one tenant. Called with configuration already checked by the schema. */
  create(ctx: PluginContext, config: Static<S>): AdapterByKind[K];
}

/**
 * A registered plugin as the host holds it: the configuration type is erased because the host
 * only ever passes configuration its schema has accepted.
 */
export interface Plugin<K extends PluginKind = PluginKind> {
  readonly key: string;
  readonly kind: K;
  readonly version: string;
  readonly name: string;
  readonly description: string;
  readonly configSchema: TObject;
  readonly secretFields: readonly string[];
  create(ctx: PluginContext, config: Readonly<Record<string, unknown>>): AdapterByKind[K];
}

export type AnyPlugin = Plugin<'payment'> | Plugin<'printer'> | Plugin<'accounting'>;

const KEY = /^(payment|printer|accounting)-[a-z0-9]+(-[a-z0-9]+)*$/;
const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** Checks a definition once, at import time, so a broken plugin stops the boot, not a sale. */
export function definePlugin<K extends PluginKind, S extends TObject>(
  definition: PluginDefinition<K, S>,
): Plugin<K> {
  const problems: string[] = [];
  if (!KEY.test(definition.key) || definition.key.length > 60)
    problems.push(`key "${definition.key}" must look like <kind>-<vendor> in lower case`);
  else if (!definition.key.startsWith(`${definition.kind}-`))
    problems.push(`key "${definition.key}" must start with its kind "${definition.kind}-"`);
  if (!SEMVER.test(definition.version))
    problems.push(`version "${definition.version}" is not a semantic version`);
  if (definition.configSchema.type !== 'object')
    problems.push('configSchema must describe an object');
  const properties = Object.keys(definition.configSchema.properties ?? {});
  for (const field of definition.secretFields) {
    if (!properties.includes(field))
      problems.push(`secret field "${field}" is not a property of configSchema`);
  }
  if (problems.length > 0)
    throw new Error(`Plugin ${definition.key} is invalid:\n  - ${problems.join('\n  - ')}`);
  return {
    key: definition.key,
    kind: definition.kind,
    version: definition.version,
    name: definition.name,
    description: definition.description,
    configSchema: definition.configSchema,
    secretFields: [...definition.secretFields],
    // The host validates configuration against configSchema before calling create.
    create: (ctx, config) => definition.create(ctx, config as Static<S>),
  };
}

export function isPluginOfKind<K extends PluginKind>(
  plugin: AnyPlugin,
  kind: K,
): plugin is Plugin<K> & AnyPlugin {
  return plugin.kind === kind;
}
