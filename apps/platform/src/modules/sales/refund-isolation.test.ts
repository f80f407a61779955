import { randomUUID } from 'node:crypto';
import { isRowLevelSecurityViolation, sql } from '@tillpoint/db';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, pairDevice, type TestApp } from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import type { RefundPageView, RefundView } from './refund-schemas.ts';
import {
  api,
  createProduct,
  expectRefusedWithoutTrace,
  fingerprint,
  lineOf,
  openShop,
  postRefund,
  refund,
  returnLines,
  type Shop,
  sell,
  stockUp,
} from './refund-test-support.ts';
import type { SaleView } from './sale-schemas.ts';

// Refunds belong to one tenant and one store: another tenant can neither see nor touch them (the
// API says "not found", row-level security says nothing at all), and a person limited to one store
// cannot refund on, or read refunds of, another.

let t: TestApp;
let owner: pg.Client;
let shop: Shop;
let rival: Shop;
let sale: SaleView;
let done: RefundView;
let variantId: string;
let rivalItem: string;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  shop = await openShop(t, 'Home Store');
  rival = await openShop(t, 'Rival Store');
  variantId = await createProduct(shop.retailer.owner, { priceMinor: 1000 });
  await stockUp(shop.retailer.owner, shop.retailer.storeId, variantId, 10);
  rivalItem = await createProduct(rival.retailer.owner, { priceMinor: 1000 });
  sale = await sell(shop.till, {
    lines: [{ variantId, quantity: 3 }],
    payments: [{ kind: 'cash', amountMinor: 3000 }],
    expectedTotalMinor: 3000,
  });
  done = await refund(shop.till, sale, [{ saleLineId: lineOf(sale, variantId).id, quantity: 1 }]);
});
afterAll(() => closeAppWithOwner({ t, owner }));

/** Neither tenant's documents change. */
async function expectBothUntouched(attempt: () => Promise<unknown>): Promise<void> {
  const home = await fingerprint(owner, shop.retailer.tenantId);
  const away = await fingerprint(owner, rival.retailer.tenantId);
  await attempt();
  expect(await fingerprint(owner, shop.retailer.tenantId)).toEqual(home);
  expect(await fingerprint(owner, rival.retailer.tenantId)).toEqual(away);
}

