// Helpers for the stock-operation tests: items with stock, extra stores, and checks made as the
// migration owner (no RLS, no application code) so a test sees what is really in the database.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { expect } from 'vitest';
import type { Caller } from '../../testing/index.ts';
import { refusalChecks, wholeRows } from '../../testing/refusals.ts';

export const api = (path: string) => `/api/v1${path}`;

/** A product with one variant; returns the variant id. */
export async function createItem(
  caller: Caller,
  options: { unit?: 'each' | 'weight'; trackStock?: boolean } = {},
): Promise<string> {
  const tag = randomBytes(4).toString('hex');
  const response = await caller.post<{ variants: { id: string }[] }>(api('/catalog/products'), {
    name: `Stock item ${tag}`,
    ...(options.unit ? { unit: options.unit } : {}),
    ...(options.trackStock === undefined ? {} : { trackStock: options.trackStock }),
    variants: [{ sku: `STK-${tag}`.toUpperCase(), priceMinor: 500, costMinor: 200 }],
  });
  const [variant] = response.body.variants ?? [];
  if (response.status !== 201 || !variant)
    throw new Error(`create product failed: ${JSON.stringify(response.body)}`);
  return variant.id;
}

export async function createStore(caller: Caller, name = 'Branch'): Promise<string> {
  const response = await caller.post<{ id: string }>(api('/stores'), {
    name: `${name} ${randomBytes(3).toString('hex')}`,
    timezone: 'America/Chicago',
  });
  if (response.status !== 201)
    throw new Error(`create store failed: ${JSON.stringify(response.body)}`);
  return response.body.id;
}

/** Puts stock on the shelf through the ordinary adjustment endpoint. */
export async function stockUp(
  caller: Caller,
  storeId: string,
  variantId: string,
  quantity: number,
): Promise<void> {
  const response = await caller.post(api(`/stores/${storeId}/stock-adjustments`), {
    lines: [{ variantId, quantity, reason: 'found' }],
  });
  if (response.status !== 201) throw new Error(`stock up failed: ${JSON.stringify(response.body)}`);
}

export async function onHand(
  owner: pg.Client,
  storeId: string,
  variantId: string,
): Promise<number> {
  const { rows } = await owner.query<{ milli: string }>(
    'select on_hand_milli as milli from stock_levels where store_id = $1 and variant_id = $2',
    [storeId, variantId],
  );
  return rows[0] ? Number(rows[0].milli) / 1000 : 0;
}

/** The ledger's promise: every level of the tenant is exactly the sum of its movements. */
export async function expectLevelsMatchLedger(owner: pg.Client, tenantId: string): Promise<void> {
  const { rows } = await owner.query(
    `select l.store_id, l.variant_id, l.on_hand_milli::text as level,
       coalesce(sum(m.quantity_milli), 0)::text as ledger
     from stock_levels l
     left join stock_movements m on m.tenant_id = l.tenant_id and m.store_id = l.store_id
       and m.variant_id = l.variant_id
     where l.tenant_id = $1
     group by l.store_id, l.variant_id, l.on_hand_milli
     having l.on_hand_milli <> coalesce(sum(m.quantity_milli), 0)`,
    [tenantId],
  );
  expect(rows).toEqual([]);
}

/** Refusals write nothing to the tables stock operations write. */
export const { fingerprint, expectRefusedWithoutTrace } = refusalChecks(
  wholeRows([
    'stock_counts',
    'stock_count_lines',
    'stock_transfers',
    'stock_transfer_lines',
    'suppliers',
    'purchase_orders',
    'purchase_order_lines',
    'stock_levels',
    'stock_movements',
    'audit_events',
    'outbox',
  ]),
);

/** Movements a document posted, oldest first, as the ledger recorded them. */
export async function movementsOf(
  owner: pg.Client,
  referenceId: string,
): Promise<
  { storeId: string; variantId: string; kind: string; quantity: number; unitCost: number | null }[]
> {
  const { rows } = await owner.query<{
    store_id: string;
    variant_id: string;
    kind: string;
    quantity_milli: string;
    unit_cost_minor: string | null;
  }>(
    `select store_id, variant_id, kind, quantity_milli, unit_cost_minor from stock_movements
     where reference_id = $1 order by recorded_at, id`,
    [referenceId],
  );
  return rows.map((row) => ({
    storeId: row.store_id,
    variantId: row.variant_id,
    kind: row.kind,
    quantity: Number(row.quantity_milli) / 1000,
    unitCost: row.unit_cost_minor === null ? null : Number(row.unit_cost_minor),
  }));
}
