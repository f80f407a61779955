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
import type { InTransitItemView, TransferView } from './transfer-schemas.ts';

let t: TestApp;
let owner: pg.Client;
let retailer: Retailer;
let manager: StaffMember;
let source: string;
let destination: string;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  retailer = await signUpRetailer(t.app, 'Transfer Traders');
  manager = await addStaff(t.app, retailer, 'manager');
  source = retailer.storeId;
  destination = await createStore(retailer.owner, 'Uptown');
});
afterAll(() => closeAppWithOwner({ t, owner }));

async function draft(caller: Caller, body: Record<string, unknown>): Promise<TransferView> {
  const response = await caller.post<TransferView>(api('/stock-transfers'), {
    fromStoreId: source,
    toStoreId: destination,
    ...body,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function sent(caller: Caller, lines: { variantId: string; quantity: number }[]) {
  const transfer = await draft(caller, { lines });
  const response = await caller.post<TransferView>(api(`/stock-transfers/${transfer.id}/send`));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

const receive = (caller: Caller, id: string, body: Record<string, unknown> = {}) =>
  caller.post<TransferView>(api(`/stock-transfers/${id}/receive`), body);

describe('a transfer between two stores', () => {
  it('leaves the source when sent, is in transit, and arrives over several deliveries', async () => {
    const shirt = await createItem(retailer.owner);
    const coffee = await createItem(retailer.owner, { unit: 'weight' });
    await stockUp(retailer.owner, source, shirt, 10);
    await stockUp(retailer.owner, source, coffee, 5);

    const transfer = await draft(manager.caller, {
      note: 'Weekend restock',
      lines: [{ variantId: shirt, quantity: 4 }],
    });
    expect(transfer).toMatchObject({ status: 'draft', inTransit: 0 });
    const edited = await manager.caller.patch<TransferView>(
      api(`/stock-transfers/${transfer.id}`),
      {
        lines: [
          { variantId: shirt, quantity: 6 },
          { variantId: coffee, quantity: 1.5 },
        ],
      },
    );
    expect(edited.body.lines).toHaveLength(2);

    const shipped = await manager.caller.post<TransferView>(
      api(`/stock-transfers/${transfer.id}/send`),
    );
    expect(shipped.body).toMatchObject({ status: 'sent', inTransit: 7.5, sentBy: manager.id });
    expect(await onHand(owner, source, shirt)).toBe(4);
    expect(await onHand(owner, source, coffee)).toBe(3.5);
    expect(await onHand(owner, destination, shirt)).toBe(0);
    const onTheRoad = await manager.caller.get<InTransitItemView[]>(
      api(`/stock-in-transit?variantId=${shirt}`),
    );
    expect(onTheRoad.body).toEqual([
      { variantId: shirt, fromStoreId: source, toStoreId: destination, quantity: 6, transfers: 1 },
    ]);

    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () =>
        manager.caller.patch(api(`/stock-transfers/${transfer.id}`), {
          lines: [{ variantId: shirt, quantity: 1 }],
        }),
      422,
      'stock_transfer.not_draft',
    );

    const firstBox = await receive(manager.caller, transfer.id, {
      lines: [{ variantId: shirt, quantity: 2 }],
    });
    expect(firstBox.body).toMatchObject({ status: 'partially_received', inTransit: 5.5 });
    expect(firstBox.body.lines.find((l) => l.variantId === shirt)).toMatchObject({
      quantity: 6,
      received: 2,
      inTransit: 4,
    });
    const rest = await receive(manager.caller, transfer.id);
    expect(rest.body).toMatchObject({ status: 'received', inTransit: 0 });
    expect(await onHand(owner, destination, shirt)).toBe(6);
    expect(await onHand(owner, destination, coffee)).toBe(1.5);

    const movements = await movementsOf(owner, transfer.id);
    expect(
      movements.map((m) => [m.storeId === source ? 'source' : 'dest', m.kind, m.quantity]),
    ).toEqual(
      expect.arrayContaining([
        ['source', 'transferred_out', -6],
        ['source', 'transferred_out', -1.5],
        ['dest', 'transferred_in', 2],
        ['dest', 'transferred_in', 4],
        ['dest', 'transferred_in', 1.5],
      ]),
    );
    expect(movements).toHaveLength(5);
    await expectLevelsMatchLedger(owner, retailer.tenantId);

    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => receive(manager.caller, transfer.id),
      422,
      'stock_transfer.already_received',
    );
    const { rows } = await owner.query<{ action: string }>(
      'select action from audit_events where target_id = $1 order by seq',
      [transfer.id],
    );
    expect(rows.map((row) => row.action)).toEqual([
      'stock_transfer.created',
      'stock_transfer.updated',
      'stock_transfer.sent',
      'stock_transfer.received',
      'stock_transfer.received',
    ]);
  });

  it('accepts more than was sent only from someone allowed, and takes the extra from the source', async () => {
    const item = await createItem(retailer.owner);
    await stockUp(retailer.owner, source, item, 5);
    const transfer = await sent(manager.caller, [{ variantId: item, quantity: 3 }]);
    const refused = await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => receive(manager.caller, transfer.id, { lines: [{ variantId: item, quantity: 4 }] }),
      403,
      'auth.forbidden',
    );
    expect(refused.body.details).toMatchObject({
      permission: 'inventory.receive_over',
      expected: 3,
      receiving: 4,
    });
    const accepted = await receive(retailer.owner, transfer.id, {
      lines: [{ variantId: item, quantity: 4 }],
    });
    expect(accepted.body).toMatchObject({ status: 'received' });
    expect(accepted.body.lines[0]).toMatchObject({ quantity: 4, received: 4, inTransit: 0 });
    expect(await onHand(owner, source, item)).toBe(1);
    expect(await onHand(owner, destination, item)).toBe(4);
    await expectLevelsMatchLedger(owner, retailer.tenantId);
  });

  it('returns what has not arrived to the source when a sent transfer is cancelled', async () => {
    const item = await createItem(retailer.owner);
    await stockUp(retailer.owner, source, item, 10);
    const before = await draft(manager.caller, { lines: [{ variantId: item, quantity: 1 }] });
    const dropped = await manager.caller.post<TransferView>(
      api(`/stock-transfers/${before.id}/cancel`),
    );
    expect(dropped.body.status).toBe('cancelled');
    expect(await movementsOf(owner, before.id)).toEqual([]);

    const transfer = await sent(manager.caller, [{ variantId: item, quantity: 8 }]);
    await receive(manager.caller, transfer.id, { lines: [{ variantId: item, quantity: 3 }] });
    const cancelled = await manager.caller.post<TransferView>(
      api(`/stock-transfers/${transfer.id}/cancel`),
    );
    expect(cancelled.body).toMatchObject({ status: 'cancelled', inTransit: 0 });
    expect(cancelled.body.lines[0]).toMatchObject({ quantity: 8, received: 3, returned: 5 });
    expect(await onHand(owner, source, item)).toBe(7);
    expect(await onHand(owner, destination, item)).toBe(3);
    const inTransit = await manager.caller.get<InTransitItemView[]>(
      api(`/stock-in-transit?variantId=${item}`),
    );
    expect(inTransit.body).toEqual([]);
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => receive(manager.caller, transfer.id),
      422,
      'stock_transfer.cancelled',
    );
    await expectLevelsMatchLedger(owner, retailer.tenantId);
  });

  it('never receives more than was sent when two people receive at once', async () => {
    const item = await createItem(retailer.owner);
    await stockUp(retailer.owner, source, item, 6);
    const transfer = await sent(manager.caller, [{ variantId: item, quantity: 6 }]);
    const colleague = await addStaff(t.app, retailer, 'manager');
    const results = await Promise.all([
      receive(manager.caller, transfer.id, { lines: [{ variantId: item, quantity: 4 }] }),
      receive(colleague.caller, transfer.id, { lines: [{ variantId: item, quantity: 4 }] }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 403]);
    expect(await onHand(owner, destination, item)).toBe(4);
    const { rows } = await owner.query<{ received: string }>(
      'select received_milli as received from stock_transfer_lines where transfer_id = $1',
      [transfer.id],
    );
    expect(rows).toEqual([{ received: '4000' }]);
    await expectLevelsMatchLedger(owner, retailer.tenantId);
  });
});

describe('who may move stock between stores', () => {
  it('needs the source store to send and the destination store to receive', async () => {
    const item = await createItem(retailer.owner);
    await stockUp(retailer.owner, source, item, 4);
    const atSource = await addStaff(t.app, retailer, 'manager', { storeIds: [source] });
    const atDestination = await addStaff(t.app, retailer, 'manager', {
      storeIds: [destination],
    });
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () =>
        atDestination.caller.post(api('/stock-transfers'), {
          fromStoreId: source,
          toStoreId: destination,
          lines: [{ variantId: item, quantity: 1 }],
        }),
      403,
      'auth.store_forbidden',
    );
    const transfer = await sent(atSource.caller, [{ variantId: item, quantity: 2 }]);
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => receive(atSource.caller, transfer.id),
      403,
      'auth.store_forbidden',
    );
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => atDestination.caller.post(api(`/stock-transfers/${transfer.id}/cancel`)),
      403,
      'auth.store_forbidden',
    );
    const seen = await atDestination.caller.get<TransferView>(
      api(`/stock-transfers/${transfer.id}`),
    );
    expect(seen.body.status).toBe('sent');
    const incoming = await atDestination.caller.get<{ transfers: { id: string }[] }>(
      api(`/stock-transfers?storeId=${destination}&direction=incoming&status=sent`),
    );
    expect(incoming.body.transfers.map((x) => x.id)).toContain(transfer.id);
    const arrived = await receive(atDestination.caller, transfer.id);
    expect(arrived.body.status).toBe('received');

    const cashier = await addStaff(t.app, retailer, 'cashier');
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () =>
        cashier.caller.post(api('/stock-transfers'), {
          fromStoreId: source,
          toStoreId: destination,
        }),
      403,
      'auth.forbidden',
    );
  });
});

