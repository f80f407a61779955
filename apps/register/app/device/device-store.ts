import { hasStrings, isRecord, readJson, writeJson } from './local-json.ts';

// What pairing gave this browser: the device token and where the register stands. Kept in
// localStorage so the register starts without the network; the token is the device's only
// credential, so unpairing removes it.

export interface DevicePairing {
  readonly deviceToken: string;
  readonly deviceId: string;
  readonly registerId: string;
  readonly registerName: string;
  readonly storeId: string;
  readonly storeName: string;
  readonly tenantId: string;
  readonly tenantName: string;
  /** ISO 4217; null until the first catalog sync brought the tenant's sales settings. */
  readonly currency: string | null;
  readonly pairedAt: string;
}

const KEY = 'tillpoint.register.device';
const FIELDS = [
  'deviceToken',
  'deviceId',
  'registerId',
  'registerName',
  'storeId',
  'storeName',
  'tenantId',
  'tenantName',
  'pairedAt',
] as const;

function isPairing(value: unknown): value is DevicePairing {
  return (
    isRecord(value) &&
    hasStrings(value, FIELDS) &&
    (value.currency === null || typeof value.currency === 'string')
  );
}

export function loadDevice(storage: Storage = localStorage): DevicePairing | null {
  return readJson(KEY, isPairing, storage);
}

export function saveDevice(device: DevicePairing, storage: Storage = localStorage): void {
  writeJson(KEY, device, storage);
}

export function clearDevice(storage: Storage = localStorage): void {
  storage.removeItem(KEY);
}
