import { type Static, Type } from 'typebox';
import { Closed, Nullable, Timestamp, Uuid } from '../../http/schemas.ts';

// Plugins as the back office sees them: what this server offers, and this business's
// installation of each. Secret settings are write-only: answers say whether each is set, never
// what it is.

const Kind = Type.Enum(['payment', 'printer', 'accounting']);
const Status = Type.Enum(['enabled', 'disabled']);
const JsonObject = Type.Record(Type.String(), Type.Unknown());

export const PluginParams = Closed({
  // Unknown keys are "not found" (plugin.not_found), not a validation error.
  key: Type.String({ minLength: 1, maxLength: 100, description: 'e.g. payment-stripe' }),
});

export const InstallationSummary = Closed({
  id: Uuid,
  status: Status,
  pluginVersion: Type.String({ description: 'Plugin version that last accepted the settings' }),
  enabledAt: Nullable(Timestamp),
  updatedAt: Timestamp,
});
export type InstallationSummaryView = Static<typeof InstallationSummary>;

const pluginFields = {
  key: Type.String(),
  kind: Kind,
  name: Type.String(),
  description: Type.String(),
  version: Type.String(),
  configSchema: Type.Record(Type.String(), Type.Unknown(), {
    description: 'JSON Schema of the settings (draw the settings form from it)',
  }),
  secretFields: Type.Array(Type.String(), {
    description: 'Settings kept encrypted and never shown again once saved',
  }),
};

export const PluginSummary = Closed({
  ...pluginFields,
  installation: Nullable(InstallationSummary),
});
export type PluginSummaryView = Static<typeof PluginSummary>;

export const PluginList = Closed({ plugins: Type.Array(PluginSummary) });

export const InstallationDetail = Closed({
  id: Uuid,
  status: Status,
  config: Type.Record(Type.String(), Type.Unknown(), {
    description: 'The saved settings without the secret ones',
  }),
  secrets: Type.Record(Type.String(), Closed({ set: Type.Boolean() }), {
    description: 'For each secret setting, whether a value is saved',
  }),
  pluginVersion: Type.String(),
  webhookUrl: Nullable(
    Type.String({
      description: "Give this URL to the vendor's webhook settings (payment plugins)",
    }),
  ),
  enabledBy: Nullable(Uuid),
  enabledAt: Nullable(Timestamp),
  updatedBy: Nullable(Uuid),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type InstallationDetailView = Static<typeof InstallationDetail>;

export const PluginDetail = Closed({ ...pluginFields, installation: Nullable(InstallationDetail) });
export type PluginDetailView = Static<typeof PluginDetail>;

export const ConfigureBody = Closed({
  config: Type.Record(Type.String(), Type.Unknown(), {
    description:
      'All settings, checked against configSchema. A secret setting left out keeps its saved ' +
      'value; null removes it.',
  }),
});
export type ConfigureInput = Static<typeof ConfigureBody>;

export const ConnectionCheck = Closed({
  ok: Type.Boolean(),
  message: Type.String({ description: 'One sentence for the shop owner' }),
  details: Type.Optional(JsonObject),
});
export type ConnectionCheckView = Static<typeof ConnectionCheck>;

export const CardReaderBody = Closed({
  readerId: Nullable(
    Type.String({
      pattern: '^[\\x21-\\x7e]{1,100}$',
      description: "The reader's id at the payment processor (e.g. tmr_…); null: none",
    }),
  ),
});
export type CardReaderInput = Static<typeof CardReaderBody>;

export const CardReader = Closed({
  registerId: Uuid,
  storeId: Uuid,
  cardReaderId: Nullable(Type.String()),
});
export type CardReaderView = Static<typeof CardReader>;
