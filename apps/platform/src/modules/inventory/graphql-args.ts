import { isUuid } from '@tillpoint/db';
import { notFound } from '../../errors.ts';

/**
 * GraphQL IDs are free text (REST paths are schema-checked as UUIDs); a malformed one names
 * nothing, so it is "not found" rather than a database error.
 */
export function uuidArg(what: string, value: string): string {
  if (!isUuid(value)) throw notFound(what, value);
  return value;
}

export function optionalUuidArg(what: string, value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : uuidArg(what, value);
}

export function limitArg(value: number): number {
  return Math.min(Math.max(Math.trunc(value), 1), 200);
}
