import { randomUUID } from 'node:crypto';
import { TillpointApiError } from '@tillpoint/api-client';
import {
  type FakePrinter,
  printerEntry,
  startFakePrinter,
  startTestBridge,
  type TestBridge,
} from '@tillpoint/bridge/testing';
import { decodeEscPos } from '@tillpoint/printer-escpos/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BridgeClient, createBridgeClient } from '../hardware/bridge-client.ts';
import { type printReceipt, receiptJobId } from '../hardware/print-receipt.ts';
import { saleContextOf } from '../sale/context.ts';
import { taxTable, variant } from '../sale/testing.ts';
import type { CompletedSale } from '../ui/receipt-model.ts';
import { provisionalReceiptNumber } from './build-receipt.ts';
import { type PrintSaleReceiptInput, printSaleReceipt } from './print-sale-receipt.ts';
import { completedSale, profile } from './testing.ts';

// Which bytes print a sale's receipt, against the real bridge and a fake network printer: the
// server's for a sale it holds while it answers, else the register's own, once per copy.

let printer: FakePrinter;
let bridge: TestBridge;
let client: BridgeClient;
const registerId = randomUUID();

beforeAll(async () => {
  printer = await startFakePrinter();
  bridge = await startTestBridge({ printers: [printerEntry(printer)], registerId });
  client = createBridgeClient({ url: bridge.url, token: bridge.token });
});
afterAll(async () => {
  await bridge?.close();
  await printer?.close();
});

const cad = saleContextOf(taxTable({ currency: 'CAD', cashIncrementMinor: 5 }), {
  offlineTenders: ['cash'],
});

let sale: CompletedSale;
let serverCalls: string[];
beforeEach(() => {
  sale = completedSale(cad, [
    { type: 'addVariant', variant: { ...variant(1_250, { taxCategoryId: null }), name: 'Tea' } },
    { type: 'addPayment', payment: { kind: 'cash', amountMinor: 2_000 } },
  ]);
  serverCalls = [];
});

/** The platform's bytes, as printReceipt sends them: here a marker under the same job id. */
const serverPrints: typeof printReceipt = async (bridgeClient, register, source) => {
  serverCalls.push(source.copy);
  await bridgeClient.print({
    jobId: source.jobId ?? receiptJobId(source.id, source.copy),
    registerId: register,
    bytes: new TextEncoder().encode(`SERVER ${source.id}\n`),
  });
};

function input(overrides: Partial<PrintSaleReceiptInput> = {}): PrintSaleReceiptInput {
  return {
    bridge: client,
    registerId,
    sale,
    copy: 'customer',
    online: false,
    onServer: async () => ({ known: false, receiptNumber: null }),
    token: 'cashier-token',
    cashierName: 'Sam Cashier',
    profile: profile({ registerId }),
    printFromServer: serverPrints,
    ...overrides,
  };
}

async function printedText(count: number): Promise<string> {
  const jobs = await printer.waitForJobs(count);
  return decodeEscPos(jobs.at(-1) ?? new Uint8Array()).lines.join('\n');
}

