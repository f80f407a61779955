import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStaff,
  type Caller,
  type Retailer,
  type StaffMember,
  signUpRetailer,
  type TestApp,
} from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import type { CountVarianceReportView, CountView } from './count-schemas.ts';
import {
  api,
  createItem,
  createStore,
  expectLevelsMatchLedger,
  expectRefusedWithoutTrace,
  movementsOf,
  onHand,
  stockUp,
} from './test-support.ts';

let t: TestApp;
let owner: pg.Client;
let retailer: Retailer;
let manager: StaffMember;
let cashier: StaffMember;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  retailer = await signUpRetailer(t.app, 'Count Corner');
  manager = await addStaff(t.app, retailer, 'manager');
  cashier = await addStaff(t.app, retailer, 'cashier');
});
afterAll(() => closeAppWithOwner({ t, owner }));

async function newCount(
  caller: Caller,
  storeId: string,
  body: Record<string, unknown>,
): Promise<CountView> {
  const response = await caller.post<CountView>(api(`/stores/${storeId}/stock-counts`), body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function enter(caller: Caller, countId: string, body: Record<string, unknown>) {
  return caller.post<CountView>(api(`/stock-counts/${countId}/lines`), body);
}

function lineOf(count: CountView, variantId: string) {
  return count.lines.find((line) => line.variantId === variantId);
}

async function auditActions(countId: string): Promise<string[]> {
  const { rows } = await owner.query<{ action: string }>(
    'select action from audit_events where target_id = $1 order by seq',
    [countId],
  );
  return rows.map((row) => row.action);
}

describe('cycle counts', () => {
  it('posts one counted movement per differing item, against the level at approval', async () => {
    const storeId = await createStore(retailer.owner, 'Cycle');
    const [a, b, c] = [
      await createItem(retailer.owner),
      await createItem(retailer.owner),
      await createItem(retailer.owner),
    ];
    await stockUp(retailer.owner, storeId, a, 10);
    await stockUp(retailer.owner, storeId, b, 5);
    await stockUp(retailer.owner, storeId, c, 3);

    const count = await newCount(manager.caller, storeId, {
      scope: 'cycle',
      name: 'Aisle 3',
      variantIds: [a, b, c],
    });
    expect(count).toMatchObject({ status: 'draft', scope: 'cycle', zeroUncounted: false });
    expect(count.lines.map((line) => line.counted)).toEqual([null, null, null]);

    // Cashiers count; the same item on two shelves is added up.
    const first = await enter(cashier.caller, count.id, {
      lines: [
        { variantId: a, counted: 8 },
        { variantId: b, counted: 5 },
      ],
    });
    expect(first.status).toBe(200);
    const second = await enter(cashier.caller, count.id, {
      lines: [{ variantId: a, counted: 1 }],
      mode: 'add',
    });
    expect(lineOf(second.body, a)).toMatchObject({ counted: 9, onHand: 10, variance: -1 });
    expect(lineOf(second.body, c)).toMatchObject({ counted: null, variance: null });

    const submitted = await cashier.caller.post<CountView>(api(`/stock-counts/${count.id}/submit`));
    expect(submitted.body.status).toBe('submitted');
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => cashier.caller.post(api(`/stock-counts/${count.id}/approve`)),
      403,
      'auth.forbidden',
    );

    // Two sold while the count waited: the variance is against the level when approved.
    const sold = await retailer.owner.post(api(`/stores/${storeId}/stock-adjustments`), {
      lines: [{ variantId: a, quantity: -2, reason: 'damaged' }],
    });
    expect(sold.status).toBe(201);
    const preview = await manager.caller.get<CountVarianceReportView>(
      api(`/stock-counts/${count.id}/variances`),
    );
    expect(preview.body.lines).toEqual([
      { variantId: a, counted: 9, onHand: 8, variance: 1, zeroed: false },
    ]);
    expect(preview.body.totals).toEqual({ items: 1, gain: 1, loss: 0 });

    const approved = await manager.caller.post<CountView>(api(`/stock-counts/${count.id}/approve`));
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvedBy: manager.id });
    expect(lineOf(approved.body, a)).toMatchObject({ counted: 9, onHand: 8, variance: 1 });
    expect(lineOf(approved.body, b)).toMatchObject({ counted: 5, onHand: 5, variance: 0 });
    expect(lineOf(approved.body, c)).toMatchObject({ counted: null, onHand: null, zeroed: false });

    expect(await movementsOf(owner, count.id)).toEqual([
      { storeId, variantId: a, kind: 'counted', quantity: 1, unitCost: null },
    ]);
    expect(await onHand(owner, storeId, a)).toBe(9);
    expect(await onHand(owner, storeId, b)).toBe(5);
    expect(await onHand(owner, storeId, c)).toBe(3);
    await expectLevelsMatchLedger(owner, retailer.tenantId);

    // The report of an approved count is what was posted, not a moving target.
    await stockUp(retailer.owner, storeId, a, 4);
    const after = await manager.caller.get<CountVarianceReportView>(
      api(`/stock-counts/${count.id}/variances`),
    );
    expect(after.body.lines).toEqual(preview.body.lines);

    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => manager.caller.post(api(`/stock-counts/${count.id}/approve`)),
      422,
      'stock_count.already_approved',
    );
    expect(await auditActions(count.id)).toEqual([
      'stock_count.created',
      'stock_count.counted',
      'stock_count.counted',
      'stock_count.submitted',
      'stock_count.approved',
    ]);
  });

  it('zeroes the chosen items not counted only when asked to', async () => {
    const storeId = await createStore(retailer.owner, 'Zero');
    const [a, b] = [await createItem(retailer.owner), await createItem(retailer.owner)];
    await stockUp(retailer.owner, storeId, a, 6);
    await stockUp(retailer.owner, storeId, b, 2);
    const count = await newCount(manager.caller, storeId, {
      scope: 'cycle',
      variantIds: [a, b],
    });
    await enter(manager.caller, count.id, { lines: [{ variantId: a, counted: 6 }] });
    await manager.caller.post(api(`/stock-counts/${count.id}/submit`));
    const ticked = await manager.caller.patch<CountView>(api(`/stock-counts/${count.id}`), {
      zeroUncounted: true,
    });
    expect(ticked.body.zeroUncounted).toBe(true);
    const preview = await manager.caller.get<CountVarianceReportView>(
      api(`/stock-counts/${count.id}/variances`),
    );
    expect(preview.body.lines).toEqual([
      { variantId: b, counted: 0, onHand: 2, variance: -2, zeroed: true },
    ]);
    const approved = await manager.caller.post<CountView>(api(`/stock-counts/${count.id}/approve`));
    expect(lineOf(approved.body, b)).toMatchObject({ counted: 0, variance: -2, zeroed: true });
    expect(await onHand(owner, storeId, a)).toBe(6);
    expect(await onHand(owner, storeId, b)).toBe(0);
    await expectLevelsMatchLedger(owner, retailer.tenantId);
  });

  it('takes weighed items in grams and zero as a real count', async () => {
    const storeId = await createStore(retailer.owner, 'Deli');
    const cheese = await createItem(retailer.owner, { unit: 'weight' });
    const bread = await createItem(retailer.owner);
    await stockUp(retailer.owner, storeId, cheese, 2.5);
    await stockUp(retailer.owner, storeId, bread, 4);
    const count = await newCount(cashier.caller, storeId, { scope: 'cycle' });
    const entered = await enter(cashier.caller, count.id, {
      lines: [
        { variantId: cheese, counted: 1.235 },
        { variantId: bread, counted: 0 },
      ],
    });
    expect(entered.status, JSON.stringify(entered.body)).toBe(200);
    await cashier.caller.post(api(`/stock-counts/${count.id}/submit`));
    await manager.caller.post(api(`/stock-counts/${count.id}/approve`));
    expect(await onHand(owner, storeId, cheese)).toBe(1.235);
    expect(await onHand(owner, storeId, bread)).toBe(0);
    await expectLevelsMatchLedger(owner, retailer.tenantId);
  });
});

