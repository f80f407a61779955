import { isUuid } from '@tillpoint/db';
import { invalidCursor } from './errors.ts';

// Cursors are opaque to clients (base64url JSON) so their contents can change without breaking
// anyone. Each names the order it continues, and a cursor from another order is refused.

export type Cursor =
  /** Delta feed: after this (transaction id, variant id). */
  | { readonly by: 'change'; readonly xid: string; readonly id: string }
  /** Product list by name. */
  | { readonly by: 'name'; readonly name: string; readonly id: string }
  /** Search by relevance; rank is PostgreSQL's real as text, so it round-trips exactly. */
  | { readonly by: 'rank'; readonly rank: string; readonly id: string };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function parse(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

// Checked here so a forged cursor is a client error, never a failed cast in the database.
function isXid8(text: string): boolean {
  return /^[0-9]{1,20}$/.test(text) && BigInt(text) < 2n ** 64n;
}

function isRank(text: string): boolean {
  const rank = Number(text);
  return /^[0-9][0-9.e-]{0,19}$/.test(text) && Number.isFinite(rank) && rank >= 0 && rank <= 1;
}

export function decodeCursor<By extends Cursor['by']>(
  text: string,
  by: By,
): Extract<Cursor, { by: By }> {
  const value = parse(text);
  if (!value || value.by !== by || typeof value.id !== 'string' || !isUuid(value.id))
    throw invalidCursor();
  const ok =
    (by === 'change' && typeof value.xid === 'string' && isXid8(value.xid)) ||
    (by === 'name' && typeof value.name === 'string' && value.name.length <= 200) ||
    (by === 'rank' && typeof value.rank === 'string' && isRank(value.rank));
  if (!ok) throw invalidCursor();
  return value as Extract<Cursor, { by: By }>;
}
