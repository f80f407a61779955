import { randomUUID } from 'node:crypto';
import { priceSale } from '@tillpoint/domain';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, type Caller, type TestApp } from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import { createStore } from '../inventory/test-support.ts';
import type { SaleView } from './sale-schemas.ts';
import {
  type Answer,
  api,
  createItem,
  defaultTax,
  expectRefusedWithoutTrace,
  openDrawer,
  openShop,
  type Shop,
} from './test-support.ts';

// A register whose cashier signed in while the platform was unreachable sends that cashier's
// sales with its device token, naming the cashier. These check what the server accepts of that.

let t: TestApp;
let owner: pg.Client;
let shop: Shop;
let other: Shop;
let rate: string;
let tea: string;

const RATE_PPM = 82_500;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  shop = await openShop(t, 'Night Shift Goods');
  other = await openShop(t, 'Across The Road');
  [rate = ''] = await defaultTax(shop.retailer.owner, [{ ratePpm: RATE_PPM }]);
  tea = await createItem(shop.retailer.owner, 450, { trackStock: false });
  await openDrawer(shop.till, shop.registerId);
});
afterAll(() => closeAppWithOwner({ t, owner }));

function build(options: { offline?: boolean; cashier?: string | null } = {}) {
  const lineId = randomUUID();
  const priced = priceSale({
    currency: 'USD',
    taxMode: 'exclusive',
    taxRounding: 'line',
    roundingMode: 'half_up',
    lines: [
      { id: lineId, quantity: 2, unitPriceMinor: 450, taxRates: [{ id: rate, ratePpm: RATE_PPM }] },
    ],
  });
  const total = priced.totals.totalMinor;
  const cashier = options.cashier === undefined ? shop.cashier.id : options.cashier;
  return {
    id: randomUUID(),
    occurredAt: new Date(Date.now() - 3600_000).toISOString(),
    offline: options.offline ?? true,
    ...(cashier === null
      ? {}
      : {
          offlineCashier: {
            userId: cashier,
            signedInAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
          },
        }),
    lines: [{ id: lineId, variantId: tea, quantity: 2 }],
    payments: [{ id: randomUUID(), kind: 'cash', amountMinor: Math.ceil(total / 500) * 500 }],
    expectedTotalMinor: total,
  };
}

const submit = (caller: Caller, body: unknown) =>
  caller.post<Answer<SaleView>>(api('/sales/submit'), body);

async function stored(saleId: string) {
  const { rows } = await owner.query<{
    cashier_id: string | null;
    device_id: string | null;
    flags: { code: string }[];
  }>('select cashier_id, device_id, flags from sales where id = $1', [saleId]);
  return rows;
}

async function auditOf(saleId: string) {
  const { rows } = await owner.query<{ actor_id: string; device_id: string; after: unknown }>(
    `select actor_id, device_id, after from audit_events
      where target_id = $1 and action = 'sale.completed'`,
    [saleId],
  );
  return rows;
}

describe('POST /sales/submit with the device token for an offline sign-in', () => {
  it('records the sale under the named cashier and the device, flagged and audited', async () => {
    const body = build();
    const response = await submit(shop.device, body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({
      id: body.id,
      status: 'completed',
      origin: 'offline',
      cashierId: shop.cashier.id,
      registerId: shop.registerId,
    });
    expect(response.body.flags.map((flag) => flag.code)).toEqual(['offline_sign_in']);
    const [row] = await stored(body.id);
    expect(row?.cashier_id).toBe(shop.cashier.id);
    expect(row?.device_id).toEqual(response.body.deviceId);
    expect(row?.device_id).not.toBeNull();
    const audit = await auditOf(body.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBe(shop.cashier.id);
    expect(audit[0]?.after).toMatchObject({
      offlineSignIn: { userId: shop.cashier.id, vouchedByDevice: row?.device_id },
    });
  });

  it('answers a replay with the stored sale, once, even after the cashier was disabled', async () => {
    const body = build();
    const first = await submit(shop.device, body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await submit(shop.device, body);
    expect(again.status).toBe(200);
    expect(again.body.receiptNumber).toBe(first.body.receiptNumber);

    const leaver = await addStaff(t.app, shop.retailer, 'cashier', {
      storeIds: [shop.retailer.storeId],
    });
    const theirs = build({ cashier: leaver.id });
    expect((await submit(shop.device, theirs)).status).toBe(201);
    await owner.query(`update users set status = 'disabled' where id = $1`, [leaver.id]);
    const late = await submit(shop.device, theirs);
    expect(late.status, JSON.stringify(late.body)).toBe(200);
    expect(await stored(theirs.id)).toHaveLength(1);
    expect(await stored(body.id)).toHaveLength(1);
  });

  it("answers the same sale resent under the cashier's own PIN session with the stored sale", async () => {
    const body = build();
    const first = await submit(shop.device, body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const { offlineCashier: _vouched, ...asCashier } = body;
    const again = await submit(shop.till, asCashier);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.receiptNumber).toBe(first.body.receiptNumber);
    expect(await stored(body.id)).toHaveLength(1);
  });

  it('refuses a device token without an offline cashier, as before', async () => {
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => submit(shop.device, build({ cashier: null })),
      403,
      'auth.forbidden',
    );
  });

  it('refuses an offline cashier on a sale that was not made offline', async () => {
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => submit(shop.device, build({ offline: false })),
      422,
      'sale.offline_cashier_not_offline',
    );
  });

  it('refuses an offline cashier sent with a PIN session (a person sells as themselves)', async () => {
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => submit(shop.till, build({ cashier: shop.manager.id })),
      422,
      'sale.offline_cashier_device_only',
    );
  });

  it("refuses another business's user, as unknown", async () => {
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => submit(shop.device, build({ cashier: other.cashier.id })),
      422,
      'sale.offline_cashier_unknown',
    );
  });

  it('refuses a disabled user', async () => {
    const gone = await addStaff(t.app, shop.retailer, 'cashier', {
      storeIds: [shop.retailer.storeId],
    });
    await owner.query(`update users set status = 'disabled' where id = $1`, [gone.id]);
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => submit(shop.device, build({ cashier: gone.id })),
      422,
      'sale.offline_cashier_disabled',
    );
  });

  it('refuses a user of another store of the business', async () => {
    const branch = await createStore(shop.retailer.owner, 'Uptown');
    const elsewhere = await addStaff(t.app, shop.retailer, 'cashier', { storeIds: [branch] });
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => submit(shop.device, build({ cashier: elsewhere.id })),
      422,
      'sale.offline_cashier_store',
    );
  });

  it('refuses a role that may not sell', async () => {
    const books = await addStaff(t.app, shop.retailer, 'accountant', {
      storeIds: [shop.retailer.storeId],
    });
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => submit(shop.device, build({ cashier: books.id })),
      422,
      'sale.offline_cashier_forbidden',
    );
  });
});