describe('full counts', () => {
  it('leaves items nobody counted alone unless "zero uncounted" is ticked', async () => {
    const storeId = await createStore(retailer.owner, 'Full');
    const [counted, forgotten, untracked] = [
      await createItem(retailer.owner),
      await createItem(retailer.owner),
      await createItem(retailer.owner, { trackStock: false }),
    ];
    await stockUp(retailer.owner, storeId, counted, 4);
    await stockUp(retailer.owner, storeId, forgotten, 7);

    const plain = await newCount(manager.caller, storeId, { scope: 'full' });
    await enter(manager.caller, plain.id, { lines: [{ variantId: counted, counted: 2 }] });
    await manager.caller.post(api(`/stock-counts/${plain.id}/submit`));
    await manager.caller.post(api(`/stock-counts/${plain.id}/approve`));
    expect(await onHand(owner, storeId, counted)).toBe(2);
    expect(await onHand(owner, storeId, forgotten)).toBe(7);

    const zeroing = await newCount(manager.caller, storeId, {
      scope: 'full',
      zeroUncounted: true,
    });
    await enter(manager.caller, zeroing.id, { lines: [{ variantId: counted, counted: 2 }] });
    await manager.caller.post(api(`/stock-counts/${zeroing.id}/submit`));
    const preview = await manager.caller.get<CountVarianceReportView>(
      api(`/stock-counts/${zeroing.id}/variances`),
    );
    expect(preview.body.lines).toEqual([
      { variantId: forgotten, counted: 0, onHand: 7, variance: -7, zeroed: true },
    ]);
    const approved = await manager.caller.post<CountView>(
      api(`/stock-counts/${zeroing.id}/approve`),
    );
    expect(lineOf(approved.body, forgotten)).toMatchObject({ counted: 0, zeroed: true });
    expect(lineOf(approved.body, untracked)).toBeUndefined();
    expect(await onHand(owner, storeId, counted)).toBe(2);
    expect(await onHand(owner, storeId, forgotten)).toBe(0);
    await expectLevelsMatchLedger(owner, retailer.tenantId);
  });
});

