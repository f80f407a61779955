import type { Receipt } from '@tillpoint/domain';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, Caller, pairDevice, pinSignIn, type TestApp } from '../../testing/index.ts';
import { signUpIn } from '../../testing/shops.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import { openShop, refund, type Shop, sell, stockUp } from '../sales/refund-test-support.ts';
import type { SaleView } from '../sales/sale-schemas.ts';
import { api, getRaw, receiptOf } from './test-support.ts';

// GET /sales/{id}/receipt and /refunds/{id}/receipt: every format, the gift and reprint copies,
// and who may read which receipt.

let t: TestApp;
let owner: pg.Client;
let shop: Shop;
let sale: SaleView;
const NAME = 'Crème brûlée <script>alert(1)</script>';

async function product(caller: Caller, name: string, priceMinor: number): Promise<string> {
  const response = await caller.post<{ variants: { id: string }[] }>(api('/catalog/products'), {
    name,
    variants: [{ sku: `RC-${Date.now().toString(36).toUpperCase()}`, priceMinor }],
  });
  const [variant] = response.body.variants ?? [];
  if (response.status !== 201 || !variant) throw new Error(JSON.stringify(response.body));
  return variant.id;
}

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  shop = await openShop(t, 'Receipt Row Bakery');
  const store = await shop.retailer.owner.patch(api(`/stores/${shop.retailer.storeId}`), {
    address: { line1: '12 Market St', city: 'Springfield', region: 'IL', postalCode: '62701' },
    receiptHeader: 'Fresh every morning\nOpen 7-19',
    receiptFooter: 'Thank you!',
  });
  expect(store.status, JSON.stringify(store.body)).toBe(200);
  const tart = await product(shop.retailer.owner, NAME, 1_250);
  await stockUp(shop.retailer.owner, shop.retailer.storeId, tart, 20);
  sale = await sell(shop.till, {
    lines: [{ variantId: tart, quantity: 2 }],
    payments: [{ kind: 'cash', amountMinor: 3_000 }],
    expectedTotalMinor: 2_500,
  });
});
afterAll(() => closeAppWithOwner({ t, owner }));

const saleReceiptPath = (query: string) => `/sales/${sale.id}/receipt?${query}`;

describe('formats', () => {
  it('answers the receipt model as JSON, with the store, register, cashier and locale', async () => {
    const receipt = await receiptOf(shop.till, { type: 'sales', id: sale.id });
    expect(receipt).toMatchObject({
      kind: 'sale',
      documentId: sale.id,
      receiptNumber: String(sale.receiptNumber).padStart(6, '0'),
      originalReceiptNumber: null,
      currency: 'USD',
      locale: 'en-US',
      timeZone: 'America/Chicago',
      store: {
        name: 'Receipt Row Bakery',
        addressLines: ['12 Market St', 'Springfield, IL 62701'],
        phone: null,
        taxNumber: null,
      },
      cashierName: 'Test cashier',
      customerName: null,
      headerLines: ['Fresh every morning', 'Open 7-19'],
      footerLines: ['Thank you!'],
      totalMinor: 2_500,
      changeMinor: 500,
      offline: false,
    } satisfies Partial<Receipt>);
    expect(receipt.registerName).toMatch(/^Till /);
    expect(new Date(receipt.issuedAt).toISOString()).toBe(receipt.issuedAt);
    expect(receipt.lines).toEqual([
      expect.objectContaining({ description: NAME, quantityMilli: 2_000, amountMinor: 2_500 }),
    ]);
  });

  it('renders plain text in the columns asked for (42 by default)', async () => {
    for (const columns of [32, 42, 48] as const) {
      const response = await getRaw(shop.till, saleReceiptPath(`format=text&columns=${columns}`));
      expect(response.status, response.text).toBe(200);
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
      // The store name is printed large, so it may wrap on narrow paper.
      expect(response.text).toMatch(/Receipt Row\s+Bakery/);
      expect(response.text).toContain('$25.00');
      const widest = Math.max(...response.text.split('\n').map((line) => [...line].length));
      expect(widest).toBeLessThanOrEqual(columns);
    }
    const plain = await getRaw(shop.till, saleReceiptPath('format=text'));
    const widest = Math.max(...plain.text.split('\n').map((line) => [...line].length));
    expect(widest).toBeGreaterThan(32);
    expect(widest).toBeLessThanOrEqual(42);
  });

  it('renders a self-contained HTML page with escaped text and a tight content policy', async () => {
    const response = await getRaw(shop.till, saleReceiptPath('format=html'));
    expect(response.status, response.text).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(String(response.headers['content-security-policy'])).toContain("default-src 'none'");
    expect(response.text.toLowerCase()).toContain('<html');
    expect(response.text).not.toContain('<script>');
    expect(response.text).toContain('&lt;script&gt;');
    expect(response.text).toContain('25.00');
  });

  it('leaves every price off the gift copy', async () => {
    for (const format of ['text', 'html']) {
      const response = await getRaw(shop.till, saleReceiptPath(`format=${format}&copy=gift`));
      expect(response.status, response.text).toBe(200);
      expect(response.text).toMatch(/Receipt Row\s+Bakery/);
      for (const amount of ['25.00', '12.50', '30.00', '5.00'])
        expect(response.text).not.toContain(amount);
    }
  });

  it('records a reprint in the audit trail, and only a reprint', async () => {
    const reprints = async () => {
      const { rows } = await owner.query<{ after: Record<string, unknown>; actor_id: string }>(
        `select after, actor_id from audit_events
         where tenant_id = $1 and action = 'receipt.reprinted' and target_id = $2`,
        [shop.retailer.tenantId, sale.id],
      );
      return rows;
    };
    await getRaw(shop.till, saleReceiptPath('format=text'));
    await getRaw(shop.till, saleReceiptPath('format=html&copy=merchant'));
    expect(await reprints()).toEqual([]);
    const response = await getRaw(shop.till, saleReceiptPath('format=text&copy=reprint'));
    expect(response.status).toBe(200);
    expect(await reprints()).toEqual([
      {
        actor_id: shop.cashier.id,
        after: {
          format: 'text',
          receiptNumber: String(sale.receiptNumber).padStart(6, '0'),
          totalMinor: 2_500,
        },
      },
    ]);
  });

  it('refuses printer bytes while no printer plugin is enabled', async () => {
    const response = await shop.till.get(api(saleReceiptPath('format=escpos')));
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'printer.not_configured' });
    expect(String(response.body.message)).toMatch(/enable/i);
  });

  it('refuses formats, copies and widths it does not know', async () => {
    for (const query of ['format=pdf', 'copy=kitchen', 'columns=40', 'format=text&colour=red']) {
      const response = await shop.till.get(api(saleReceiptPath(query)));
      expect(response.status, query).toBe(400);
    }
  });
});

