// A customer brings back what they bought and takes something dearer instead. On the Back Till
// (its own receipt numbers and shift), the cashier sells a bag of trail mix for cash, finds that
// sale on the returns screen, exchanges the bag for a notebook and takes the difference partly on
// the stand-alone card terminal (its approval code typed in) and the rest in cash. The server
// must hold one exchange: the bag refunded into the new sale, the new sale holding the notebook
// and the terminal and cash payments, every amount equal to what the screen showed; both
// receipts print.

import type { Page } from '@playwright/test';
import { ok } from '@tillpoint/api-client';
import { control, expect, product, type StackInfo, test } from '../support/index.ts';
import {
  enableReceiptPrinting,
  figure,
  minorOf,
  ownerClient,
  scan,
  signIn,
  usd,
} from '../support/journey.ts';

test.use({ actionTimeout: 15_000 });

test.afterAll(async () => {
  // This journey paired the bridge; the next journey (or the smoke spec) pairs it again.
  expect((await control.reopenBridgePairing()).code).toMatch(/^\d{6,}$/);
});

const statusBar = (page: Page) => page.getByRole('banner');

/** Pairs the Back Till and its printer bridge, signs Casey in, makes sure the shift is open. */
async function startOnBackTill(page: Page, stack: StackInfo): Promise<void> {
  const { code } = await control.pairingCode(stack.backRegister.id);
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'Pair this register' })).toBeVisible();
  await page.getByLabel('Pairing code').fill(code);
  await page.getByRole('button', { name: 'Pair register' }).click();
  await expect(page.getByText(`${stack.storeName} · ${stack.backRegister.name}`)).toBeVisible();
  await signIn(page, stack.cashier);
  await expect(statusBar(page).getByText(stack.backRegister.name)).toBeVisible();

  const offered =
    (await control.bridgePairingCode()).code ?? (await control.reopenBridgePairing()).code;
  expect(offered).toMatch(/^\d{6,}$/);
  await statusBar(page).getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Bridge address').fill(stack.bridge.url);
  await page.getByLabel('Bridge pairing code').fill(offered ?? '');
  await page.getByRole('button', { name: 'Pair bridge' }).click();
  await expect(page.getByText('Printer bridge paired.')).toBeVisible();
  await expect(page.getByText('Printer: ready')).toBeVisible();

  await statusBar(page).getByRole('link', { name: 'Shift' }).click();
  const open = page.getByRole('button', { name: 'Open shift' });
  const close = page.getByRole('button', { name: 'Close shift' });
  await expect(open.or(close)).toBeVisible();
  if (await open.isVisible()) {
    await page.getByLabel('Count of $20.00 notes').fill('5');
    await open.click();
    await expect(page.getByText('Shift open with a float of $100.00.')).toBeVisible();
  }
}

