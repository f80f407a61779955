import { isRecord, readJson, writeJson } from './local-json.ts';

// Per-till preferences a manager sets in Settings.

export interface QuickKey {
  readonly variantId: string;
  readonly label: string;
}

export interface Preferences {
  /** Minutes without a touch or key press before the screen locks; 0 never. */
  readonly autoLockMinutes: number;
  readonly quickKeys: readonly QuickKey[];
}

export const DEFAULT_PREFERENCES: Preferences = { autoLockMinutes: 5, quickKeys: [] };
export const MAX_QUICK_KEYS = 12;

const KEY = 'tillpoint.register.preferences';

function isPreferences(value: unknown): value is Preferences {
  return (
    isRecord(value) &&
    typeof value.autoLockMinutes === 'number' &&
    Array.isArray(value.quickKeys) &&
    value.quickKeys.every(
      (key) => isRecord(key) && typeof key.variantId === 'string' && typeof key.label === 'string',
    )
  );
}

export function loadPreferences(storage: Storage = localStorage): Preferences {
  return readJson(KEY, isPreferences, storage) ?? DEFAULT_PREFERENCES;
}

export function savePreferences(preferences: Preferences, storage: Storage = localStorage): void {
  writeJson(KEY, preferences, storage);
}

/** Adds a key once (at the end), or removes it when present; at most MAX_QUICK_KEYS. */
export function toggleQuickKey(preferences: Preferences, key: QuickKey): Preferences {
  const present = preferences.quickKeys.some((entry) => entry.variantId === key.variantId);
  const quickKeys = present
    ? preferences.quickKeys.filter((entry) => entry.variantId !== key.variantId)
    : [...preferences.quickKeys, key].slice(0, MAX_QUICK_KEYS);
  return { ...preferences, quickKeys };
}