describe('printing a sale the register holds', () => {
  it('renders it here while offline: total, offline note, provisional number, once', async () => {
    const before = printer.received().length;
    expect(await printSaleReceipt(input())).toEqual({
      printedBy: 'register',
      provisionalNumber: true,
    });
    const text = await printedText(before + 1);
    expect(text).toContain('$12.50');
    expect(text).toContain('Sold while the register was offline');
    expect(text).toContain(provisionalReceiptNumber(sale.saleId));
    // Pressed again: the same job, not a second receipt.
    await printSaleReceipt(input());
    expect((await client.job(sale.saleId)).status).toBe('printed');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(printer.received()).toHaveLength(before + 1);
    expect(serverCalls).toEqual([]);
  });

  it('prints a further copy on purpose under its own job id, marked REPRINT', async () => {
    const before = printer.received().length;
    await printSaleReceipt(input());
    await printedText(before + 1);
    const again = randomUUID();
    await printSaleReceipt(input({ copy: 'reprint', jobId: again }));
    const text = await printedText(before + 2);
    expect(text).toContain('REPRINT');
    expect(text).toContain('$12.50');
    expect((await client.job(again)).status).toBe('printed');
    // That press retried (a lost answer): still one further copy.
    await printSaleReceipt(input({ copy: 'reprint', jobId: again }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(printer.received()).toHaveLength(before + 2);
  });

  it("prints the server's bytes for a sale the server holds while it answers", async () => {
    const before = printer.received().length;
    const outcome = await printSaleReceipt(
      input({ online: true, onServer: async () => ({ known: true, receiptNumber: 7 }) }),
    );
    expect(outcome).toEqual({ printedBy: 'server' });
    expect(serverCalls).toEqual(['customer']);
    expect(await printedText(before + 1)).toContain(`SERVER ${sale.saleId}`);
  });

  it('renders here, with the real number, when the server holds the sale but does not answer', async () => {
    const before = printer.received().length;
    const outcome = await printSaleReceipt(
      input({
        online: true,
        onServer: async () => ({ known: true, receiptNumber: 7 }),
        printFromServer: async () => {
          throw new TypeError('fetch failed');
        },
      }),
    );
    expect(outcome).toEqual({ printedBy: 'register', provisionalNumber: false });
    expect(await printedText(before + 1)).toContain('000007');
  });

  it("renders an online sale not yet synced here, and keeps the server's refusals", async () => {
    const before = printer.received().length;
    expect(await printSaleReceipt(input({ online: true }))).toMatchObject({
      printedBy: 'register',
    });
    await printer.waitForJobs(before + 1);
    const refused = printSaleReceipt(
      input({
        sale: { ...sale, saleId: randomUUID() },
        online: true,
        onServer: async () => ({ known: true, receiptNumber: 8 }),
        printFromServer: async () => {
          throw new TillpointApiError(403, { code: 'auth.forbidden', message: 'No.' });
        },
      }),
    );
    await expect(refused).rejects.toMatchObject({ code: 'auth.forbidden' });
  });

  it('prints the gift copy under its own job id, without prices', async () => {
    const before = printer.received().length;
    await printSaleReceipt(input({ copy: 'gift' }));
    const text = await printedText(before + 1);
    expect(text).toContain('GIFT RECEIPT');
    expect(text).not.toContain('12.50');
    expect((await client.job(receiptJobId(sale.saleId, 'gift'))).status).toBe('printed');
  });

  it('says so when the copy already printed from the other source', async () => {
    const before = printer.received().length;
    await printSaleReceipt(input());
    await printer.waitForJobs(before + 1);
    const synced = printSaleReceipt(
      input({ online: true, onServer: async () => ({ known: true, receiptNumber: 9 }) }),
    );
    await expect(synced).rejects.toMatchObject({ code: 'receipt.already_printed' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(printer.received()).toHaveLength(before + 1);
  });

  it('explains, and prints nothing, without a profile or a printer it can render for', async () => {
    const before = printer.received().length;
    await expect(printSaleReceipt(input({ profile: null }))).rejects.toMatchObject({
      code: 'receipt.profile_missing',
    });
    await expect(
      printSaleReceipt(input({ profile: profile({ registerId, printer: null }) })),
    ).rejects.toMatchObject({ code: 'printer.not_configured' });
    const cloud = { plugin: 'printer-cloud', version: '1.0.0', settings: {} };
    await expect(
      printSaleReceipt(input({ profile: profile({ registerId, printer: cloud }) })),
    ).rejects.toMatchObject({ code: 'printer.offline_unsupported' });
    const wrong = { plugin: 'printer-escpos', version: '0.1.0', settings: { paperWidthMm: 76 } };
    await expect(
      printSaleReceipt(input({ profile: profile({ registerId, printer: wrong }) })),
    ).rejects.toMatchObject({ code: 'printer.settings_invalid' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(printer.received()).toHaveLength(before);
  });
});