describe('count states and permissions', () => {
  it('lets a counter cancel a draft, only a manager a submitted count, and reopens for a recount', async () => {
    const item = await createItem(retailer.owner);
    const draft = await newCount(cashier.caller, retailer.storeId, { scope: 'cycle' });
    const cancelled = await cashier.caller.post<CountView>(api(`/stock-counts/${draft.id}/cancel`));
    expect(cancelled.body.status).toBe('cancelled');

    const count = await newCount(cashier.caller, retailer.storeId, { scope: 'cycle' });
    await enter(cashier.caller, count.id, { lines: [{ variantId: item, counted: 1 }] });
    await cashier.caller.post(api(`/stock-counts/${count.id}/submit`));
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => cashier.caller.post(api(`/stock-counts/${count.id}/cancel`)),
      403,
      'auth.forbidden',
    );
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => cashier.caller.patch(api(`/stock-counts/${count.id}`), { zeroUncounted: true }),
      403,
      'auth.forbidden',
    );
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => enter(cashier.caller, count.id, { lines: [{ variantId: item, counted: 2 }] }),
      422,
      'stock_count.not_draft',
    );
    const reopened = await manager.caller.post<CountView>(api(`/stock-counts/${count.id}/reopen`));
    expect(reopened.body).toMatchObject({ status: 'draft', submittedAt: null });
    const recount = await enter(cashier.caller, count.id, {
      lines: [{ variantId: item, counted: 2 }],
    });
    expect(lineOf(recount.body, item)?.counted).toBe(2);
    const removed = await cashier.caller.request<CountView>(
      'DELETE',
      api(`/stock-counts/${count.id}/lines/${item}`),
    );
    expect(removed.body.lines).toEqual([]);
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => cashier.caller.post(api(`/stock-counts/${count.id}/submit`)),
      422,
      'stock_count.nothing_counted',
    );
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => manager.caller.post(api(`/stock-counts/${count.id}/approve`)),
      422,
      'stock_count.not_submitted',
    );
  });

  it('keeps counters to their own stores', async () => {
    const other = await createStore(retailer.owner, 'Elsewhere');
    const local = await addStaff(t.app, retailer, 'cashier', { storeIds: [retailer.storeId] });
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => local.caller.post(api(`/stores/${other}/stock-counts`), { scope: 'full' }),
      403,
      'auth.store_forbidden',
    );
    const elsewhere = await newCount(manager.caller, other, { scope: 'full' });
    const item = await createItem(retailer.owner);
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => enter(local.caller, elsewhere.id, { lines: [{ variantId: item, counted: 1 }] }),
      403,
      'auth.store_forbidden',
    );
    const read = await local.caller.get(api(`/stock-counts/${elsewhere.id}`));
    expect(read.body.code).toBe('auth.store_forbidden');
  });

  it('approves a count exactly once when two managers press approve together', async () => {
    const storeId = await createStore(retailer.owner, 'Race');
    const item = await createItem(retailer.owner);
    await stockUp(retailer.owner, storeId, item, 10);
    const count = await newCount(manager.caller, storeId, { scope: 'cycle' });
    await enter(manager.caller, count.id, { lines: [{ variantId: item, counted: 7 }] });
    await manager.caller.post(api(`/stock-counts/${count.id}/submit`));
    const results = await Promise.all([
      manager.caller.post(api(`/stock-counts/${count.id}/approve`)),
      retailer.owner.post(api(`/stock-counts/${count.id}/approve`)),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
    expect(results.map((r) => r.body.code).filter(Boolean)).toEqual([
      'stock_count.already_approved',
    ]);
    expect(await movementsOf(owner, count.id)).toHaveLength(1);
    expect(await onHand(owner, storeId, item)).toBe(7);
    await expectLevelsMatchLedger(owner, retailer.tenantId);
  });
});