describe('another tenant', () => {
  it('cannot refund, reverse or exchange our sales, nor read our refunds', async () => {
    const lines = returnLines([{ saleLineId: lineOf(sale, variantId).id, quantity: 1 }]);
    await expectBothUntouched(async () => {
      const refunded = await postRefund(rival.till, { saleId: sale.id, lines });
      expect(refunded.status).toBe(404);
      expect(refunded.body).toMatchObject({ code: 'sale.not_found' });
      const reversed = await rival.managerTill.post(api(`/sales/${sale.id}/reverse`), {
        reason: 'Not ours',
      });
      expect(reversed.body).toMatchObject({ code: 'sale.not_found' });
      const exchanged = await rival.till.post(api('/exchanges'), {
        return: { saleId: sale.id, lines },
        sale: {
          id: randomUUID(),
          lines: [{ id: randomUUID(), variantId: rivalItem, quantity: 1 }],
          payments: [],
          expectedTotalMinor: 1000,
        },
      });
      expect(exchanged.body).toMatchObject({ code: 'sale.not_found' });
      const onOurRegister = await postRefund(rival.manager.caller, {
        saleId: sale.id,
        registerId: shop.registerId,
        lines,
      });
      expect(onOurRegister.body).toMatchObject({ code: 'register.not_found' });
    });

    const read = await rival.manager.caller.get(api(`/refunds/${done.id}`));
    expect(read.status).toBe(404);
    expect(read.body.code).toBe('refund.not_found');
    const ofSale = await rival.manager.caller.get(api(`/sales/${sale.id}/refunds`));
    expect(ofSale.body.code).toBe('sale.not_found');
    const list = await rival.manager.caller.get<RefundPageView>(api('/refunds'));
    expect(list.body.refunds.map((r) => r.id)).not.toContain(done.id);
    const graph = await rival.manager.caller.graphql(`{ refund(id: "${done.id}") { id } }`);
    expect(graph.body.errors?.[0]?.extensions.code).toBe('refund.not_found');
    const ours = await shop.manager.caller.graphql<{ refund: { id: string; totalMinor: number } }>(
      `{ refund(id: "${done.id}") { id totalMinor lines { quantity } payments { kind } } }`,
    );
    expect(ours.body.data?.refund).toMatchObject({ id: done.id, totalMinor: 1000 });
  });

  it('sees no refund rows at all through row-level security, and cannot write any', async () => {
    const counts = await t.db.withTenant({ tenantId: rival.retailer.tenantId }, async (tx) => ({
      refunds: await tx.one<{ n: number }>(sql`select count(*)::int as n from refunds
        where id = ${done.id}`),
      lines: await tx.one<{ n: number }>(sql`select count(*)::int as n from refund_lines
        where refund_id = ${done.id}`),
      payments: await tx.one<{ n: number }>(sql`select count(*)::int as n from refund_payments
        where refund_id = ${done.id}`),
    }));
    expect(counts).toEqual({ refunds: { n: 0 }, lines: { n: 0 }, payments: { n: 0 } });
    const own = await t.db.withTenant({ tenantId: shop.retailer.tenantId }, (tx) =>
      tx.one<{ n: number }>(sql`select count(*)::int as n from refund_lines
        where refund_id = ${done.id}`),
    );
    expect(own.n).toBe(1);

    const attempt = t.db.withTenant({ tenantId: rival.retailer.tenantId }, (tx) =>
      tx.execute(sql`insert into refund_payments (tenant_id, refund_id, position, kind,
          amount_minor)
        values (${shop.retailer.tenantId}, ${done.id}, 9, 'cash', 100)`),
    );
    await expect(attempt).rejects.toSatisfy(isRowLevelSecurityViolation);
  });
});

describe('another store', () => {
  it('refuses a person limited to another store, and a register signed in elsewhere', async () => {
    const uptown = await shop.retailer.owner.post<{ id: string }>(api('/stores'), {
      name: 'Uptown',
      timezone: 'America/Chicago',
    });
    expect(uptown.status).toBe(201);
    const there = await pairDevice(t.app, shop.manager.caller, uptown.body.id);
    const limited = await addStaff(t.app, shop.retailer, 'manager', { storeIds: [uptown.body.id] });
    const lines = returnLines([{ saleLineId: lineOf(sale, variantId).id, quantity: 1 }]);

    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => postRefund(limited.caller, { saleId: sale.id, registerId: shop.registerId, lines }),
      403,
      'auth.store_forbidden',
    );
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => postRefund(shop.till, { saleId: sale.id, registerId: there.registerId, lines }),
      422,
      'refund.register_mismatch',
    );
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => limited.caller.post(api(`/sales/${sale.id}/reverse`), { reason: 'Elsewhere' }),
      403,
      'auth.store_forbidden',
    );
    const read = await limited.caller.get(api(`/refunds/${done.id}`));
    expect(read.body.code).toBe('auth.store_forbidden');
    const ofSale = await limited.caller.get(api(`/sales/${sale.id}/refunds`));
    expect(ofSale.body.code).toBe('auth.store_forbidden');
    const listed = await limited.caller.get<RefundPageView>(api('/refunds'));
    expect(listed.body.refunds).toEqual([]);
    const filtered = await limited.caller.get(api(`/refunds?storeId=${shop.retailer.storeId}`));
    expect(filtered.body.code).toBe('auth.store_forbidden');

    const mine = await shop.manager.caller.get<RefundPageView>(
      api(`/refunds?storeId=${shop.retailer.storeId}&registerId=${shop.registerId}&limit=1`),
    );
    expect(mine.body.refunds.map((r) => r.id)).toEqual([done.id]);
  });
});
