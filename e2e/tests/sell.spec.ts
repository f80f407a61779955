// A day at the front till, online: pair the register and its printer bridge, open the shift with
// a counted float, sell (cash + card split, then cash with change), take a return, close the
// shift blind and read the Z report with the manager's PIN. Every step is checked against what
// the server and the printer really got.
import { ok } from '@tillpoint/api-client';
import { expect, product, snap, test } from '../support/index.ts';
import {
  countDrawer,
  enableReceiptPrinting,
  figure,
  minorOf,
  ownerClient,
  pairRegister,
  scan,
  signIn,
  usd,
} from '../support/journey.ts';

const FLOAT = { '$20.00 notes': 3, '$10.00 notes': 3, '$5.00 notes': 2 }; // $100.00
const FLOAT_MINOR = 10_000;
const CASH_PART_MINOR = 1_000;

// A step that cannot happen fails in seconds, with the screen it was waiting on.
test.use({ actionTimeout: 15_000 });

test.afterAll(async ({ control }) => {
  // This journey paired the bridge; the next journey (or the smoke spec) pairs it again.
  expect((await control.reopenBridgePairing()).code).toMatch(/^\d{6,}$/);
});

test('a shift at the front till: split sale, cash sale, return, blind close', async ({
  page,
  stack,
  control,
}) => {
  test.setTimeout(240_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const notebook = product('Notebook A5');
  const trailMix = product('Trail Mix');
  const water = product('Sparkling Water');
  const barcodeOf = (item: typeof notebook) => {
    if (!item.barcode) throw new Error(`${item.name} has no barcode`);
    return item.barcode;
  };
  const owner = await ownerClient();
  await enableReceiptPrinting();

  await test.step('pair the register and its printer bridge', async () => {
    await pairRegister(page);
    await snap(page, 'pair');
    await page.getByRole('button', { name: 'Pair register' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByText(`${stack.storeName} · ${stack.registerName}`)).toBeVisible();
    await expect(page.getByRole('button', { name: /Casey Cashier/ })).toBeVisible();
    await snap(page, 'sign-in');

    await signIn(page, stack.cashier);
    await expect(page.getByRole('link', { name: 'Sell' })).toBeVisible();

    // The bridge offers a code only while pairing is open (another journey may have closed it).
    const offered =
      (await control.bridgePairingCode()).code ?? (await control.reopenBridgePairing()).code;
    expect(offered).toMatch(/^\d{6,}$/);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Bridge address').fill(stack.bridge.url);
    await page.getByLabel('Bridge pairing code').fill(offered ?? '');
    await page.getByRole('button', { name: 'Pair bridge' }).click();
    await expect(page.getByText('Printer bridge paired.')).toBeVisible();
    await expect(page.getByText('Printer: ready')).toBeVisible();
    expect((await control.bridgePairingCode()).code).toBeNull();
  });

  await test.step('open the shift with a counted float', async () => {
    await page.getByRole('link', { name: 'Shift' }).click();
    await expect(page.getByText('No open shift')).toBeVisible();
    await countDrawer(page, FLOAT);
    await expect(page.getByText(`Float ${usd(FLOAT_MINOR)}`)).toBeVisible();
    await page.getByRole('button', { name: 'Open shift' }).click();
    await expect(page.getByText(`Shift open with a float of ${usd(FLOAT_MINOR)}.`)).toBeVisible();
  });

  const salesBefore = (await control.sales()).sales.length;
  let splitTotal = 0;
  let splitReceipt = '';
  const printerBefore = await control.printerJobs();

  await test.step('scan items, pay part cash and the rest by card', async () => {
    await page.getByRole('link', { name: 'Sell' }).click();
    await scan(page, barcodeOf(notebook));
    await expect(
      page.getByRole('status').filter({ hasText: `Added ${notebook.name}` }),
    ).toBeVisible();
    await scan(page, barcodeOf(trailMix));
    await scan(page, barcodeOf(notebook));
    const cart = page.getByRole('list', { name: 'Cart' });
    await expect(cart.getByRole('listitem')).toHaveCount(2);
    const notebookLine = cart.getByRole('listitem').filter({ hasText: notebook.name });
    await expect(notebookLine.locator('.qty-value')).toHaveText('2');

    // 2 × 12.50 + 4.25 = 29.25 before tax; 8.25 % exclusive tax on top.
    const subtotal = 2 * notebook.priceMinor + trailMix.priceMinor;
    const checkout = page.getByRole('complementary', { name: 'Checkout' });
    expect(await figure(checkout, 'Subtotal')).toBe(subtotal);
    const tax = await figure(checkout, 'Tax');
    expect(Math.abs(tax - (subtotal * stack.taxRatePpm) / 1_000_000)).toBeLessThanOrEqual(1);
    splitTotal = await figure(checkout, 'Total');
    expect(splitTotal).toBe(subtotal + tax);
    await snap(page, 'sell-cart');

    await page.getByRole('button', { name: /^Pay / }).click();
    await page.getByLabel('Cash received').fill('10.00');
    await page.getByRole('button', { name: 'Add amount' }).click();
    const payments = page.getByRole('list', { name: 'Payments taken' });
    await expect(payments).toContainText(`Cash ${usd(CASH_PART_MINOR)}`);
    await expect(page.locator('.tender-due')).toContainText(usd(splitTotal - CASH_PART_MINOR));
    await snap(page, 'tender-split');

    await page.getByRole('button', { name: 'Card', exact: true }).click();
    await expect(page.getByText('No card reader is set')).toHaveCount(0);
    await page.getByLabel('Card amount').fill(usd(splitTotal - CASH_PART_MINOR).slice(1));
    await page.getByRole('button', { name: 'Charge' }).click();
    await expect(page.getByText('Present card on the reader')).toBeVisible();
    await snap(page, 'card-waiting');
    await control.presentCard();

    // The card settles the balance: the sale completes, or waits for "Complete sale".
    const receipt = page.getByRole('region', { name: 'Receipt' });
    const complete = page.getByRole('button', { name: 'Complete sale' });
    await expect(receipt.or(complete.and(page.locator(':enabled')))).toBeVisible({
      timeout: 20_000,
    });
    if (await complete.isVisible()) {
      await expect(page.getByText('Paid in full')).toBeVisible();
      await complete.click();
    }
    await expect(receipt.getByRole('heading', { name: 'Sale complete' })).toBeVisible();
    await expect(receipt).toContainText(usd(splitTotal));
    // The approval: the card's part is on the receipt next to the cash.
    const figures = receipt.locator('.receipt-figure');
    await expect(figures.filter({ hasText: 'Card' })).toHaveText(
      `Card${usd(splitTotal - CASH_PART_MINOR)}`,
    );
    await expect(figures.filter({ hasText: 'Cash' })).toHaveText(`Cash${usd(CASH_PART_MINOR)}`);
    const receiptText = await receipt.getByText(/^Receipt \d+/).innerText();
    splitReceipt = /Receipt (\d+)/.exec(receiptText)?.[1] ?? '';
    expect(splitReceipt).not.toBe('');
  });

  await test.step('the server holds the split sale once; the receipt prints', async () => {
    const sales = (await control.sales()).sales;
    expect(sales.length).toBe(salesBefore + 1);
    const sale = sales[0];
    expect(sale?.status).toBe('completed');
    expect(sale?.totalMinor).toBe(splitTotal);
    expect(sale?.receiptNumber).toBe(Number(splitReceipt));
    const full = await ok(
      owner.api.GET('/api/v1/sales/{id}', { params: { path: { id: sale?.id ?? '' } } }),
    );
    expect(
      full.payments.map((payment) => [payment.kind, payment.appliedMinor, payment.status]).sort(),
    ).toEqual([
      ['card', splitTotal - CASH_PART_MINOR, 'captured'],
      ['cash', CASH_PART_MINOR, 'captured'],
    ]);
    const lines = full.lines.map((line) => [line.name, line.quantity]).sort();
    expect(lines).toEqual([
      [notebook.name, 2],
      [trailMix.name, 1],
    ]);

    // Cash went in: the drawer opened (the kick goes through the printer).
    await expect
      .poll(async () => (await control.printerJobs()).drawerKicks)
      .toBe(printerBefore.drawerKicks + 1);
    await snap(page, 'receipt');
    const beforePrint = await control.printerJobs();
    await page.getByRole('button', { name: 'Print receipt' }).click();
    await expect(page.getByText('Receipt sent to the printer.')).toBeVisible();
    await expect.poll(async () => (await control.printerJobs()).count).toBe(beforePrint.count + 1);
    const printed = (await control.printerJobs()).jobs.at(-1);
    expect(printed?.text).toContain(notebook.name);
    expect(printed?.text).toContain(trailMix.name);
    expect(printed?.text).toContain(usd(splitTotal).slice(1));
    expect(printed?.cut).toBe(true);
  });

  let cashTotal = 0;
  await test.step('a cash sale with change due', async () => {
    await scan(page, barcodeOf(trailMix));
    await expect(page.getByRole('region', { name: 'Receipt' })).toHaveCount(0);
    await scan(page, barcodeOf(water));
    const checkout = page.getByRole('complementary', { name: 'Checkout' });
    await expect(page.getByRole('list', { name: 'Cart' }).getByRole('listitem')).toHaveCount(2);
    cashTotal = await figure(checkout, 'Total');
    expect(cashTotal).toBeLessThan(2_000);
    const kicksBefore = (await control.printerJobs()).drawerKicks;
    await page.getByRole('button', { name: /^Pay / }).click();
    await page.getByRole('button', { name: 'Take $20.00' }).click();
    await expect(page.getByText('Paid in full')).toBeVisible();
    await expect(page.locator('.tender-due .change')).toHaveText(
      `Change ${usd(2_000 - cashTotal)}`,
    );
    await page.getByRole('button', { name: 'Complete sale' }).click();
    const receipt = page.getByRole('region', { name: 'Receipt' });
    await expect(receipt.getByRole('status').filter({ hasText: 'Change due' })).toContainText(
      usd(2_000 - cashTotal),
    );
    await expect
      .poll(async () => (await control.sales()).sales.length, { timeout: 15_000 })
      .toBe(salesBefore + 2);
    const sale = (await control.sales()).sales[0];
    expect(sale?.status).toBe('completed');
    expect(sale?.totalMinor).toBe(cashTotal);
    expect(sale?.changeMinor).toBe(2_000 - cashTotal);
    await expect(page.getByRole('status').filter({ hasText: '0 unsynced' })).toBeVisible();
    await expect.poll(async () => (await control.printerJobs()).drawerKicks).toBe(kicksBefore + 1);
    // Replayed or not, the sale reaches the server exactly once.
    expect((await control.sales()).sales.filter((one) => one.id === sale?.id)).toHaveLength(1);
  });

  let refundMinor = 0;
  await test.step('return one notebook from the first sale', async () => {
    await page.getByRole('link', { name: 'Returns' }).click();
    await page.getByLabel('Receipt number or barcode').fill(splitReceipt);
    await page.getByRole('button', { name: 'Find sale' }).click();
    // Receipt numbers are per register: when another till has the same number, the register
    // lists both and the cashier picks the one from this till.
    const matches = page.getByRole('list', { name: 'Matching sales' });
    const heading = page.getByRole('heading', { name: new RegExp(`^Sale ${splitReceipt}`) });
    await expect(matches.or(heading)).toBeVisible();
    if (await matches.isVisible())
      await matches.getByRole('button', { name: /this register/ }).click();
    await expect(
      page.getByRole('heading', { name: new RegExp(`^Sale ${splitReceipt}`) }),
    ).toBeVisible();
    await page.getByLabel(`Return quantity of ${notebook.name}`).fill('1');
    await expect(page.getByLabel(`Restock ${notebook.name}`)).toBeChecked();
    await snap(page, 'returns');
    await page.getByRole('button', { name: 'Refund' }).click();
    const done = page.getByRole('region', { name: 'Refund receipt' });
    await expect(done.getByRole('heading', { name: /^Refund \d+/ })).toBeVisible();
    refundMinor = minorOf(await done.locator('.amount-huge').innerText());

    const sale = (await control.sales()).sales.find(
      (one) => one.receiptNumber === Number(splitReceipt),
    );
    const refunds = await ok(
      owner.api.GET('/api/v1/sales/{id}/refunds', { params: { path: { id: sale?.id ?? '' } } }),
    );
    expect(refunds).toHaveLength(1);
    const refund = refunds[0];
    const notebookTax = Math.round((notebook.priceMinor * stack.taxRatePpm) / 1_000_000);
    expect(refund?.totalMinor).toBe(notebook.priceMinor + notebookTax);
    expect(refund?.totalMinor).toBe(refundMinor);
    expect(refund?.lines).toEqual([
      expect.objectContaining({ name: notebook.name, quantity: 1, restock: true }),
    ]);
    // Cards first: the card paid more than the refund, so it all goes back to the card.
    expect(refund?.payments.map((payment) => [payment.kind, payment.amountMinor])).toEqual([
      ['card', refundMinor],
    ]);
  });

  await test.step('close the shift blind and read the Z report as manager', async () => {
    await page.getByRole('link', { name: 'Shift' }).click();
    await page.getByRole('button', { name: 'Close shift' }).click();
    const dialog = page.getByRole('dialog', { name: 'Close shift' });
    // Counted: the float, the $10 cash part and the cash sale, less a quarter gone missing.
    const counted = {
      '$20.00 notes': 5,
      '$10.00 notes': 1,
      '$5.00 notes': 1,
      '$1.00 notes': 1,
      '$0.25 coins': 2,
    };
    await countDrawer(dialog, counted);
    const countedMinor = 5 * 2000 + 1 * 1000 + 1 * 500 + 1 * 100 + 2 * 25;
    await expect(dialog.getByText(`Counted ${usd(countedMinor)}`)).toBeVisible();
    // Blind: nothing on the cashier's screen says what the drawer should hold.
    const expectedMinor = FLOAT_MINOR + CASH_PART_MINOR + cashTotal;
    expect(countedMinor - expectedMinor).toBe(-25);
    await expect(page.getByText(usd(expectedMinor))).toHaveCount(0);
    await snap(page, 'shift-close');
    await page.getByRole('button', { name: 'Confirm count and close' }).click();
    await expect(page.getByText(`Shift closed. Counted ${usd(countedMinor)}.`)).toBeVisible();
    await expect(page.getByText(usd(expectedMinor))).toHaveCount(0);

    // The cashier may not read the drawer's figures: the register asks for a manager at once
    // ("Show Z report (manager)" stays on the screen for later).
    const pin = page.getByRole('dialog', { name: 'Z report: manager PIN' });
    await expect(pin).toBeVisible();
    await expect(page.getByRole('button', { name: 'Show Z report (manager)' })).toHaveCount(1);
    await pin.getByRole('button', { name: stack.manager.name }).click();
    await pin.getByLabel('Manager PIN').fill(stack.manager.pin);
    await pin.getByRole('button', { name: 'Continue' }).click();
    const report = page.getByRole('article', { name: 'Z report' });
    await expect(report).toBeVisible();
    await snap(page, 'z-report');

    // The screen's figures are the server's, and they add up to the day.
    const sale = (await control.sales()).sales[0];
    const z = await ok(
      owner.api.GET('/api/v1/cash-sessions/{id}/z-report', {
        params: { path: { id: sale?.cashSessionId ?? '' } },
      }),
    );
    // Without format= the report is the JSON figures (the route also prints text and bytes).
    if (typeof z === 'string') throw new Error(`expected the JSON Z report, got: ${z}`);
    expect(z.drawer.openingFloatMinor).toBe(FLOAT_MINOR);
    expect(z.drawer.cashSalesMinor).toBe(CASH_PART_MINOR + cashTotal);
    expect(z.drawer.cashRefundsMinor).toBe(0);
    expect(z.drawer.expectedMinor).toBe(expectedMinor);
    expect(z.countedMinor).toBe(countedMinor);
    expect(z.overShortMinor).toBe(countedMinor - expectedMinor);
    expect(z.sales.count).toBe(2);
    expect(z.sales.totalMinor).toBe(splitTotal + cashTotal);
    expect(z.refunds.totalMinor).toBe(refundMinor);
    expect(await figure(report, 'Opening float')).toBe(FLOAT_MINOR);
    expect(await figure(report, 'Cash sales')).toBe(z.drawer.cashSalesMinor);
    expect(await figure(report, 'Expected in drawer')).toBe(expectedMinor);
    expect(await figure(report, 'Counted')).toBe(countedMinor);
    expect(await figure(report, 'Over / short')).toBe(countedMinor - expectedMinor);
    expect(await figure(report, 'Refunds')).toBe(refundMinor);

    // The Z report goes to the receipt printer to be stapled to the cash bag. Printing it is
    // the manager's too: the register asks for the PIN again, then the bridge prints it once.
    const beforeZ = await control.printerJobs();
    await page.getByRole('button', { name: 'Print Z report' }).click();
    const printPin = page.getByRole('dialog', { name: 'Print the Z report: manager PIN' });
    await printPin.getByRole('button', { name: stack.manager.name }).click();
    await printPin.getByLabel('Manager PIN').fill(stack.manager.pin);
    await printPin.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByText('Sent to the printer.', { exact: true })).toBeVisible();
    await expect.poll(async () => (await control.printerJobs()).count).toBe(beforeZ.count + 1);
    const zPaper = (await control.printerJobs()).jobs.at(-1);
    expect(zPaper?.text).toContain('*** Z REPORT ***');
    const shown = await figure(report, 'Over / short');
    const shortLine = zPaper?.lines.find((line) => line.startsWith('SHORT'));
    expect(shortLine).toMatch(new RegExp(` ${usd(shown).replace(/[$.]/g, '\\$&')}$`));
    expect(zPaper?.lines.find((line) => line.startsWith('COUNTED'))).toMatch(
      new RegExp(` ${usd(countedMinor).replace(/[$.]/g, '\\$&')}$`),
    );
    expect(zPaper?.opensDrawer).toBe(false);
    expect(zPaper?.cut).toBe(true);

    // A deliberate second copy is the bridge's reprint of the same bytes.
    await page.getByRole('button', { name: 'Reprint Z report' }).click();
    await expect(page.getByText('Reprint sent to the printer.')).toBeVisible();
    await expect.poll(async () => (await control.printerJobs()).count).toBe(beforeZ.count + 2);
    expect((await control.printerJobs()).jobs.at(-1)?.text).toBe(zPaper?.text);
  });

  expect(pageErrors).toEqual([]);
});
