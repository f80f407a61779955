import { type Static, Type } from 'typebox';
import { Closed, Nullable, Uuid } from '../../http/schemas.ts';

// GET /registers/{id}/receipt-profile: everything a register needs to build and print a receipt
// by itself (a sale made offline, or any sale while the platform is out of reach). It describes
// how receipts of this register look, never what a sale contained.

const ProfileStore = Closed({
  name: Type.String(),
  addressLines: Type.Array(Type.String()),
  phone: Nullable(Type.String()),
  taxNumber: Nullable(Type.String()),
});

const ProfileTaxRate = Closed({
  id: Uuid,
  name: Type.String({ description: 'What the receipt prints for this rate' }),
});

const ProfilePrinter = Closed(
  {
    plugin: Type.String({ description: 'The enabled printer plugin, e.g. printer-escpos' }),
    version: Type.String({ description: 'The plugin version the settings were saved with' }),
    settings: Type.Record(Type.String(), Type.Unknown(), {
      description:
        "The plugin's rendering settings (paper width, model, code page, receipt code...). " +
        'Never secrets: fields the plugin declares secret are left out.',
    }),
  },
  'The printer plugin a register renders with when it prints by itself',
);

export const ReceiptProfile = Closed({
  registerId: Uuid,
  storeId: Uuid,
  store: ProfileStore,
  registerName: Type.String(),
  locale: Type.String({ description: 'BCP 47, e.g. en-CA' }),
  timeZone: Type.String({ description: "The store's IANA zone" }),
  headerLines: Type.Array(Type.String()),
  footerLines: Type.Array(Type.String()),
  taxRates: Type.Array(ProfileTaxRate, {
    description: 'Names of every tax rate of the business, archived ones included',
  }),
  printer: Nullable(ProfilePrinter),
});
export type ReceiptProfileView = Static<typeof ReceiptProfile>;
