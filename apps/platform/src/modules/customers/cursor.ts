import { isUuid } from '@tillpoint/db';
import { AppError } from '../../errors.ts';

// Page cursors are opaque to clients (base64url JSON), so what they hold can change without
// breaking anyone. A forged or mangled one is a client error here, never a failed cast in SQL.

/** Customer lists: after (lower-case name, id) among exact (tier 0) or similar (1) matches. */
export interface CustomerCursor {
  readonly tier: 0 | 1;
  readonly name: string;
  readonly id: string;
}

/** Purchase history: before (occurred at, id). */
export interface PurchaseCursor {
  readonly at: string;
  readonly id: string;
}

function invalidCursor(): AppError {
  return new AppError(
    'customer.invalid_cursor',
    'This page cursor is not valid; start again from the first page.',
  );
}

export function encodeCursor(value: CustomerCursor | PurchaseCursor): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function parse(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // falls through to the refusal
  }
  throw invalidCursor();
}

export function decodeCustomerCursor(text: string): CustomerCursor {
  const { tier, name, id } = parse(text);
  if (
    (tier !== 0 && tier !== 1) ||
    typeof name !== 'string' ||
    name.length > 200 ||
    typeof id !== 'string' ||
    !isUuid(id)
  )
    throw invalidCursor();
  return { tier, name, id };
}

export function decodePurchaseCursor(text: string): PurchaseCursor {
  const { at, id } = parse(text);
  if (
    typeof at !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T[0-9:.]+(Z|[+-]\d{2}:\d{2})$/.test(at) ||
    Number.isNaN(Date.parse(at)) ||
    typeof id !== 'string' ||
    !isUuid(id)
  )
    throw invalidCursor();
  return { at, id };
}
