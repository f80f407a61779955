// The X and Z reports printed: plain text rendered here and ESC/POS bytes from the business's
// printer plugin. The printed figures must be the JSON report's figures, to the cent.
import { connectAsOwner } from '@tillpoint/db/testing';
import { formatReceiptMoney } from '@tillpoint/domain';
import { ESC_POS_CONTENT_TYPE } from '@tillpoint/plugin-sdk';
import { escposPlugin } from '@tillpoint/printer-escpos';
import { decodeEscPos } from '@tillpoint/printer-escpos/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, createTestApp, type Response, type TestApp } from '../../testing/index.ts';
import { installPlugin } from '../plugins/test-support.ts';
import { getRaw } from '../receipts/test-support.ts';
import { createTax, openShop, type Shop, sell, stockedItem } from '../sales/refund-test-support.ts';
import type { XReportView, ZReportView } from './schemas.ts';
import { api, auditOf, expectRefusedWithoutTrace } from './test-support.ts';

let t: TestApp;
let owner: pg.Client;
let shop: Shop;
let other: Shop;

const usd = (minor: number, signed = false) =>
  formatReceiptMoney(minor, 'USD', 'en-US', { signed });

beforeAll(async () => {
  t = await createTestApp({ plugins: [escposPlugin] });
  owner = await connectAsOwner();
  shop = await openShop(t, 'Cash Bag Books');
  other = await openShop(t, 'Other Tenant Books');
  const book = await stockedItem(shop, 1_500, 20);
  await sell(shop.till, {
    lines: [{ variantId: book, quantity: 1 }],
    payments: [{ kind: 'cash', amountMinor: 2_000 }],
    expectedTotalMinor: 1_500,
  });
  await sell(shop.till, {
    lines: [{ variantId: book, quantity: 2 }],
    payments: [{ kind: 'external', amountMinor: 3_000, reference: 'AUTH-9' }],
    expectedTotalMinor: 3_000,
  });
  // A taxed sale (10 %) on the card terminal: the tax section, without touching the drawer.
  const taxed = await stockedItem(shop, 1_000, 5, {
    taxCategoryId: await createTax(shop.retailer.owner, 100_000),
  });
  await sell(shop.till, {
    lines: [{ variantId: taxed, quantity: 1 }],
    payments: [{ kind: 'external', amountMinor: 1_100, reference: 'AUTH-10' }],
    expectedTotalMinor: 1_100,
  });
  const paidOut = await shop.till.post(api(`/cash-sessions/${shop.cashSessionId}/movements`), {
    kind: 'pay_out',
    amountMinor: 725,
    reason: 'Window cleaner',
  });
  expect(paidOut.status, JSON.stringify(paidOut.body)).toBe(201);
});
afterAll(async () => {
  await owner.end();
  await t.close();
});

const path = (kind: 'x' | 'z', query: string, id = shop.cashSessionId) =>
  `/cash-sessions/${id}/${kind === 'x' ? 'report' : 'z-report'}${query}`;

async function printed(caller: Caller, kind: 'x' | 'z', query: string) {
  const response = await getRaw(caller, path(kind, query));
  expect(response.status, response.text).toBe(200);
  return response;
}

async function escposLines(caller: Caller, kind: 'x' | 'z'): Promise<string> {
  const response = await printed(caller, kind, '?format=escpos');
  expect(response.headers['content-type']).toBe(ESC_POS_CONTENT_TYPE);
  const decoded = decodeEscPos(new Uint8Array(response.bytes));
  expect(decoded.unknown).toEqual([]);
  expect(decoded.opensDrawer).toBe(false);
  for (const line of decoded.printedLines) expect(line.columns).toBeLessThanOrEqual(48);
  return decoded.lines.join('\n');
}

/** The printed line that starts with `label` (after any indent). */
function row(text: string, label: string): string {
  const found = text.split('\n').find((line) => line.trimStart().startsWith(label));
  if (found === undefined) throw new Error(`No line starts with ${label}:\n${text}`);
  return found;
}

function expectDrawerFigures(text: string, report: XReportView | ZReportView) {
  const { drawer } = report;
  expect(row(text, 'Opening float')).toMatch(
    new RegExp(` ${escapeRegex(usd(drawer.openingFloatMinor))}$`),
  );
  expect(row(text, 'Cash sales')).toMatch(
    new RegExp(` ${escapeRegex(usd(drawer.cashSalesMinor, true))}$`),
  );
  expect(row(text, 'Pay-outs (1)')).toMatch(
    new RegExp(` ${escapeRegex(usd(-drawer.payOutsMinor, true))}$`),
  );
  expect(row(text, 'Window cleaner')).toMatch(/ \$7\.25$/);
  expect(row(text, 'EXPECTED IN DRAWER')).toMatch(
    new RegExp(` ${escapeRegex(usd(drawer.expectedMinor))}$`),
  );
  expect(row(text, 'Net sales')).toMatch(new RegExp(` ${escapeRegex(usd(report.netSalesMinor))}$`));
  expect(row(text, 'Register')).toMatch(/ .+$/);
  expect(text).toContain('Cash Bag Books');
  // Tax per rate, as the JSON report totals it: 10 % on the $10.00 sale.
  expect(report.taxes).toHaveLength(1);
  const [tax] = report.taxes;
  expect(tax).toMatchObject({ ratePpm: 100_000, salesTaxableMinor: 1_000, netTaxMinor: 100 });
  expect(text).toContain('TAXES');
  expect(row(text, 'Rate 100000 10%')).toMatch(/ \$1\.00$/);
  expect(row(text, 'on sales of')).toMatch(/ \$10\.00$/);
}

