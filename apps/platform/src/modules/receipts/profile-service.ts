import type { Database } from '@tillpoint/db';
import { deviceOf, type RequestContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { authorize, canAccessStore } from '../identity/authorize.ts';
import { loadIssuer } from './issuer.ts';
import {
  type EnabledPrinterRow,
  selectAllTaxRateNames,
  selectEnabledPrinter,
  selectProfileRegister,
} from './profile-queries.ts';
import type { ReceiptProfileView } from './profile-schemas.ts';

// The receipt profile of a register: what it needs to print a receipt without the platform. Read
// like the register's other offline caches (catalog.read, which a paired device holds before any
// cashier signs in), by the register itself only: a till has no business with another till's
// settings, and staff outside the register's store have none either.

/** The plugin's plain settings, with anything it declares secret left out, whatever is stored. */
export function publicSettings(row: EnabledPrinterRow): Record<string, unknown> {
  const secret = new Set(row.secretFields);
  return Object.fromEntries(Object.entries(row.config).filter(([key]) => !secret.has(key)));
}

export async function loadReceiptProfile(
  db: Database,
  ctx: RequestContext,
  registerId: string,
): Promise<ReceiptProfileView> {
  const authed = authorize(ctx, 'catalog.read');
  const device = deviceOf(authed.actor);
  if (device && device.registerId !== registerId)
    throw new AppError(
      // auth.forbidden (403) rather than a code of its own: no role may read another till's.
      'auth.forbidden',
      'A register reads its own receipt settings only; this device is paired with another one.',
      { registerId, pairedRegisterId: device.registerId },
    );
  return db.withTenant(authed, async (tx) => {
    const register = await selectProfileRegister(tx, registerId);
    if (!register) throw notFound('register', registerId);
    if (!canAccessStore(authed.actor, register.storeId))
      throw new AppError('auth.store_forbidden', 'You are not assigned to this store.', {
        storeId: register.storeId,
      });
    const issuer = await loadIssuer(tx, register.storeId, register.id);
    const printer = await selectEnabledPrinter(tx);
    return {
      registerId: register.id,
      storeId: register.storeId,
      store: { ...issuer.store, addressLines: [...issuer.store.addressLines] },
      registerName: issuer.registerName,
      locale: issuer.locale,
      timeZone: issuer.timeZone,
      headerLines: [...issuer.headerLines],
      footerLines: [...issuer.footerLines],
      taxRates: await selectAllTaxRateNames(tx),
      printer: printer
        ? {
            plugin: printer.pluginKey,
            version: printer.pluginVersion,
            settings: publicSettings(printer),
          }
        : null,
    };
  });
}
