import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStaff,
  type Caller,
  type Response,
  type Retailer,
  type StaffMember,
  signUpRetailer,
  type TestApp,
} from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import type { PurchaseOrderView } from './purchase-order-schemas.ts';
import type { SupplierView } from './supplier-schemas.ts';
import {
  api,
  createItem,
  createStore,
  expectLevelsMatchLedger,
  expectRefusedWithoutTrace,
  movementsOf,
  onHand,
} from './test-support.ts';

let t: TestApp;
let owner: pg.Client;
let retailer: Retailer;
let manager: StaffMember;
let supplier: SupplierView;

async function newSupplier(caller: Caller, name: string): Promise<SupplierView> {
  const response = await caller.post<SupplierView>(api('/suppliers'), { name });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  retailer = await signUpRetailer(t.app, 'Purchase Place');
  manager = await addStaff(t.app, retailer, 'manager');
  supplier = await newSupplier(manager.caller, 'Acme Wholesale');
});
afterAll(() => closeAppWithOwner({ t, owner }));

async function draftOrder(
  caller: Caller,
  lines: { variantId: string; quantity: number; unitCost: number }[],
  extra: Record<string, unknown> = {},
): Promise<PurchaseOrderView> {
  const response = await caller.post<PurchaseOrderView>(api('/purchase-orders'), {
    supplierId: supplier.id,
    storeId: retailer.storeId,
    lines,
    ...extra,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function placedOrder(
  caller: Caller,
  lines: { variantId: string; quantity: number; unitCost: number }[],
): Promise<PurchaseOrderView> {
  const order = await draftOrder(caller, lines);
  const placed = await caller.post<PurchaseOrderView>(api(`/purchase-orders/${order.id}/order`));
  expect(placed.status, JSON.stringify(placed.body)).toBe(200);
  return placed.body;
}

const receive = (caller: Caller, id: string, body: Record<string, unknown> = {}) =>
  caller.post<PurchaseOrderView>(api(`/purchase-orders/${id}/receive`), body);

describe('suppliers', () => {
  it('keeps contact details, refuses a duplicate active name and archives', async () => {
    const created = await manager.caller.post<SupplierView>(api('/suppliers'), {
      name: 'Fresh Farms',
      contactName: 'Dana',
      email: 'orders@freshfarms.example',
      phone: '+1 555 0100',
      notes: 'Delivers Tuesdays',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ contactName: 'Dana', archivedAt: null });
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => manager.caller.post(api('/suppliers'), { name: 'fresh farms' }),
      409,
      'supplier.name_taken',
    );
    const archived = await manager.caller.patch<SupplierView>(
      api(`/suppliers/${created.body.id}`),
      { archived: true, phone: null },
    );
    expect(archived.body).toMatchObject({ phone: null, contactName: 'Dana' });
    expect(archived.body.archivedAt).not.toBeNull();
    const active = await manager.caller.get<SupplierView[]>(api('/suppliers'));
    expect(active.body.map((s) => s.id)).not.toContain(created.body.id);
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () =>
        manager.caller.post(api('/purchase-orders'), {
          supplierId: created.body.id,
          storeId: retailer.storeId,
        }),
      422,
      'supplier.archived',
    );
    const cashier = await addStaff(t.app, retailer, 'cashier');
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => cashier.caller.get(api('/suppliers')),
      403,
      'auth.forbidden',
    );
  });
});

