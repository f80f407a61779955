import type { AnyPlugin } from '@tillpoint/plugin-sdk';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

// A tenant's plugin configuration is checked against the plugin's own JSON schema (the schema the
// admin app draws its form from), then split: secret fields go into the sealed blob, the rest is
// stored and shown as is.

export type PluginConfig = Readonly<Record<string, unknown>>;

export interface ConfigIssue {
  /** JSON pointer into the configuration ("" for the object itself). */
  readonly path: string;
  readonly message: string;
}

export type ConfigCheck =
  | { readonly ok: true; readonly config: PluginConfig }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

export type ConfigValidator = (config: PluginConfig) => ConfigCheck;

// Every problem at once (the admin form marks each field), defaults filled in, no coercion.
const ajv = new Ajv({ allErrors: true, useDefaults: true, coerceTypes: false, strict: false });
addFormats.default(ajv);

/** Compiles once at boot, so a plugin with a broken schema stops the start, not a save. */
export function compileConfigSchema(plugin: AnyPlugin): ConfigValidator {
  let validate: ReturnType<typeof ajv.compile>;
  try {
    validate = ajv.compile(plugin.configSchema);
  } catch (error) {
    throw new Error(`Plugin ${plugin.key} has an invalid configSchema: ${String(error)}`);
  }
  return (config) => {
    // Defaults are written into the value checked; never into the caller's object.
    const candidate = structuredClone(config) as Record<string, unknown>;
    if (validate(candidate)) return { ok: true, config: candidate };
    return { ok: false, issues: (validate.errors ?? []).map(issueOf) };
  };
}

// Messages name the rule, never the value, so a mistyped secret is not echoed back.
function issueOf(error: ErrorObject): ConfigIssue {
  const path =
    error.keyword === 'required'
      ? `${error.instancePath}/${String(error.params.missingProperty)}`
      : error.keyword === 'additionalProperties'
        ? `${error.instancePath}/${String(error.params.additionalProperty)}`
        : error.instancePath;
  const message =
    error.keyword === 'additionalProperties' ? 'is not a known setting' : (error.message ?? '');
  return { path, message: message || 'is invalid' };
}

/** The configuration without its secret fields (what is stored in clear and shown). */
export function publicPart(plugin: AnyPlugin, config: PluginConfig): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).filter(([field]) => !plugin.secretFields.includes(field)),
  );
}

/** Only the secret fields that have a value. */
export function secretPart(plugin: AnyPlugin, config: PluginConfig): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).filter(
      ([field, value]) => plugin.secretFields.includes(field) && value !== undefined,
    ),
  );
}
