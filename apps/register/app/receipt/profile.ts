import { ok, type paths } from '@tillpoint/api-client';
import type { Api } from '../device/api.ts';
import { isRecord, readJson, writeJson } from '../device/local-json.ts';

// The register's receipt profile (GET /registers/{id}/receipt-profile): the store block, locale,
// time zone, tax rate names and the printer plugin's rendering settings. Kept in localStorage so
// a register that goes offline, or is reloaded offline, still prints what it sells.

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

export type ReceiptProfile = Json<
  paths['/api/v1/registers/{id}/receipt-profile']['get']['responses'][200]
>;
export type ProfilePrinter = NonNullable<ReceiptProfile['printer']>;

const KEY = 'tillpoint.register.receiptProfile';

function isProfile(value: unknown): value is ReceiptProfile {
  return (
    isRecord(value) &&
    typeof value.registerId === 'string' &&
    isRecord(value.store) &&
    typeof value.locale === 'string' &&
    typeof value.timeZone === 'string' &&
    Array.isArray(value.taxRates) &&
    (value.printer === null || isRecord(value.printer))
  );
}

/** The cached profile of this register; null when never fetched or it was another register's. */
export function loadReceiptProfile(
  registerId: string,
  storage: Storage = localStorage,
): ReceiptProfile | null {
  const profile = readJson(KEY, isProfile, storage);
  return profile?.registerId === registerId ? profile : null;
}

export function saveReceiptProfile(profile: ReceiptProfile, storage: Storage = localStorage) {
  writeJson(KEY, profile, storage);
}

export function clearReceiptProfile(storage: Storage = localStorage): void {
  storage.removeItem(KEY);
}

export async function fetchReceiptProfile(api: Api, registerId: string): Promise<ReceiptProfile> {
  return ok(
    api.GET('/api/v1/registers/{id}/receipt-profile', { params: { path: { id: registerId } } }),
  );
}

/** Fetches and caches the profile; a failure keeps the cached one (the register may be offline). */
export async function refreshReceiptProfile(
  api: Api,
  registerId: string,
  storage: Storage = localStorage,
): Promise<ReceiptProfile | null> {
  try {
    const profile = await fetchReceiptProfile(api, registerId);
    saveReceiptProfile(profile, storage);
    return profile;
  } catch {
    return loadReceiptProfile(registerId, storage);
  }
}
