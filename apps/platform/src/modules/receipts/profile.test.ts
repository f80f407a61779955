import type { Receipt } from '@tillpoint/domain';
import { escposPlugin, renderEscPos } from '@tillpoint/printer-escpos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStaff,
  Caller,
  createTestApp,
  pairDevice,
  pinSignIn,
  type TestApp,
} from '../../testing/index.ts';
import { installPlugin } from '../plugins/test-support.ts';
import { createTax, openShop, type Shop, sell, stockedItem } from '../sales/refund-test-support.ts';
import type { SaleView } from '../sales/sale-schemas.ts';
import type { ReceiptProfileView } from './profile-schemas.ts';
import { publicSettings } from './profile-service.ts';
import { api, getRaw, receiptOf } from './test-support.ts';

// The receipt profile is what a register prints with when it renders a receipt itself. The
// point of it: a receipt rendered from the profile is, byte for byte, the one the platform's
// printer plugin sends for the same receipt.

let t: TestApp;
let shop: Shop;
let sale: SaleView;

const profilePath = (registerId: string) => api(`/registers/${registerId}/receipt-profile`);

async function profileOf(caller: Caller, registerId: string): Promise<ReceiptProfileView> {
  const response = await caller.get<ReceiptProfileView>(profilePath(registerId));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

beforeAll(async () => {
  t = await createTestApp({ plugins: [escposPlugin] });
  shop = await openShop(t, 'Profile Pantry');
  const store = await shop.retailer.owner.patch(api(`/stores/${shop.retailer.storeId}`), {
    address: { line1: '4 Quay Rd', city: 'Portland', region: 'OR', postalCode: '97201' },
    receiptHeader: 'Open every day',
    receiptFooter: 'Thanks for shopping local',
  });
  expect(store.status, JSON.stringify(store.body)).toBe(200);
  const taxed = await stockedItem(shop, 1_999, 10, {
    taxCategoryId: await createTax(shop.retailer.owner, 82_500),
  });
  const plain = await stockedItem(shop, 450, 10);
  sale = await sell(shop.till, {
    lines: [
      { variantId: taxed, quantity: 2, discount: { kind: 'percent', ppm: 100_000 } },
      { variantId: plain, quantity: 1 },
    ],
    payments: [{ kind: 'cash', amountMinor: 10_000 }],
    expectedTotalMinor: 4_345,
  });
});
afterAll(() => t.close());

describe('the receipt profile of a register', () => {
  it("answers the issuer, the rates' names and no printer until one is enabled", async () => {
    const profile = await profileOf(shop.device, shop.registerId);
    expect(profile).toMatchObject({
      registerId: shop.registerId,
      storeId: shop.retailer.storeId,
      store: {
        name: 'Profile Pantry',
        addressLines: ['4 Quay Rd', 'Portland, OR 97201'],
        phone: null,
        taxNumber: null,
      },
      locale: 'en-US',
      headerLines: ['Open every day'],
      footerLines: ['Thanks for shopping local'],
      printer: null,
    });
    expect(profile.registerName).toMatch(/^Till /);
    expect(profile.taxRates.map((rate) => rate.name)).toContain('Rate 82500');
    // The cashier signed in on the same device reads the same profile.
    expect(await profileOf(shop.till, shop.registerId)).toEqual(profile);
    // The issuer is the one the platform's own receipts print.
    const receipt = await receiptOf(shop.till, { type: 'sales', id: sale.id });
    expect({
      store: profile.store,
      registerName: profile.registerName,
      locale: profile.locale,
      timeZone: profile.timeZone,
      headerLines: profile.headerLines,
      footerLines: profile.footerLines,
    }).toEqual({
      store: receipt.store,
      registerName: receipt.registerName,
      locale: receipt.locale,
      timeZone: receipt.timeZone,
      headerLines: receipt.headerLines,
      footerLines: receipt.footerLines,
    });
    expect(receipt.taxes.map((tax) => tax.name)).toEqual(['Rate 82500']);
  });

  it('refuses another register, another store, another tenant, a bad id and the anonymous', async () => {
    const sameStore = await pairDevice(t.app, shop.manager.caller, shop.retailer.storeId);
    const foreignDevice = await sameStore.device.get(profilePath(shop.registerId));
    expect(foreignDevice.status).toBe(403);
    expect(foreignDevice.body.code).toBe('auth.forbidden');
    const otherTill = await pinSignIn(t.app, sameStore.device, shop.cashier.id, shop.cashier.pin);
    const foreignTill = await otherTill.get(profilePath(shop.registerId));
    expect(foreignTill.body.code).toBe('auth.forbidden');

    const storeB = await shop.retailer.owner.post<{ id: string }>(api('/stores'), {
      name: 'Profile Annex',
      timezone: 'America/Chicago',
    });
    expect(storeB.status, JSON.stringify(storeB.body)).toBe(201);
    const annexManager = await addStaff(t.app, shop.retailer, 'manager', {
      storeIds: [storeB.body.id],
    });
    const otherStore = await annexManager.caller.get(profilePath(shop.registerId));
    expect(otherStore.status).toBe(403);
    expect(otherStore.body.code).toBe('auth.store_forbidden');

    const elsewhere = await openShop(t, 'Someone Else Stores');
    const otherTenant = await elsewhere.till.get(profilePath(shop.registerId));
    expect(otherTenant.body.code).toBe('auth.forbidden');
    const otherOwner = await elsewhere.retailer.owner.get(profilePath(shop.registerId));
    expect(otherOwner.status).toBe(404);
    expect(otherOwner.body.code).toBe('register.not_found');

    const bad = await shop.retailer.owner.get(api('/registers/not-a-uuid/receipt-profile'));
    expect(bad.body.code).toBe('validation.failed');
    const anonymous = await new Caller(t.app).get(profilePath(shop.registerId));
    expect(anonymous.status).toBe(401);
  });

  it('refuses an API token without catalog.read', async () => {
    const created = await shop.retailer.owner.post<{ token: string }>(api('/api-tokens'), {
      name: 'Stores only',
      scopes: ['stores.read'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const token = new Caller(t.app, { bearer: created.body.token });
    const refused = await token.get(profilePath(shop.registerId));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('auth.forbidden');
  });

  it('leaves out whatever a plugin declares secret', () => {
    expect(
      publicSettings({
        pluginKey: 'printer-cloud',
        pluginVersion: '1.0.0',
        config: { paperWidthMm: 80, apiKey: 'sk_live_1', receiptCode: 'qr' },
        secretFields: ['apiKey'],
      }),
    ).toEqual({ paperWidthMm: 80, receiptCode: 'qr' });
  });
});

describe('a receipt rendered from the profile', () => {
  const local = (receipt: Receipt, profile: ReceiptProfileView, query: Record<string, string>) => {
    if (!profile.printer) throw new Error('no printer in the profile');
    return renderEscPos(receipt, {
      ...(profile.printer.settings as { paperWidthMm: 58 | 80 }),
      copy: query.copy === 'gift' ? 'gift' : 'customer',
      openDrawer: query.openDrawer === 'true',
    }).bytes;
  };

  for (const config of [
    { paperWidthMm: 80 },
    { paperWidthMm: 58, receiptCode: 'qr', headerLines: ['Loyalty: ask us'] },
    { paperWidthMm: 80, printerModel: 'epson-tm-t88vi', receiptCode: 'code128', cutter: false },
  ])
    it(`is the platform's escpos render, byte for byte (${JSON.stringify(config)})`, async () => {
      await installPlugin(shop.retailer, 'printer-escpos', config);
      const profile = await profileOf(shop.device, shop.registerId);
      expect(profile.printer).toMatchObject({ plugin: 'printer-escpos', version: '0.1.0' });
      expect(profile.printer?.settings).toMatchObject(config);
      const receipt = await receiptOf(shop.till, { type: 'sales', id: sale.id });
      for (const query of [
        { copy: 'customer' },
        { copy: 'gift' },
        { copy: 'customer', openDrawer: 'true' },
      ]) {
        const server = await getRaw(
          shop.till,
          `/sales/${sale.id}/receipt?format=escpos&${new URLSearchParams(query)}`,
        );
        expect(server.status, server.text).toBe(200);
        const bytes = local(receipt, profile, query);
        expect(bytes.length).toBeGreaterThan(100);
        expect(Buffer.from(bytes).equals(server.bytes)).toBe(true);
      }
    });

  it('is null again once the printer plugin is disabled', async () => {
    const disabled = await shop.retailer.owner.post(
      api('/plugins/printer-escpos/installation/disable'),
    );
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    expect((await profileOf(shop.device, shop.registerId)).printer).toBeNull();
  });
});
