// localStorage as typed JSON. A value that no longer parses (an older app wrote it, a person
// edited it) reads as absent instead of breaking the register's start.

export function readJson<T>(
  key: string,
  isValid: (value: unknown) => value is T,
  storage: Storage = localStorage,
): T | null {
  const text = storage.getItem(key);
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return isValid(value) ? value : null;
  } catch {
    return null;
  }
}

export function writeJson(key: string, value: unknown, storage: Storage = localStorage): void {
  storage.setItem(key, JSON.stringify(value));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every named field is a string. */
export function hasStrings(value: Record<string, unknown>, fields: readonly string[]): boolean {
  return fields.every((field) => typeof value[field] === 'string');
}
