import { newId, sql } from '@tillpoint/db';
import { connectAsAppRole } from '@tillpoint/db/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerContext } from '../../testing/context.ts';
import {
  addStaff,
  type Retailer,
  type StaffMember,
  signUpRetailer,
  type TestApp,
} from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import { createProduct, firstVariant } from '../catalog/testing.ts';
import { applyMovements } from './ledger.ts';

let t: TestApp;
let owner: pg.Client;
let retailer: Retailer;
let manager: StaffMember;
let cashier: StaffMember;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  retailer = await signUpRetailer(t.app, 'Stock Room Supplies');
  manager = await addStaff(t.app, retailer, 'manager');
  cashier = await addStaff(t.app, retailer, 'cashier');
});
afterAll(() => closeAppWithOwner({ t, owner }));

async function trackedVariant(draft: Record<string, unknown> = {}): Promise<string> {
  return firstVariant(await createProduct(retailer.owner, draft)).id;
}

async function ledgerState(variantId: string, storeId = retailer.storeId) {
  const { rows } = await owner.query(
    `select (select on_hand_milli from stock_levels where variant_id = $1 and store_id = $2) as level,
       (select coalesce(sum(quantity_milli), 0)::bigint from stock_movements where variant_id = $1 and store_id = $2) as ledger,
       (select count(*)::int from stock_movements where variant_id = $1 and store_id = $2) as movements`,
    [variantId, storeId],
  );
  return {
    level: rows[0].level === null ? null : Number(rows[0].level),
    ledger: Number(rows[0].ledger),
    movements: rows[0].movements as number,
  };
}

function adjust(variantId: string, quantity: number, reason = 'received', caller = manager.caller) {
  return caller.post(`/api/v1/stores/${retailer.storeId}/stock-adjustments`, {
    lines: [{ variantId, quantity, reason }],
  });
}