describe('refund receipts', () => {
  it("answers the refund's receipt, pointing back at the sale's number", async () => {
    const refunded = await refund(shop.till, sale, [
      { saleLineId: sale.lines[0]?.id ?? '', quantity: 1 },
    ]);
    const receipt = await receiptOf(shop.till, { type: 'refunds', id: refunded.id });
    expect(receipt).toMatchObject({
      kind: 'refund',
      documentId: refunded.id,
      receiptNumber: String(refunded.receiptNumber).padStart(6, '0'),
      originalReceiptNumber: String(sale.receiptNumber).padStart(6, '0'),
      totalMinor: 1_250,
      tenders: [expect.objectContaining({ kind: 'cash', amountMinor: 1_250 })],
    });
    const text = await getRaw(shop.till, `/refunds/${refunded.id}/receipt?format=text`);
    expect(text.status, text.text).toBe(200);
    expect(text.text).toContain('12.50');
  });
});

describe('who may read a receipt', () => {
  it('answers only completed sales', async () => {
    const open = await shop.till.post<{ id: string }>(api('/sales'), {});
    expect(open.status).toBe(201);
    const response = await shop.till.get(api(`/sales/${open.body.id}/receipt`));
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'sale.not_completed' });
    const voided = await shop.managerTill.post(api(`/sales/${open.body.id}/void`), {
      reason: 'Opened by mistake',
    });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    const again = await shop.till.get(api(`/sales/${open.body.id}/receipt?format=text`));
    expect(again.body).toMatchObject({ code: 'sale.not_completed', details: { status: 'voided' } });
  });

  it("does not know another business's sales and refunds", async () => {
    const other = await signUpIn(t, 'Receipt Rival');
    for (const path of [`/sales/${sale.id}/receipt`, `/sales/${sale.id}/receipt?format=html`]) {
      const response = await other.owner.get(api(path));
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'sale.not_found' });
    }
    const refunds = await shop.till.get<{ refunds: { id: string }[] }>(api('/refunds'));
    const refundId = refunds.body.refunds[0]?.id ?? '';
    const response = await other.owner.get(api(`/refunds/${refundId}/receipt`));
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'refund.not_found' });
  });

  it("refuses staff of another store, and a register another store's receipts", async () => {
    const created = await shop.retailer.owner.post<{ id: string }>(api('/stores'), {
      name: 'Receipt Row Annex',
      timezone: 'America/Chicago',
    });
    expect(created.status).toBe(201);
    const annex = created.body.id;
    const annexCashier = await addStaff(t.app, shop.retailer, 'cashier', { storeIds: [annex] });
    const refused = await annexCashier.caller.get(api(`/sales/${sale.id}/receipt`));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'auth.store_forbidden' });

    // Works in both stores, but signed in on the annex's register: that register's store only.
    const roaming = await addStaff(t.app, shop.retailer, 'cashier', {
      storeIds: [shop.retailer.storeId, annex],
      pin: '7531',
    });
    const annexTill = await pairDevice(t.app, shop.retailer.owner, annex);
    const onAnnexTill = await pinSignIn(t.app, annexTill.device, roaming.id, roaming.pin);
    const fromAnnex = await onAnnexTill.get(api(`/sales/${sale.id}/receipt?format=text`));
    expect(fromAnnex.status).toBe(403);
    expect(fromAnnex.body).toMatchObject({ code: 'auth.store_forbidden' });
    expect((await roaming.caller.get(api(`/sales/${sale.id}/receipt`))).status).toBe(200);
  });

  it('lets back-office readers in and anonymous callers not', async () => {
    const accountant = await addStaff(t.app, shop.retailer, 'accountant');
    expect((await accountant.caller.get(api(`/sales/${sale.id}/receipt`))).status).toBe(200);
    const anonymous = await new Caller(t.app).get(api(`/sales/${sale.id}/receipt`));
    expect(anonymous.status).toBe(401);
  });
});
