import type { Receipt } from '@tillpoint/domain';
import {
  definePlugin,
  ESC_POS_CONTENT_TYPE,
  type PrintJobBytes,
  type RenderOptions,
} from '@tillpoint/plugin-sdk';
import { escposPlugin } from '@tillpoint/printer-escpos';
import { decodeEscPos } from '@tillpoint/printer-escpos/testing';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/index.ts';
import { installPlugin } from '../plugins/test-support.ts';
import { openShop, refund, type Shop, sell, stockedItem } from '../sales/refund-test-support.ts';
import type { SaleView } from '../sales/sale-schemas.ts';
import { api, getRaw } from './test-support.ts';

// Printer bytes come from the business's enabled printer plugin, handed the same receipt as every
// other format, the copy asked for, and a drawer kick only when asked for and cash moved.

const printed: { receipt: Receipt; options: RenderOptions }[] = [];

/** A printer plugin that keeps what it was asked to print and prints a one-line summary. */
const recordingPrinter = definePlugin({
  key: 'printer-recorder',
  kind: 'printer',
  version: '1.0.0',
  name: 'Recorder',
  description: 'Remembers every receipt it renders.',
  configSchema: Type.Object({}),
  secretFields: [],
  create: () => {
    const job = (text: string, opensDrawer: boolean): PrintJobBytes => ({
      contentType: ESC_POS_CONTENT_TYPE,
      bytes: new TextEncoder().encode(text),
      opensDrawer,
    });
    return {
      columns: 48,
      paperWidthMm: 80 as const,
      testConnection: async () => ({ ok: true, message: 'Ready.' }),
      renderReceipt(receipt: Receipt, options: RenderOptions) {
        printed.push({ receipt, options });
        return job(
          `${receipt.receiptNumber}|${receipt.totalMinor}|${options.copy}`,
          options.openDrawer,
        );
      },
      renderTestPage: (storeName: string) => job(storeName, false),
      renderCashReport: () => job('cash report', false),
      openDrawer: () => job('', true),
    };
  },
});

let t: TestApp;
let shop: Shop;
let cashSale: SaleView;
let cardSale: SaleView;

beforeAll(async () => {
  t = await createTestApp({ plugins: [recordingPrinter, escposPlugin] });
  shop = await openShop(t, 'Printing Press Books');
  const book = await stockedItem(shop, 1_500, 20);
  cashSale = await sell(shop.till, {
    lines: [{ variantId: book, quantity: 1 }],
    payments: [{ kind: 'cash', amountMinor: 2_000 }],
    expectedTotalMinor: 1_500,
  });
  cardSale = await sell(shop.till, {
    lines: [{ variantId: book, quantity: 2 }],
    payments: [{ kind: 'external', amountMinor: 3_000, reference: 'AUTH-55' }],
    expectedTotalMinor: 3_000,
  });
});
afterAll(() => t.close());

const escpos = (path: string) => getRaw(shop.till, path);

describe('printer bytes from the enabled printer plugin', () => {
  it('refuses until a printer plugin is enabled, then prints with it', async () => {
    const before = await shop.till.get(api(`/sales/${cashSale.id}/receipt?format=escpos`));
    expect(before.status).toBe(422);
    expect(before.body).toMatchObject({ code: 'printer.not_configured' });

    await installPlugin(shop.retailer, 'printer-recorder', {});
    const response = await escpos(`/sales/${cashSale.id}/receipt?format=escpos`);
    expect(response.status, response.text).toBe(200);
    expect(response.headers['content-type']).toBe(ESC_POS_CONTENT_TYPE);
    const number = String(cashSale.receiptNumber).padStart(6, '0');
    expect(response.text).toBe(`${number}|1500|customer`);
    expect(response.headers['tillpoint-opens-drawer']).toBe('false');
    expect(printed.at(-1)?.receipt).toMatchObject({ documentId: cashSale.id, totalMinor: 1_500 });
  });

  it('kicks the drawer only when asked and the sale took cash', async () => {
    const kick = async (sale: SaleView, query: string) => {
      const response = await escpos(`/sales/${sale.id}/receipt?format=escpos${query}`);
      expect(response.status, response.text).toBe(200);
      return {
        asked: printed.at(-1)?.options.openDrawer,
        header: response.headers['tillpoint-opens-drawer'],
      };
    };
    expect(await kick(cashSale, '&openDrawer=true')).toEqual({ asked: true, header: 'true' });
    expect(await kick(cashSale, '&openDrawer=false')).toEqual({ asked: false, header: 'false' });
    expect(await kick(cardSale, '&openDrawer=true')).toEqual({ asked: false, header: 'false' });
  });

  it('hands the plugin the copy asked for, and prints refunds too', async () => {
    const gift = await escpos(`/sales/${cardSale.id}/receipt?format=escpos&copy=gift`);
    expect(gift.text).toMatch(/\|gift$/);
    expect(printed.at(-1)?.options).toEqual({ copy: 'gift', openDrawer: false });

    const refunded = await refund(shop.till, cashSale, [
      { saleLineId: cashSale.lines[0]?.id ?? '', quantity: 1 },
    ]);
    const response = await escpos(`/refunds/${refunded.id}/receipt?format=escpos&openDrawer=true`);
    expect(response.status, response.text).toBe(200);
    expect(printed.at(-1)?.receipt).toMatchObject({ kind: 'refund', totalMinor: 1_500 });
    // The refund paid cash back out of the drawer.
    expect(response.headers['tillpoint-opens-drawer']).toBe('true');
  });

  it('refuses again once the plugin is disabled', async () => {
    const disabled = await shop.retailer.owner.post(
      api('/plugins/printer-recorder/installation/disable'),
    );
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    const response = await shop.till.get(api(`/sales/${cashSale.id}/receipt?format=escpos`));
    expect(response.body).toMatchObject({ code: 'printer.not_configured' });
  });
});

describe('with the ESC/POS printer plugin', () => {
  it('prints the receipt on 58 mm paper: content, code, drawer kick and cut', async () => {
    const bar = await openShop(t, 'Escpos Espresso Bar');
    const beans = await stockedItem(bar, 1_890, 10);
    const sale = await sell(bar.till, {
      lines: [{ variantId: beans, quantity: 1 }],
      payments: [{ kind: 'cash', amountMinor: 2_000 }],
      expectedTotalMinor: 1_890,
    });
    await installPlugin(bar.retailer, 'printer-escpos', { paperWidthMm: 58 });
    const print = async (query: string) => {
      const response = await getRaw(bar.till, `/sales/${sale.id}/receipt?format=escpos${query}`);
      expect(response.status, response.text).toBe(200);
      expect(response.headers['content-type']).toBe(ESC_POS_CONTENT_TYPE);
      return { decoded: decodeEscPos(new Uint8Array(response.bytes)), headers: response.headers };
    };

    const { decoded, headers } = await print('&openDrawer=true');
    const text = decoded.lines.join('\n');
    expect(text).toContain('Escpos Espresso');
    expect(text).toContain('$18.90');
    expect(text).toContain('$1.10');
    expect(decoded.printedLines.every((line) => line.columns <= 32)).toBe(true);
    expect(decoded.qrCodes.join(' ')).toContain(sale.id);
    expect(decoded.opensDrawer).toBe(true);
    expect(headers['tillpoint-opens-drawer']).toBe('true');
    expect(decoded.cut).toBe(true);
    expect(decoded.unknown).toEqual([]);

    const plain = await print('');
    expect(plain.decoded.opensDrawer).toBe(false);
    const gift = await print('&copy=gift');
    expect(gift.decoded.lines.join('\n')).not.toContain('18.90');
  });
});