describe('purchase orders', () => {
  it('receives an order in several deliveries at its unit costs, with exact totals', async () => {
    const beans = await createItem(retailer.owner, { unit: 'weight' });
    const mugs = await createItem(retailer.owner);
    const order = await draftOrder(
      manager.caller,
      [
        { variantId: beans, quantity: 1.235, unitCost: 499 },
        { variantId: mugs, quantity: 12, unitCost: 1299 },
      ],
      { reference: 'PO-1001', expectedOn: '2026-12-01' },
    );
    // 1.235 kg x 4.99 = 6.16265 -> 6.16; 12 x 12.99 = 155.88
    expect(order.totals).toEqual({ ordered: 616 + 15_588, received: 0 });
    expect(order).toMatchObject({ status: 'draft', currency: 'USD', expectedOn: '2026-12-01' });

    const placed = await manager.caller.post<PurchaseOrderView>(
      api(`/purchase-orders/${order.id}/order`),
    );
    expect(placed.body).toMatchObject({ status: 'ordered', orderedBy: manager.id });
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () =>
        manager.caller.patch(api(`/purchase-orders/${order.id}`), {
          lines: [{ variantId: mugs, quantity: 1, unitCost: 1 }],
        }),
      422,
      'purchase_order.not_draft',
    );
    const moved = await manager.caller.patch<PurchaseOrderView>(
      api(`/purchase-orders/${order.id}`),
      { expectedOn: '2026-12-03' },
    );
    expect(moved.body.expectedOn).toBe('2026-12-03');

    const firstDelivery = await receive(manager.caller, order.id, {
      lines: [{ variantId: mugs, quantity: 5 }],
      note: 'Delivery note 77',
    });
    expect(firstDelivery.status, JSON.stringify(firstDelivery.body)).toBe(200);
    expect(firstDelivery.body).toMatchObject({
      status: 'partially_received',
      totals: { ordered: 16_204, received: 6_495 },
    });
    const rest = await receive(manager.caller, order.id);
    expect(rest.body).toMatchObject({
      status: 'received',
      totals: { ordered: 16_204, received: 16_204 },
    });
    expect(await onHand(owner, retailer.storeId, mugs)).toBe(12);
    expect(await onHand(owner, retailer.storeId, beans)).toBe(1.235);
    const movements = await movementsOf(owner, order.id);
    expect(movements.map((m) => [m.kind, m.variantId, m.quantity, m.unitCost])).toEqual(
      expect.arrayContaining([
        ['received', mugs, 5, 1299],
        ['received', mugs, 7, 1299],
        ['received', beans, 1.235, 499],
      ]),
    );
    expect(movements).toHaveLength(3);
    await expectLevelsMatchLedger(owner, retailer.tenantId);
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => receive(manager.caller, order.id),
      422,
      'purchase_order.already_received',
    );
    const { rows } = await owner.query<{ action: string }>(
      'select action from audit_events where target_id = $1 order by seq',
      [order.id],
    );
    expect(rows.map((row) => row.action)).toEqual([
      'purchase_order.created',
      'purchase_order.ordered',
      'purchase_order.updated',
      'purchase_order.received',
      'purchase_order.received',
    ]);
  });

  it('needs inventory.receive_over to take more than was ordered', async () => {
    const item = await createItem(retailer.owner);
    const order = await placedOrder(manager.caller, [
      { variantId: item, quantity: 12, unitCost: 100 },
    ]);
    const refused = await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => receive(manager.caller, order.id, { lines: [{ variantId: item, quantity: 13 }] }),
      403,
      'auth.forbidden',
    );
    expect(refused.body.details).toMatchObject({
      permission: 'inventory.receive_over',
      expected: 12,
      receiving: 13,
    });
    const accepted = await receive(retailer.owner, order.id, {
      lines: [{ variantId: item, quantity: 13 }],
    });
    expect(accepted.body).toMatchObject({ status: 'received', totals: { received: 1300 } });
    expect(accepted.body.lines[0]).toMatchObject({ received: 13, outstanding: 0 });
    expect(await onHand(owner, retailer.storeId, item)).toBe(13);
    await expectLevelsMatchLedger(owner, retailer.tenantId);
  });

  it('cancels only before anything arrived and closes a partly delivered order', async () => {
    const item = await createItem(retailer.owner);
    const unplaced = await draftOrder(manager.caller, [
      { variantId: item, quantity: 1, unitCost: 5 },
    ]);
    const cancelled = await manager.caller.post<PurchaseOrderView>(
      api(`/purchase-orders/${unplaced.id}/cancel`),
    );
    expect(cancelled.body.status).toBe('cancelled');
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => receive(manager.caller, unplaced.id),
      422,
      'purchase_order.cancelled',
    );

    const order = await placedOrder(manager.caller, [
      { variantId: item, quantity: 10, unitCost: 5 },
    ]);
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => manager.caller.post(api(`/purchase-orders/${order.id}/close`)),
      422,
      'purchase_order.nothing_received',
    );
    await receive(manager.caller, order.id, { lines: [{ variantId: item, quantity: 4 }] });
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => manager.caller.post(api(`/purchase-orders/${order.id}/cancel`)),
      422,
      'purchase_order.has_receipts',
    );
    const closed = await manager.caller.post<PurchaseOrderView>(
      api(`/purchase-orders/${order.id}/close`),
    );
    expect(closed.body).toMatchObject({ status: 'closed', totals: { ordered: 50, received: 20 } });
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => receive(manager.caller, order.id),
      422,
      'purchase_order.closed',
    );
    expect(await onHand(owner, retailer.storeId, item)).toBe(4);
  });

  it('never receives more than ordered when two people receive the same line at once', async () => {
    const item = await createItem(retailer.owner);
    const order = await placedOrder(manager.caller, [
      { variantId: item, quantity: 10, unitCost: 7 },
    ]);
    const colleague = await addStaff(t.app, retailer, 'manager');
    const results = await Promise.all([
      receive(manager.caller, order.id, { lines: [{ variantId: item, quantity: 6 }] }),
      receive(colleague.caller, order.id, { lines: [{ variantId: item, quantity: 6 }] }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 403]);
    expect(await onHand(owner, retailer.storeId, item)).toBe(6);
    await expectLevelsMatchLedger(owner, retailer.tenantId);
  });

  it('keeps receiving to the staff of the delivering store', async () => {
    const branch = await createStore(retailer.owner, 'Branch');
    const item = await createItem(retailer.owner);
    const elsewhere = await addStaff(t.app, retailer, 'manager', { storeIds: [branch] });
    const order = await placedOrder(manager.caller, [
      { variantId: item, quantity: 1, unitCost: 1 },
    ]);
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => receive(elsewhere.caller, order.id),
      403,
      'auth.store_forbidden',
    );
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () =>
        elsewhere.caller.post(api('/purchase-orders'), {
          supplierId: supplier.id,
          storeId: retailer.storeId,
        }),
      403,
      'auth.store_forbidden',
    );
    const mine = await elsewhere.caller.get<{ purchaseOrders: { id: string }[] }>(
      api('/purchase-orders'),
    );
    expect(mine.body.purchaseOrders.map((o) => o.id)).not.toContain(order.id);
  });
});

