import { sql, type Tx } from '@tillpoint/db';
import { assertUnitQuantity, fromMilli, QuantityError, toMilli } from '@tillpoint/domain';
import type { Actor, ServiceContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { actorHasPermission, canAccessStore } from '../identity/authorize.ts';

// Checks shared by the stock documents (counts, transfers, purchase orders): quantities from the
// API, the items on a document, and the stores it names. All run before anything is written, so a
// refused request leaves no trace.

export interface LineQuantity {
  readonly variantId: string;
  readonly quantity: number;
}

export interface MilliLine {
  readonly variantId: string;
  readonly milli: number;
}

function translated<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof QuantityError) throw new AppError(error.code, error.message);
    throw error;
  }
}

/** API quantity -> thousandths; refuses NaN, more than 3 decimals and absurd sizes. */
export function quantityToMilli(quantity: number): number {
  return translated(() => toMilli(quantity));
}

/** Moved, ordered and received quantities: strictly positive. */
export function positiveMilli(line: LineQuantity): number {
  const milli = quantityToMilli(line.quantity);
  if (milli === 0)
    throw new AppError(
      'inventory.zero_quantity',
      'A quantity cannot be zero; leave the line out.',
      {
        variantId: line.variantId,
      },
    );
  if (milli < 0)
    throw new AppError('inventory.invalid_quantity', 'Quantities must be greater than zero.', {
      variantId: line.variantId,
    });
  return milli;
}

/** Counted quantities: zero is a real answer ("none on the shelf"), negative is not. */
export function countedMilli(line: LineQuantity): number {
  const milli = quantityToMilli(line.quantity);
  if (milli < 0)
    throw new AppError('inventory.invalid_quantity', 'A counted quantity cannot be negative.', {
      variantId: line.variantId,
    });
  return milli;
}

/** One line per item: a repeated item is almost always a double scan, so it is refused. */
export function assertDistinctItems(lines: readonly { variantId: string }[]): void {
  const seen = new Set<string>();
  for (const line of lines) {
    if (seen.has(line.variantId))
      throw new AppError(
        'inventory.duplicate_line',
        'The same item appears on two lines; combine them into one.',
        { variantId: line.variantId },
      );
    seen.add(line.variantId);
  }
}

interface ItemFacts {
  id: string;
  trackStock: boolean;
  unit: 'each' | 'weight';
}

/**
 * Every item exists in this tenant (RLS hides the others, so they are "not found"), has its stock
 * tracked, and the quantity fits its unit (whole numbers for items counted in units).
 */
export async function assertStockItems(tx: Tx, lines: readonly MilliLine[]): Promise<void> {
  if (lines.length === 0) return;
  const ids = [...new Set(lines.map((line) => line.variantId))];
  const rows = await tx.query<ItemFacts>(sql`select v.id, p.track_stock as "trackStock", p.unit
    from variants v join products p on p.tenant_id = v.tenant_id and p.id = v.product_id
    where v.id = any(${ids}::uuid[])`);
  const facts = new Map(rows.map((row) => [row.id, row]));
  for (const line of lines) {
    const item = facts.get(line.variantId);
    if (!item) throw notFound('variant', line.variantId);
    if (!item.trackStock)
      throw new AppError(
        'inventory.not_tracked',
        'Stock is not tracked for this item; turn tracking on first.',
        { variantId: line.variantId },
      );
    translated(() => assertUnitQuantity(line.milli, item.unit));
  }
}

export interface OpenStore {
  readonly id: string;
  readonly currency: string;
}

/** A store of this tenant that is still trading: archived stores take no new stock documents. */
export async function openStore(tx: Tx, storeId: string): Promise<OpenStore> {
  const store = await tx.maybeOne<{ id: string; currency: string; archived: boolean }>(
    sql`select id, currency, archived_at is not null as archived from stores where id = ${storeId}`,
  );
  if (!store) throw notFound('store', storeId);
  if (store.archived)
    throw new AppError('store.archived', 'This store is archived; it takes no stock documents.', {
      storeId,
    });
  return { id: store.id, currency: store.currency };
}

/** For documents already loaded: the permission was checked, now the store assignment. */
export function assertStoreAccess(actor: Actor, storeId: string): void {
  if (!canAccessStore(actor, storeId))
    throw new AppError('auth.store_forbidden', 'You are not assigned to this store.', { storeId });
}

/** Readers see a two-store document (a transfer) when they work in either store. */
export function assertEitherStoreAccess(actor: Actor, storeIds: readonly string[]): void {
  const [first = ''] = storeIds;
  if (!storeIds.some((storeId) => canAccessStore(actor, storeId)))
    throw new AppError('auth.store_forbidden', 'You are not assigned to either store.', {
      storeId: first,
    });
}

/**
 * Receiving more than was sent or ordered happens (a supplier ships 13 of 12) but needs someone
 * allowed to accept it. Same code as every missing permission, so clients handle it alike; the
 * details say which line and by how much.
 */
export function assertMayReceiveOver(
  ctx: ServiceContext,
  line: { variantId: string; expectedMilli: number; receivingMilli: number },
): void {
  if (actorHasPermission(ctx.actor, 'inventory.receive_over')) return;
  throw new AppError(
    'auth.forbidden',
    `Receiving ${fromMilli(line.receivingMilli)} is more than the ${fromMilli(line.expectedMilli)} still expected for this item; only someone with permission "inventory.receive_over" can accept extra stock.`,
    {
      permission: 'inventory.receive_over',
      variantId: line.variantId,
      expected: fromMilli(line.expectedMilli),
      receiving: fromMilli(line.receivingMilli),
    },
  );
}