describe('stock adjustments and the movement ledger', () => {
  it('keeps each level equal to the sum of its movements', async () => {
    const variantId = await trackedVariant();
    expect((await adjust(variantId, 12)).status).toBe(201);
    const down = await adjust(variantId, -2, 'damaged');
    expect(down.status).toBe(201);
    expect(down.body).toMatchObject({
      levels: [{ variantId, onHand: 10, committed: 0, available: 10 }],
    });
    expect(await ledgerState(variantId)).toEqual({ level: 10_000, ledger: 10_000, movements: 2 });
    const ledger = await manager.caller.get<{
      movements: { kind: string; quantity: number; onHandAfter: number; reason: string }[];
    }>(`/api/v1/stores/${retailer.storeId}/stock-movements?variantId=${variantId}`);
    expect(ledger.body.movements.map((m) => [m.kind, m.quantity, m.onHandAfter, m.reason])).toEqual(
      [
        ['adjusted', -2, 10, 'damaged'],
        ['adjusted', 12, 12, 'received'],
      ],
    );
  });

  it('refuses taking more than is on hand, and writes nothing of a multi-line adjustment', async () => {
    const a = await trackedVariant();
    const b = await trackedVariant();
    await adjust(b, 1);
    const response = await manager.caller.post(
      `/api/v1/stores/${retailer.storeId}/stock-adjustments`,
      {
        lines: [
          { variantId: a, quantity: 5, reason: 'found' },
          { variantId: b, quantity: -3, reason: 'theft' },
        ],
      },
    );
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      code: 'inventory.insufficient_stock',
      details: { variantId: b, onHand: 1 },
    });
    expect(await ledgerState(a)).toEqual({ level: null, ledger: 0, movements: 0 });
    expect(await ledgerState(b)).toEqual({ level: 1000, ledger: 1000, movements: 1 });
  });

  it('allows negative stock only when the tenant chose it', async () => {
    const variantId = await trackedVariant();
    expect(
      (await manager.caller.put('/api/v1/inventory/settings', { allowNegativeStock: true })).body
        .code,
    ).toBe('auth.forbidden');
    expect(
      (await retailer.owner.put('/api/v1/inventory/settings', { allowNegativeStock: true })).status,
    ).toBe(200);
    try {
      const response = await adjust(variantId, -2, 'correction');
      expect(response.status).toBe(201);
      expect(await ledgerState(variantId)).toEqual({ level: -2000, ledger: -2000, movements: 1 });
    } finally {
      await retailer.owner.put('/api/v1/inventory/settings', { allowNegativeStock: false });
    }
  });

  it.each([
    ['four decimals', 1.2345, 'inventory.invalid_quantity'],
    ['a fraction of a counted item', 1.5, 'inventory.fractional_quantity'],
    ['zero', 0, 'inventory.zero_quantity'],
  ])('refuses %s with a clear code and no rows', async (_label, quantity, code) => {
    const variantId = await trackedVariant();
    const response = await adjust(variantId, quantity);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe(code);
    expect(await ledgerState(variantId)).toEqual({ level: null, ledger: 0, movements: 0 });
  });

  it('moves weighed goods by the gram', async () => {
    const variantId = await trackedVariant({ unit: 'weight' });
    expect((await adjust(variantId, 2.5)).status).toBe(201);
    const response = await adjust(variantId, -0.125, 'sample');
    expect(response.body).toMatchObject({ levels: [{ onHand: 2.375 }] });
  });

  it('refuses untracked items, unknown and foreign variants', async () => {
    const untracked = await trackedVariant({ trackStock: false });
    expect((await adjust(untracked, 1)).body.code).toBe('inventory.not_tracked');
    expect((await adjust(newId(), 1)).body.code).toBe('variant.not_found');
    const other = await signUpRetailer(t.app, 'Other Stock Co');
    const foreign = firstVariant(await createProduct(other.owner)).id;
    const response = await adjust(foreign, 1);
    expect(response.status).toBe(404);
    expect(await ledgerState(foreign, retailer.storeId)).toEqual({
      level: null,
      ledger: 0,
      movements: 0,
    });
  });

  it('lets cashiers read stock but not adjust it, and keeps managers to their stores', async () => {
    const variantId = await trackedVariant();
    await adjust(variantId, 3);
    const read = await cashier.caller.get<{ levels: { onHand: number }[] }>(
      `/api/v1/stores/${retailer.storeId}/stock?variantId=${variantId}`,
    );
    expect(read.body.levels).toEqual([expect.objectContaining({ onHand: 3 })]);
    expect((await adjust(variantId, 1, 'found', cashier.caller)).body.code).toBe('auth.forbidden');
    const secondStore = await retailer.owner.post<{ id: string }>('/api/v1/stores', {
      name: 'Annex',
      timezone: 'America/Chicago',
    });
    const limited = await addStaff(t.app, retailer, 'manager', { storeIds: [secondStore.body.id] });
    expect((await adjust(variantId, 1, 'found', limited.caller)).body.code).toBe(
      'auth.store_forbidden',
    );
    expect(await ledgerState(variantId)).toEqual({ level: 3000, ledger: 3000, movements: 1 });
  });
});

describe('concurrency', () => {
  it('never sells the same last units twice', async () => {
    const variantId = await trackedVariant();
    await adjust(variantId, 5);
    const sell = () =>
      t.db.withTenant(retailer, (tx) =>
        applyMovements(
          tx,
          ownerContext(retailer),
          t.app.services.infra.outbox,
          [{ storeId: retailer.storeId, variantId, kind: 'sold', quantityMilli: -1000 }],
          {
            untracked: 'skip',
          },
        ),
      );
    const results = await Promise.allSettled(Array.from({ length: 20 }, sell));
    const sold = results.filter((r) => r.status === 'fulfilled').length;
    const refused = results.filter(
      (r) =>
        r.status === 'rejected' &&
        (r.reason as { code?: string }).code === 'inventory.insufficient_stock',
    ).length;
    expect({ sold, refused }).toEqual({ sold: 5, refused: 15 });
    expect(await ledgerState(variantId)).toEqual({ level: 0, ledger: 0, movements: 6 });
  });

  it('sells every unit when negative stock is allowed, losing no update', async () => {
    const variantId = await trackedVariant();
    await adjust(variantId, 2);
    const sell = () =>
      t.db.withTenant(retailer, (tx) =>
        applyMovements(
          tx,
          ownerContext(retailer),
          t.app.services.infra.outbox,
          [{ storeId: retailer.storeId, variantId, kind: 'sold', quantityMilli: -1000 }],
          {
            untracked: 'skip',
            allowNegative: true,
          },
        ),
      );
    await Promise.all(Array.from({ length: 12 }, sell));
    expect(await ledgerState(variantId)).toEqual({
      level: -10_000,
      ledger: -10_000,
      movements: 13,
    });
  });
});

