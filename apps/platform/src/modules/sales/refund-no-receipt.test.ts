import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, type Caller, type TestApp } from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import type { RefundView } from './refund-schemas.ts';
import {
  api,
  createCustomer,
  createTax,
  expectRefusedWithoutTrace,
  onHand,
  openShop,
  postRefund,
  type Shop,
  stockedItem,
  storeCredit,
} from './refund-test-support.ts';

// A refund without a receipt: priced at what the store charges today, paid in cash or store
// credit, and allowed only with a manager's say-so (a manager directly, a cashier with a manager's
// PIN approval consumed once).

let t: TestApp;
let owner: pg.Client;
let shop: Shop;
let taxCategoryId: string;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  shop = await openShop(t, 'No Receipt Emporium');
  taxCategoryId = await createTax(shop.retailer.owner, 100_000);
});
afterAll(() => closeAppWithOwner({ t, owner }));

const taxedItem = (priceMinor: number) => stockedItem(shop, priceMinor, 10, { taxCategoryId });

const body = (variantId: string, extra: Record<string, unknown> = {}) => ({
  lines: [{ variantId, quantity: 2, restock: true }],
  destination: 'cash',
  reason: 'Gift, no receipt',
  ...extra,
});

async function approvalFor(caller: Caller, action: string): Promise<string> {
  const response = await caller.post<{ id: string }>(api('/approvals'), {
    action,
    approverId: shop.manager.id,
    pin: shop.manager.pin,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id;
}

describe('refunds without a receipt', () => {
  it("refuses a cashier without a manager's approval, and writes nothing", async () => {
    const variantId = await taxedItem(1000);
    const response = await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => postRefund(shop.till, body(variantId)),
      422,
      'approval.required',
    );
    expect(response.body.details).toEqual({ action: 'refund.without_receipt' });
  });

  it("lets a cashier refund with a manager's approval, once", async () => {
    const variantId = await taxedItem(1000);
    const approvalId = await approvalFor(shop.till, 'refund.without_receipt');
    const response = await postRefund(shop.till, body(variantId, { approvalId }));
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    // Two at 10.00 plus 10 % tax, at today's price; cash out of the drawer.
    expect(response.body).toMatchObject({
      saleId: null,
      kind: 'refund',
      approvalId,
      destination: 'cash',
      subtotalMinor: 2000,
      taxMinor: 200,
      totalMinor: 2200,
      paidOutMinor: 2200,
      cashSessionId: shop.cashSessionId,
    });
    expect(response.body.lines).toEqual([
      expect.objectContaining({ saleLineId: null, variantId, quantity: 2, restock: true }),
    ]);
    expect(await onHand(owner, shop.retailer.storeId, variantId)).toBe(12);
    const { rows } = await owner.query(
      'select consumed_at is not null as consumed from approvals where id = $1',
      [approvalId],
    );
    expect(rows).toEqual([{ consumed: true }]);

    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => postRefund(shop.till, body(variantId, { approvalId })),
      422,
      'approval.invalid',
    );
    // An approval for another action does not do.
    const voidApproval = await approvalFor(shop.till, 'sale.void');
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => postRefund(shop.till, body(variantId, { approvalId: voidApproval })),
      422,
      'approval.invalid',
    );
  });

  it('lets a manager refund directly, recording their own authority', async () => {
    const variantId = await taxedItem(500);
    // The store charges its own price today: that is what comes back.
    const price = await shop.retailer.owner.put(
      api(`/catalog/variants/${variantId}/store-prices/${shop.retailer.storeId}`),
      { priceMinor: 450 },
    );
    expect(price.status, JSON.stringify(price.body)).toBe(200);
    const response = await postRefund(
      shop.managerTill,
      body(variantId, {
        lines: [{ variantId, quantity: 1, restock: false, restockReason: 'damaged' }],
      }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({ subtotalMinor: 450, taxMinor: 45, totalMinor: 495 });
    expect(await onHand(owner, shop.retailer.storeId, variantId)).toBe(10);
    const { rows } = await owner.query(
      `select action, requested_by, approved_by, consumed_at is not null as consumed
       from approvals where id = $1`,
      [response.body.approvalId],
    );
    expect(rows).toEqual([
      {
        action: 'refund.without_receipt',
        requested_by: shop.manager.id,
        approved_by: shop.manager.id,
        consumed: true,
      },
    ]);
  });

  it('gives store credit to a named customer only', async () => {
    const variantId = await taxedItem(800);
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => postRefund(shop.managerTill, body(variantId, { destination: 'store_credit' })),
      422,
      'refund.customer_required',
    );
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () =>
        postRefund(
          shop.managerTill,
          body(variantId, { destination: 'store_credit', customerId: randomUUID() }),
        ),
      404,
      'customer.not_found',
    );
    const customerId = await createCustomer(owner, shop.retailer.tenantId);
    const response = await postRefund(
      shop.managerTill,
      body(variantId, { destination: 'store_credit', customerId }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({ customerId, totalMinor: 1760, paidOutMinor: 1760 });
    expect(response.body.payments).toEqual([
      expect.objectContaining({ kind: 'store_credit', customerId, amountMinor: 1760 }),
    ]);
    expect(await storeCredit(owner, customerId)).toBe(1760);
  });

  it('refuses roles without the refund permission, and unknown items', async () => {
    const accountant = await addStaff(t.app, shop.retailer, 'accountant');
    const variantId = await taxedItem(100);
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => postRefund(accountant.caller, body(variantId, { registerId: shop.registerId })),
      403,
      'auth.forbidden',
    );
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => postRefund(shop.managerTill, body(randomUUID())),
      404,
      'variant.not_found',
    );
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => postRefund(shop.managerTill, body(variantId, { destination: 'original_tenders' })),
      400,
      'validation.failed',
    );
    // From the back office (no device) the register must be named.
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => postRefund(shop.manager.caller, body(variantId)),
      422,
      'refund.register_required',
    );
    const named = await postRefund(
      shop.manager.caller,
      body(variantId, { registerId: shop.registerId }),
    );
    expect(named.status, JSON.stringify(named.body)).toBe(201);
    expect((named.body as RefundView).registerId).toBe(shop.registerId);
  });
});