describe('bad purchase orders write nothing', () => {
  let other: Retailer;
  let item: string;

  beforeAll(async () => {
    other = await signUpRetailer(t.app, 'Other Purchase Co');
    item = await createItem(retailer.owner);
  });

  it('refuses bad lines, unknown suppliers and stores, and empty orders', async () => {
    const theirSupplier = await newSupplier(other.owner, 'Their Supplier');
    const theirItem = await createItem(other.owner);
    const create = (body: Record<string, unknown>) => () =>
      manager.caller.post(api('/purchase-orders'), {
        supplierId: supplier.id,
        storeId: retailer.storeId,
        ...body,
      });
    const line = (extra: Record<string, unknown>) => ({
      lines: [{ variantId: item, quantity: 1, unitCost: 100, ...extra }],
    });
    const cases: [() => Promise<Response>, number, string][] = [
      [create(line({ quantity: 0 })), 422, 'inventory.zero_quantity'],
      [create(line({ quantity: -3 })), 422, 'inventory.invalid_quantity'],
      [create(line({ quantity: 2.5 })), 422, 'inventory.fractional_quantity'],
      [create(line({ unitCost: -1 })), 400, 'validation.failed'],
      [create(line({ unitCost: 1.5 })), 400, 'validation.failed'],
      [create(line({ variantId: theirItem })), 404, 'variant.not_found'],
      [create({ supplierId: theirSupplier.id }), 404, 'supplier.not_found'],
      [create({ storeId: other.storeId }), 404, 'store.not_found'],
    ];
    for (const [attempt, status, code] of cases)
      await expectRefusedWithoutTrace(owner, retailer.tenantId, attempt, status, code);

    const empty = await draftOrder(manager.caller, []);
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => manager.caller.post(api(`/purchase-orders/${empty.id}/order`)),
      422,
      'purchase_order.empty',
    );
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => receive(manager.caller, empty.id),
      422,
      'purchase_order.not_ordered',
    );
  });

  it("refuses receiving items not ordered and finds no other business's orders", async () => {
    const order = await placedOrder(manager.caller, [
      { variantId: item, quantity: 2, unitCost: 3 },
    ]);
    const stranger = await createItem(retailer.owner);
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => receive(manager.caller, order.id, { lines: [{ variantId: stranger, quantity: 1 }] }),
      422,
      'purchase_order.item_not_on_order',
    );
    const theirSupplier = await newSupplier(other.owner, 'Their Other Supplier');
    const theirs = await other.owner.post<PurchaseOrderView>(api('/purchase-orders'), {
      supplierId: theirSupplier.id,
      storeId: other.storeId,
    });
    for (const attempt of [
      () => retailer.owner.get(api(`/purchase-orders/${theirs.body.id}`)),
      () => retailer.owner.post(api(`/purchase-orders/${theirs.body.id}/order`)),
      () => retailer.owner.post(api(`/purchase-orders/${theirs.body.id}/receive`), {}),
    ])
      await expectRefusedWithoutTrace(
        owner,
        retailer.tenantId,
        attempt,
        404,
        'purchase_order.not_found',
      );
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => retailer.owner.get(api(`/suppliers/${theirSupplier.id}`)),
      404,
      'supplier.not_found',
    );
  });
});

describe('purchasing over GraphQL', () => {
  it('reads suppliers and orders with totals', async () => {
    const item = await createItem(retailer.owner);
    const order = await draftOrder(manager.caller, [
      { variantId: item, quantity: 3, unitCost: 250 },
    ]);
    const response = await manager.caller.graphql<{
      purchaseOrder: { status: string; totals: { ordered: number } };
      purchaseOrders: { id: string; lineCount: number }[];
      suppliers: { name: string }[];
    }>(
      `query($id: ID!, $supplierId: ID!) {
        purchaseOrder(id: $id) { status totals { ordered } }
        purchaseOrders(supplierId: $supplierId, status: "draft") { id lineCount }
        suppliers { name }
      }`,
      { id: order.id, supplierId: supplier.id },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.purchaseOrder).toEqual({
      status: 'draft',
      totals: { ordered: 750 },
    });
    expect(response.body.data?.purchaseOrders).toContainEqual({ id: order.id, lineCount: 1 });
    expect(response.body.data?.suppliers.map((s) => s.name)).toContain('Acme Wholesale');
  });
});