describe('bad count input writes nothing', () => {
  let other: Retailer;
  let otherItem: string;
  let count: CountView;
  let each: string;

  beforeAll(async () => {
    other = await signUpRetailer(t.app, 'Other Count Co');
    otherItem = await createItem(other.owner);
    each = await createItem(retailer.owner);
    count = await newCount(manager.caller, retailer.storeId, { scope: 'cycle' });
  });

  const cases: [string, () => Record<string, unknown>, number, string][] = [
    [
      'a negative count',
      () => ({ lines: [{ variantId: each, counted: -1 }] }),
      422,
      'inventory.invalid_quantity',
    ],
    [
      'half a unit of an item counted in units',
      () => ({ lines: [{ variantId: each, counted: 1.5 }] }),
      422,
      'inventory.fractional_quantity',
    ],
    [
      'more than three decimals',
      () => ({ lines: [{ variantId: each, counted: 1.0001 }] }),
      422,
      'inventory.invalid_quantity',
    ],
    [
      'an unknown item',
      () => ({ lines: [{ variantId: '01900000-0000-7000-8000-000000000001', counted: 1 }] }),
      404,
      'variant.not_found',
    ],
    [
      "another business's item",
      () => ({ lines: [{ variantId: otherItem, counted: 1 }] }),
      404,
      'variant.not_found',
    ],
    [
      'the same item twice',
      () => ({
        lines: [
          { variantId: each, counted: 1 },
          { variantId: each, counted: 2 },
        ],
      }),
      422,
      'inventory.duplicate_line',
    ],
    [
      'a quantity as text',
      () => ({ lines: [{ variantId: each, counted: '3' }] }),
      400,
      'validation.failed',
    ],
  ];
  for (const [label, body, status, code] of cases) {
    it(`refuses ${label}`, async () => {
      await expectRefusedWithoutTrace(
        owner,
        retailer.tenantId,
        () => enter(cashier.caller, count.id, body()),
        status,
        code,
      );
    });
  }

  it('refuses untracked items, unknown stores and counts of other businesses', async () => {
    const untracked = await createItem(retailer.owner, { trackStock: false });
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => enter(cashier.caller, count.id, { lines: [{ variantId: untracked, counted: 1 }] }),
      422,
      'inventory.not_tracked',
    );
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => retailer.owner.post(api(`/stores/${other.storeId}/stock-counts`), { scope: 'full' }),
      404,
      'store.not_found',
    );
    const theirs = await newCount(other.owner, other.storeId, { scope: 'full' });
    for (const attempt of [
      () => retailer.owner.get(api(`/stock-counts/${theirs.id}`)),
      () => enter(retailer.owner, theirs.id, { lines: [{ variantId: each, counted: 1 }] }),
      () => retailer.owner.post(api(`/stock-counts/${theirs.id}/approve`)),
    ]) {
      await expectRefusedWithoutTrace(
        owner,
        retailer.tenantId,
        attempt,
        404,
        'stock_count.not_found',
      );
    }
  });
});

describe('counts over GraphQL', () => {
  it('reads a count, its store list and its variances', async () => {
    const item = await createItem(retailer.owner);
    await stockUp(retailer.owner, retailer.storeId, item, 3);
    const count = await newCount(manager.caller, retailer.storeId, { scope: 'cycle' });
    await enter(manager.caller, count.id, { lines: [{ variantId: item, counted: 5 }] });
    const response = await manager.caller.graphql<{
      stockCount: { status: string; lines: { variantId: string; variance: number }[] };
      stockCounts: { id: string; lineCount: number }[];
      stockCountVariances: { totals: { gain: number } };
    }>(
      `query($id: ID!, $storeId: ID!) {
        stockCount(id: $id) { status lines { variantId variance } }
        stockCounts(storeId: $storeId, status: "draft") { id lineCount }
        stockCountVariances(id: $id) { totals { gain } }
      }`,
      { id: count.id, storeId: retailer.storeId },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.stockCount).toEqual({
      status: 'draft',
      lines: [{ variantId: item, variance: 2 }],
    });
    expect(response.body.data?.stockCounts).toContainEqual({ id: count.id, lineCount: 1 });
    expect(response.body.data?.stockCountVariances.totals.gain).toBe(2);
    const missing = await manager.caller.graphql('{ stockCount(id: "nope") { id } }');
    expect(missing.body.errors?.[0]?.extensions.code).toBe('stock_count.not_found');
  });
});