const escapeRegex = (text: string) => text.replace(/[$.+]/g, (match) => `\\${match}`);

describe('the X report printed', () => {
  it('as text, with the figures of the JSON report (json stays the default)', async () => {
    const json = await shop.managerTill.get<XReportView>(api(path('x', '')));
    expect(json.status).toBe(200);
    expect(json.body.kind).toBe('x');
    // $150 float + $15 cash taken − $7.25 paid out.
    expect(json.body.drawer.expectedMinor).toBe(15_000 + 1_500 - 725);
    const text = (await printed(shop.managerTill, 'x', '?format=text&columns=32')).text;
    expect(text).toContain('*** X REPORT ***');
    expectDrawerFigures(text, json.body);
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(32);
  });

  it('as printer bytes only once a printer plugin is enabled, and audited', async () => {
    await expectRefusedWithoutTrace(
      owner,
      shop.retailer.tenantId,
      () => shop.managerTill.get(api(path('x', '?format=escpos'))),
      422,
      'printer.not_configured',
    );
    await installPlugin(shop.retailer, 'printer-escpos', { paperWidthMm: 80 });
    const json = await shop.managerTill.get<XReportView>(api(path('x', '')));
    const text = await escposLines(shop.managerTill, 'x');
    expect(text).toContain('*** X REPORT ***');
    expectDrawerFigures(text, json.body);
    const audit = await auditOf(owner, shop.retailer.tenantId, 'cash_report.printed');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_id: shop.manager.id,
      target_id: shop.cashSessionId,
      after: { kind: 'x', format: 'escpos' },
    });
  });
});

describe('refusals', () => {
  const refused = (attempt: () => Promise<Response<unknown>>, status: number, code: string) =>
    expectRefusedWithoutTrace(owner, shop.retailer.tenantId, attempt, status, code);

  it('a Z report of an open session, in every format', async () => {
    for (const format of ['json', 'text', 'escpos'])
      await refused(
        () => shop.managerTill.get(api(path('z', `?format=${format}`))),
        422,
        'cash_session.open',
      );
  });

  it('a cashier without cash.read, printed or not', async () => {
    for (const format of ['text', 'escpos'])
      await refused(
        () => shop.till.get(api(path('x', `?format=${format}`))),
        403,
        'auth.forbidden',
      );
  });

  it("another business's session is not found", async () => {
    for (const format of ['text', 'escpos'])
      await refused(
        () => other.retailer.owner.get(api(path('x', `?format=${format}`))),
        404,
        'cash_session.not_found',
      );
  });

  it('a format or a width that does not exist', async () => {
    await refused(
      () => shop.managerTill.get(api(path('x', '?format=pdf'))),
      400,
      'validation.failed',
    );
    await refused(
      () => shop.managerTill.get(api(path('x', '?format=text&columns=40'))),
      400,
      'validation.failed',
    );
  });
});

describe('the Z report printed at close', () => {
  it('prints the count, expected and over/short the JSON Z report has', async () => {
    // $20 × 7 + $1 × 7 + 25¢ × 2 = $147.50 counted against $157.75 expected: $10.25 short.
    const closed = await shop.managerTill.post(api(`/cash-sessions/${shop.cashSessionId}/close`), {
      counts: { '2000': 7, '100': 7, '25': 2 },
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    const json = await shop.managerTill.get<ZReportView>(api(path('z', '')));
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ kind: 'z', countedMinor: 14_750, overShortMinor: -1_025 });

    const text = await escposLines(shop.managerTill, 'z');
    expect(text).toContain('*** Z REPORT ***');
    expectDrawerFigures(text, json.body);
    expect(row(text, '7 x $20.00')).toMatch(/ \$140\.00$/);
    expect(row(text, '7 x $1.00')).toMatch(/ \$7\.00$/);
    expect(row(text, '2 x $0.25')).toMatch(/ \$0\.50$/);
    expect(row(text, 'COUNTED')).toMatch(/ \$147\.50$/);
    expect(row(text, 'SHORT')).toMatch(/ -\$10\.25$/);
    expect(row(text, 'Closed by')).toMatch(/ .+$/);

    const plain = (await printed(shop.managerTill, 'z', '?format=text&columns=48')).text;
    expect(row(plain, 'SHORT')).toMatch(/ -\$10\.25$/);

    const audit = await auditOf(owner, shop.retailer.tenantId, 'cash_report.printed');
    expect(audit.map((entry) => entry.after.kind)).toEqual(['x', 'z']);
  });
});