test('an exchange for a dearer item, the difference paid on the terminal and in cash', async ({
  page,
  stack,
}) => {
  test.setTimeout(180_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const trailMix = product('Trail Mix');
  const notebook = product('Notebook A5');
  const barcodeOf = (item: typeof notebook) => {
    if (!item.barcode) throw new Error(`${item.name} has no barcode`);
    return item.barcode;
  };
  const withTax = (priceMinor: number) =>
    priceMinor + Math.round((priceMinor * stack.taxRatePpm) / 1_000_000);
  const owner = await ownerClient();
  await enableReceiptPrinting();
  await startOnBackTill(page, stack);

  let receiptNumber = '';
  const soldMinor = withTax(trailMix.priceMinor);
  const earlier = new Set(
    (await control.sales(stack.backRegister.id)).sales.map((sale) => sale.id),
  );
  await test.step('sell a bag of trail mix for exact cash', async () => {
    await statusBar(page).getByRole('link', { name: 'Sell' }).click();
    await scan(page, barcodeOf(trailMix));
    await expect(page.getByRole('list', { name: 'Cart' }).getByRole('listitem')).toHaveCount(1);
    await page.getByRole('button', { name: /^Pay / }).click();
    const tender = page.getByRole('region', { name: 'Tender' });
    await tender.getByRole('button', { name: 'Exact', exact: true }).click();
    await tender.getByRole('button', { name: 'Complete sale' }).click();
    const receipt = page.getByRole('region', { name: 'Receipt' });
    await expect(receipt.getByRole('heading', { name: 'Sale complete' })).toBeVisible();
    await expect(receipt).toContainText(usd(soldMinor));
  });

  // The sale reaches the server (through the outbox when the register saved it first); its
  // receipt number is the one the customer's paper receipt carries.
  const fresh = async () =>
    (await control.sales(stack.backRegister.id)).sales.filter((sale) => !earlier.has(sale.id));
  await expect.poll(async () => (await fresh()).length, { timeout: 20_000 }).toBe(1);
  const original = (await fresh())[0];
  if (!original) throw new Error('the sale is not on the server');
  expect(original.status).toBe('completed');
  expect(original.totalMinor).toBe(soldMinor);
  receiptNumber = String(original.receiptNumber);
  // The receipt on screen picks up the server's number once the sale has synced.
  await expect(page.getByRole('region', { name: 'Receipt' })).toContainText(
    `Receipt ${original.receiptNumber}`,
  );

  const shown = { returned: 0, added: 0, pays: 0, change: 0, terminal: 0 };
  const CASH_MINOR = 1_000;
  const APPROVAL = 'AP7731';
  await test.step('find the sale, bring the bag back, scan the notebook, split the difference', async () => {
    await statusBar(page).getByRole('link', { name: 'Returns' }).click();
    await page.getByLabel('Receipt number or barcode').fill(receiptNumber);
    await page.getByRole('button', { name: 'Find sale' }).click();
    // Receipt numbers are per register: another till may have the same number.
    const matches = page.getByRole('list', { name: 'Matching sales' });
    const heading = page.getByRole('heading', { name: new RegExp(`^Sale ${receiptNumber} `) });
    await expect(matches.or(heading)).toBeVisible();
    if (await matches.isVisible())
      await matches.getByRole('button', { name: /this register/ }).click();
    await expect(heading).toBeVisible();
    await page.getByLabel(`Return quantity of ${trailMix.name}`).fill('1');
    await page.getByRole('button', { name: 'Exchange', exact: true }).click();

    const exchange = page.getByRole('region', { name: 'Exchange', exact: true });
    await expect(exchange).toBeVisible();
    await scan(page, barcodeOf(notebook));
    await expect(exchange.getByRole('list', { name: 'New items' })).toContainText(notebook.name);
    shown.returned = await figure(exchange, 'Returned');
    shown.added = await figure(exchange, 'New items');
    shown.pays = await figure(exchange, 'Customer pays');
    expect(shown.returned).toBe(soldMinor);
    expect(shown.added).toBe(withTax(notebook.priceMinor));
    expect(shown.pays).toBe(shown.added - shown.returned);
    expect(shown.pays).toBeLessThan(CASH_MINOR);
    await expect(exchange.getByRole('button', { name: 'Complete exchange' })).toBeDisabled();

    // Half on the stand-alone terminal: refused without its approval code, taken with it.
    shown.terminal = Math.floor(shown.pays / 2);
    await exchange.getByRole('button', { name: 'External terminal', exact: true }).click();
    await exchange.getByLabel('Amount').fill(usd(shown.terminal).slice(1));
    await exchange.getByRole('button', { name: 'Add external terminal payment' }).click();
    await expect(exchange.getByText('Type the approval code from the terminal.')).toBeVisible();
    await exchange.getByLabel('Approval code').fill(APPROVAL);
    await exchange.getByRole('button', { name: 'Add external terminal payment' }).click();
    const taken = exchange.getByRole('list', { name: 'Payments taken' });
    await expect(taken).toContainText(`External terminal ${usd(shown.terminal)}`);
    expect(await figure(exchange, 'Still due')).toBe(shown.pays - shown.terminal);
    await expect(exchange.getByRole('button', { name: 'Complete exchange' })).toBeDisabled();

    await exchange.getByRole('button', { name: 'Cash', exact: true }).click();
    await exchange.getByLabel('Cash received').fill(usd(CASH_MINOR).slice(1));
    await exchange.getByRole('button', { name: 'Add amount' }).click();
    await expect(taken).toContainText(`Cash ${usd(CASH_MINOR)}`);
    shown.change = await figure(exchange, 'Change');
    expect(shown.change).toBe(CASH_MINOR - (shown.pays - shown.terminal));
  });

  const kicksBefore = (await control.printerJobs()).drawerKicks;
  let returnNumber = 0;
  let newSaleNumber = 0;
  await test.step('complete the exchange: both documents, the change, the drawer', async () => {
    await page.getByRole('button', { name: 'Complete exchange' }).click();
    const done = page.getByRole('region', { name: 'Exchange done', exact: true });
    await expect(done.getByRole('heading', { name: 'Exchange complete' })).toBeVisible();
    const numbers = /Return (\d+) · New sale (\d+)/.exec(
      await done.getByText(/^Return \d+ · New sale \d+/).innerText(),
    );
    returnNumber = Number(numbers?.[1]);
    newSaleNumber = Number(numbers?.[2]);
    expect(returnNumber).toBeGreaterThan(0);
    expect(newSaleNumber).toBeGreaterThan(0);
    expect(await figure(done, 'Returned')).toBe(shown.returned);
    expect(await figure(done, 'New items')).toBe(shown.added);
    expect(await figure(done, 'Customer paid')).toBe(shown.pays);
    expect(
      minorOf(await done.getByRole('status').filter({ hasText: 'Change due' }).innerText()),
    ).toBe(shown.change);
    // Cash went in: the drawer opened (the kick goes through the printer).
    await expect.poll(async () => (await control.printerJobs()).drawerKicks).toBe(kicksBefore + 1);
  });

  await test.step('the server holds the exchange: the bag refunded, the notebook sold', async () => {
    const refunds = await ok(
      owner.api.GET('/api/v1/sales/{id}/refunds', { params: { path: { id: original.id } } }),
    );
    expect(refunds).toHaveLength(1);
    const refund = refunds[0];
    if (!refund) throw new Error('no refund');
    expect(refund).toMatchObject({
      kind: 'exchange',
      destination: 'exchange',
      saleId: original.id,
      receiptNumber: returnNumber,
      totalMinor: shown.returned,
    });
    expect(refund.lines).toEqual([
      expect.objectContaining({ name: trailMix.name, quantity: 1, restock: true }),
    ]);
    expect(refund.payments.map((payment) => [payment.kind, payment.amountMinor])).toEqual([
      ['exchange', shown.returned],
    ]);
    // The original cash sale's tender was not paid back: the value went into the new sale.
    const sold = await ok(
      owner.api.GET('/api/v1/sales/{id}', { params: { path: { id: original.id } } }),
    );
    expect(sold.payments.map((payment) => [payment.kind, payment.appliedMinor])).toEqual([
      ['cash', soldMinor],
    ]);

    const newSaleId = refund.exchangeSaleId ?? '';
    const next = await ok(
      owner.api.GET('/api/v1/sales/{id}', { params: { path: { id: newSaleId } } }),
    );
    expect(next).toMatchObject({
      status: 'completed',
      receiptNumber: newSaleNumber,
      registerId: stack.backRegister.id,
      totalMinor: shown.added,
      changeMinor: shown.change,
    });
    expect(next.lines.map((line) => [line.name, line.quantity])).toEqual([[notebook.name, 1]]);
    const paid = next.payments.map((payment) => ({
      kind: payment.kind,
      tendered: payment.tenderedMinor,
      applied: payment.appliedMinor,
      change: payment.changeMinor,
      reference: payment.reference,
    }));
    expect(paid).toEqual([
      {
        kind: 'other',
        tendered: shown.returned,
        applied: shown.returned,
        change: 0,
        reference: `exchange:${refund.id}`,
      },
      {
        kind: 'external',
        tendered: shown.terminal,
        applied: shown.terminal,
        change: 0,
        reference: APPROVAL,
      },
      {
        kind: 'cash',
        tendered: CASH_MINOR,
        applied: shown.pays - shown.terminal,
        change: shown.change,
        reference: null,
      },
    ]);
  });

  await test.step('both receipts print through the bridge', async () => {
    const before = await control.printerJobs();
    await page.getByRole('button', { name: 'Print exchange receipts' }).click();
    await expect(page.getByText('Exchange receipts sent to the printer.')).toBeVisible();
    await expect.poll(async () => (await control.printerJobs()).count).toBe(before.count + 2);
    const [refundPrint, salePrint] = (await control.printerJobs()).jobs.slice(-2);
    expect(refundPrint?.text).toContain(trailMix.name);
    expect(refundPrint?.text).toContain(usd(shown.returned).slice(1));
    expect(salePrint?.text).toContain(notebook.name);
    expect(salePrint?.text).toContain(usd(shown.added).slice(1));
  });

  expect(pageErrors).toEqual([]);
});