describe('reorder points and rebuilds', () => {
  it('emits one low-stock event when a level crosses its reorder point', async () => {
    const variantId = await trackedVariant();
    await adjust(variantId, 5);
    const set = await manager.caller.put(
      `/api/v1/stores/${retailer.storeId}/stock/${variantId}/reorder-point`,
      { reorderPoint: 3 },
    );
    expect(set.body).toMatchObject({ reorderPoint: 3, onHand: 5 });
    await adjust(variantId, -2, 'damaged');
    await adjust(variantId, -1, 'damaged');
    const { rows } = await owner.query(
      `select topic, payload->>'onHand' as on_hand from outbox where tenant_id = $1 and payload->>'variantId' = $2 order by id`,
      [retailer.tenantId, variantId],
    );
    expect(rows.filter((r) => r.topic === 'inventory.low_stock')).toEqual([
      { topic: 'inventory.low_stock', on_hand: '3' },
    ]);
    expect(rows.filter((r) => r.topic === 'inventory.level_changed').map((r) => r.on_hand)).toEqual(
      ['5', '3', '2'],
    );
    const below = await manager.caller.get<{ levels: { variantId: string }[] }>(
      `/api/v1/stores/${retailer.storeId}/stock?belowReorderPoint=true`,
    );
    expect(below.body.levels.map((l) => l.variantId)).toContain(variantId);
  });

  it('rebuilds a damaged level from its ledger and reports the difference', async () => {
    const variantId = await trackedVariant();
    await adjust(variantId, 7);
    await owner.query('update stock_levels set on_hand_milli = 99000 where variant_id = $1', [
      variantId,
    ]);
    expect(
      (await manager.caller.post(`/api/v1/stores/${retailer.storeId}/stock/rebuild`)).body.code,
    ).toBe('auth.forbidden');
    const rebuilt = await retailer.owner.post<{ corrected: unknown[] }>(
      `/api/v1/stores/${retailer.storeId}/stock/rebuild`,
    );
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.body.corrected).toEqual([{ variantId, was: 99, now: 7 }]);
    expect(await ledgerState(variantId)).toEqual({ level: 7000, ledger: 7000, movements: 1 });
  });
});

describe('row-level security and the append-only ledger', () => {
  it('shows no stock rows without tenant context and none of another tenant', async () => {
    const raw = await connectAsAppRole();
    try {
      for (const table of ['stock_levels', 'stock_movements', 'outbox']) {
        const none = await raw.query(`select count(*)::int as n from ${table}`);
        expect(none.rows[0], table).toEqual({ n: 0 });
      }
      const other = await signUpRetailer(t.app, 'Peeking Partners');
      await raw.query('begin');
      await raw.query("select set_config('app.tenant_id', $1, true)", [other.tenantId]);
      const peek = await raw.query(
        'select count(*)::int as n from stock_movements where tenant_id = $1',
        [retailer.tenantId],
      );
      expect(peek.rows[0]).toEqual({ n: 0 });
      await raw.query('rollback');
    } finally {
      await raw.end();
    }
  });

  it('refuses the app role any rewrite of the movement ledger', async () => {
    const variantId = await trackedVariant();
    await adjust(variantId, 1);
    const attempts = [
      sql`update stock_movements set quantity_milli = 5000 where variant_id = ${variantId}`,
      sql`delete from stock_movements where variant_id = ${variantId}`,
    ];
    for (const attempt of attempts) {
      await expect(t.db.withTenant(retailer, (tx) => tx.execute(attempt))).rejects.toMatchObject({
        code: '42501',
      });
    }
    expect(await ledgerState(variantId)).toEqual({ level: 1000, ledger: 1000, movements: 1 });
  });
});
