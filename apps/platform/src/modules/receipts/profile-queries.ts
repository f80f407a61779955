import { sql, type Tx } from '@tillpoint/db';

// What the receipt profile of a register reads beyond the issuer (issuer.ts): the register's
// store, the names of the business's tax rates and its enabled printer plugin's settings.

export interface ProfileRegisterRow {
  readonly id: string;
  readonly storeId: string;
}

export function selectProfileRegister(tx: Tx, registerId: string) {
  return tx.maybeOne<ProfileRegisterRow>(
    sql`select id, store_id as "storeId" from registers where id = ${registerId}`,
  );
}

/**
 * Every rate, archived ones too: a register prices with the tax table it last cached, which may
 * still name a rate archived since, and the server prints stored sales with that rate's name.
 */
export function selectAllTaxRateNames(tx: Tx) {
  return tx.query<{ id: string; name: string }>(sql`select id, name from tax_rates order by id`);
}

export interface EnabledPrinterRow {
  readonly pluginKey: string;
  readonly pluginVersion: string;
  /** Only the plain settings: secret fields are sealed in another column, never read here. */
  readonly config: Record<string, unknown>;
  readonly secretFields: string[];
}

export function selectEnabledPrinter(tx: Tx) {
  return tx.maybeOne<EnabledPrinterRow>(sql`select plugin_key as "pluginKey",
      plugin_version as "pluginVersion", config, secret_fields as "secretFields"
    from plugin_installations where kind = 'printer' and status = 'enabled'`);
}
