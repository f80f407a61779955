import { hasStrings, isRecord, readJson, writeJson } from '../device/local-json.ts';

// The bridge this register is paired with (its address and the token it issued).

export interface BridgePairing {
  readonly url: string;
  readonly token: string;
  readonly registerId: string;
  readonly pairedAt: string;
}

const KEY = 'tillpoint.register.bridge';

function isBridgePairing(value: unknown): value is BridgePairing {
  return isRecord(value) && hasStrings(value, ['url', 'token', 'registerId', 'pairedAt']);
}

export function loadBridge(storage: Storage = localStorage): BridgePairing | null {
  return readJson(KEY, isBridgePairing, storage);
}

export function saveBridge(pairing: BridgePairing, storage: Storage = localStorage): void {
  writeJson(KEY, pairing, storage);
}

export function clearBridge(storage: Storage = localStorage): void {
  storage.removeItem(KEY);
}