describe('bad transfers write nothing', () => {
  let other: Retailer;
  let item: string;

  beforeAll(async () => {
    other = await signUpRetailer(t.app, 'Other Transfer Co');
    item = await createItem(retailer.owner);
    await stockUp(retailer.owner, source, item, 3);
  });

  const create = (body: Record<string, unknown>) => () =>
    manager.caller.post(api('/stock-transfers'), {
      fromStoreId: source,
      toStoreId: destination,
      ...body,
    });

  it('refuses bad lines and stores', async () => {
    const otherItem = await createItem(other.owner);
    const cases: [() => Promise<Response>, number, string][] = [
      [create({ toStoreId: source }), 422, 'stock_transfer.same_store'],
      [create({ toStoreId: other.storeId }), 404, 'store.not_found'],
      [create({ lines: [{ variantId: item, quantity: 0 }] }), 422, 'inventory.zero_quantity'],
      [create({ lines: [{ variantId: item, quantity: -2 }] }), 422, 'inventory.invalid_quantity'],
      [
        create({ lines: [{ variantId: item, quantity: 0.5 }] }),
        422,
        'inventory.fractional_quantity',
      ],
      [create({ lines: [{ variantId: otherItem, quantity: 1 }] }), 404, 'variant.not_found'],
      [
        create({
          lines: [
            { variantId: item, quantity: 1 },
            { variantId: item, quantity: 1 },
          ],
        }),
        422,
        'inventory.duplicate_line',
      ],
    ];
    for (const [attempt, status, code] of cases)
      await expectRefusedWithoutTrace(owner, retailer.tenantId, attempt, status, code);
  });

  it('refuses sending nothing, more than is in stock, and receiving what was not sent', async () => {
    const empty = await draft(manager.caller, {});
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => manager.caller.post(api(`/stock-transfers/${empty.id}/send`)),
      422,
      'stock_transfer.empty',
    );
    const tooMuch = await draft(manager.caller, { lines: [{ variantId: item, quantity: 50 }] });
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => manager.caller.post(api(`/stock-transfers/${tooMuch.id}/send`)),
      422,
      'inventory.insufficient_stock',
    );
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => receive(manager.caller, tooMuch.id),
      422,
      'stock_transfer.not_sent',
    );
    const stranger = await createItem(retailer.owner);
    const transfer = await sent(manager.caller, [{ variantId: item, quantity: 1 }]);
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => receive(manager.caller, transfer.id, { lines: [{ variantId: stranger, quantity: 1 }] }),
      422,
      'stock_transfer.item_not_on_transfer',
    );
    await expectRefusedWithoutTrace(
      owner,
      retailer.tenantId,
      () => receive(manager.caller, transfer.id, { lines: [{ variantId: item, quantity: 0 }] }),
      422,
      'inventory.zero_quantity',
    );
  });

  it("does not find another business's transfers", async () => {
    const theirItem = await createItem(other.owner);
    await stockUp(other.owner, other.storeId, theirItem, 2);
    const theirStore = await createStore(other.owner);
    const theirs = await other.owner.post<TransferView>(api('/stock-transfers'), {
      fromStoreId: other.storeId,
      toStoreId: theirStore,
      lines: [{ variantId: theirItem, quantity: 1 }],
    });
    expect(theirs.status).toBe(201);
    for (const attempt of [
      () => retailer.owner.get(api(`/stock-transfers/${theirs.body.id}`)),
      () => retailer.owner.post(api(`/stock-transfers/${theirs.body.id}/send`)),
      () => retailer.owner.post(api(`/stock-transfers/${theirs.body.id}/receive`), {}),
      () => retailer.owner.post(api(`/stock-transfers/${theirs.body.id}/cancel`)),
    ])
      await expectRefusedWithoutTrace(
        owner,
        retailer.tenantId,
        attempt,
        404,
        'stock_transfer.not_found',
      );
    const list = await retailer.owner.get<{ transfers: { id: string }[] }>(api('/stock-transfers'));
    expect(list.body.transfers.map((x) => x.id)).not.toContain(theirs.body.id);
  });
});

describe('transfers over GraphQL', () => {
  it('shows a transfer and what is in transit', async () => {
    const item = await createItem(retailer.owner);
    await stockUp(retailer.owner, source, item, 2);
    const transfer = await sent(manager.caller, [{ variantId: item, quantity: 2 }]);
    const response = await manager.caller.graphql<{
      stockTransfer: { status: string; inTransit: number };
      stockInTransit: { quantity: number; toStoreId: string }[];
    }>(
      `query($id: ID!, $variantId: ID!) {
        stockTransfer(id: $id) { status inTransit }
        stockInTransit(variantId: $variantId) { quantity toStoreId }
      }`,
      { id: transfer.id, variantId: item },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data).toEqual({
      stockTransfer: { status: 'sent', inTransit: 2 },
      stockInTransit: [{ quantity: 2, toStoreId: destination }],
    });
  });
});
