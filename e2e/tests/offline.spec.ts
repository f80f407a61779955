// The store's internet drops in the middle of trading. The register keeps selling from its own
// catalog copy, survives a reload with the network still down, and once the connection is back
// the server holds every sale exactly once, stamped with the register's own times. The journey
// uses the store's second register ("Back Till") so its receipt numbers are its own.
import type { BrowserContext, Locator, Page } from '@playwright/test';
import {
  expect,
  goOffline,
  goOnline,
  product,
  type SalesList,
  type StackInfo,
  snap,
  test,
} from '../support/index.ts';
import { enableReceiptPrinting } from '../support/journey.ts';

type ServerSale = SalesList['sales'][number];

interface NotedSale {
  /** Integer minor units, read off the receipt panel. */
  readonly totalMinor: number;
  /** Wall-clock bounds around "Complete sale" (browser and runner share the machine's clock). */
  readonly before: number;
  readonly after: number;
}

/** "$12.34" (or "-$1.00") as integer cents. */
function minorOf(text: string): number {
  const match = /(-?)\$([\d,]+)\.(\d{2})/.exec(text);
  if (!match) throw new Error(`no dollar amount in "${text}"`);
  const [, sign = '', dollars = '0', cents = '0'] = match;
  const value = Number(dollars.replaceAll(',', '')) * 100 + Number(cents);
  return sign === '-' ? -value : value;
}

/** The expected total of one-each items under the store's exclusive 8.25 % tax. */
function expectedTotal(stack: StackInfo, names: readonly string[]): number {
  return names.reduce((sum, name) => {
    const price = product(name).priceMinor;
    return sum + price + Math.round((price * stack.taxRatePpm) / 1_000_000);
  }, 0);
}

const statusBar = (page: Page) => page.getByRole('banner');
const unsynced = (page: Page) =>
  statusBar(page)
    .getByRole('status')
    .filter({ hasText: /unsynced/ });
const connection = (page: Page) =>
  statusBar(page)
    .getByRole('status')
    .filter({ hasText: /^(Online|Offline)$/ });

/** Pairs the Back Till, signs Casey in and makes sure its shift is open. */
async function startOnBackTill(page: Page, stack: StackInfo, pairingCode: string): Promise<void> {
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'Pair this register' })).toBeVisible();
  await page.getByLabel('Pairing code').fill(pairingCode);
  await page.getByRole('button', { name: 'Pair register' }).click();

  await expect(page.getByText(`${stack.storeName} · ${stack.backRegister.name}`)).toBeVisible();
  await page.getByRole('button', { name: new RegExp(stack.cashier.name) }).click();
  await page.getByLabel('PIN', { exact: true }).fill(stack.cashier.pin);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(statusBar(page).getByText(stack.cashier.name)).toBeVisible();
  await expect(statusBar(page).getByText(stack.backRegister.name)).toBeVisible();

  await statusBar(page).getByRole('link', { name: 'Shift' }).click();
  const open = page.getByRole('button', { name: 'Open shift' });
  const close = page.getByRole('button', { name: 'Close shift' });
  await expect(open.or(close)).toBeVisible();
  if (await open.isVisible()) {
    await page.getByLabel('Count of $20.00 notes').fill('5');
    await open.click();
    await expect(page.getByText('Shift open with a float of $100.00.')).toBeVisible();
  }
  await statusBar(page).getByRole('link', { name: 'Sell' }).click();
  await expect(page.getByLabel('Scan or search')).toBeVisible();
}

/** The service worker is installed and controls this page (else a reload offline fails). */
async function ensureServiceWorkerControls(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
    await page.reload();
    await expect(page.getByLabel('Scan or search')).toBeVisible();
  }
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');
}

async function scan(page: Page, barcode: string | null, name: string): Promise<void> {
  if (barcode === null) throw new Error(`${name} has no barcode`);
  const box = page.getByLabel('Scan or search');
  await box.fill(barcode);
  await box.press('Enter');
  // The item is a line of the cart (its edit button), not only the "Added ..." flash.
  await expect(
    page.getByRole('region', { name: 'Sale' }).getByRole('button', { name: `Edit ${name}` }),
  ).toBeVisible();
}

/** Rings the items up and takes cash; returns what the receipt panel showed and when. */
async function cashSale(
  page: Page,
  items: readonly string[],
  tender: 'Exact' | 'Take $20.00' = 'Exact',
  onTender?: (page: Page) => Promise<void>,
): Promise<NotedSale> {
  for (const name of items) await scan(page, product(name).barcode, product(name).name);
  await page.getByRole('button', { name: /^Pay / }).click();
  const tenderPanel = page.getByRole('region', { name: 'Tender' });
  await expect(tenderPanel).toBeVisible();
  if (onTender) await onTender(page);
  await tenderPanel.getByRole('button', { name: tender, exact: true }).click();
  const before = Date.now();
  await tenderPanel.getByRole('button', { name: 'Complete sale' }).click();
  const receipt = page.getByRole('region', { name: 'Receipt' });
  await expect(receipt.getByRole('heading', { name: 'Sale complete' })).toBeVisible();
  const after = Date.now();
  const total = await receipt.locator('dt:text-is("Total") + dd').innerText();
  return { totalMinor: minorOf(total), before, after };
}

async function newSale(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'New sale' }).click();
  await expect(page.getByRole('button', { name: /^Pay / })).toBeDisabled();
}

async function serverSales(
  control: { sales: (registerId?: string) => Promise<SalesList> },
  registerId: string,
) {
  return (await control.sales(registerId)).sales;
}

function countById(sales: readonly ServerSale[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const sale of sales) counts.set(sale.id, (counts.get(sale.id) ?? 0) + 1);
  return counts;
}

async function expectCardRefusedOffline(page: Page): Promise<void> {
  const card = page.getByRole('region', { name: 'Tender' }).getByRole('button', { name: /^Card/ });
  await expect(card).toBeDisabled();
  await expect(card).toContainText('Not available offline');
  await snap(page, 'offline-tender-card-unavailable');
}

async function expectOutbox(page: Page, count: number): Promise<Locator> {
  const pill = unsynced(page);
  await expect(pill).toHaveText(`${count} unsynced`);
  return pill;
}

test.describe('selling through a network outage', () => {
  test.describe.configure({ timeout: 180_000 });

  test('sales made offline, across a reload, reach the server once each with the register times', async ({
    page,
    context,
    stack,
    control,
  }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const registerId = stack.backRegister.id;
    const earlier = await serverSales(control, registerId);

    await startOnBackTill(page, stack, (await control.pairingCode(registerId)).code);
    // The catalog copy is on the register: Settings counts what IndexedDB holds.
    await statusBar(page).getByRole('link', { name: 'Settings' }).click();
    await expect(
      page.getByText(new RegExp(`^${stack.products.length} items on this register, synced`)),
    ).toBeVisible();
    await statusBar(page).getByRole('link', { name: 'Sell' }).click();
    await ensureServiceWorkerControls(page);
    await expect(connection(page)).toHaveText('Online');
    await expectOutbox(page, 0);

    // The connection drops.
    await goOffline(context);
    await expect(connection(page)).toHaveText('Offline');

    const baskets: readonly (readonly string[])[] = [
      ['Sparkling Water'],
      ['Trail Mix', 'Mint Gum'],
      ['Notebook A5'],
      ['Espresso Beans'],
    ];
    const noted: NotedSale[] = [];
    noted.push(await cashSale(page, baskets[0] ?? [], 'Exact', expectCardRefusedOffline));
    await expect(
      page.getByText('Saved on this register; it will sync when the server is back.'),
    ).toBeVisible();
    await expectOutbox(page, 1);
    await newSale(page);
    noted.push(await cashSale(page, baskets[1] ?? [], 'Take $20.00'));
    await expect(
      page.getByRole('region', { name: 'Receipt' }).getByText('Change due'),
    ).toBeVisible();
    await newSale(page);
    noted.push(await cashSale(page, baskets[2] ?? []));
    await expectOutbox(page, 3);
    await snap(page, 'offline-status-unsynced');

    // Sign-out would strand the queued sales (they replay with this cashier's session).
    await statusBar(page).getByRole('link', { name: 'Settings' }).click();
    const signOut = page.getByRole('button', { name: 'Sign out' });
    await expect(signOut).toBeDisabled();
    await expect(
      page.getByText('Sign-out waits until the 3 unsynced sales reach the server'),
    ).toBeVisible();

    // A reload with the network still down: the service worker opens the register.
    await page.reload();
    await expect(connection(page)).toHaveText('Offline');
    await expect(statusBar(page).getByText(stack.cashier.name)).toBeVisible();
    await expectOutbox(page, 3);
    await statusBar(page).getByRole('link', { name: 'Sell' }).click();
    await expect(page.getByLabel('Scan or search')).toBeVisible();
    await snap(page, 'offline-register-reopened');
    noted.push(await cashSale(page, baskets[3] ?? []));
    await expectOutbox(page, 4);

    // Nothing reached the server while offline.
    expect((await serverSales(control, registerId)).length).toBe(earlier.length);

    // The connection comes back: the outbox drains on its own.
    const backOnlineAt = Date.now();
    await goOnline(context);
    await expect(connection(page)).toHaveText('Online');
    await expectOutbox(page, 0);
    // The last sale's receipt panel follows the sync: no more "will sync", the server's number.
    const receipt = page.getByRole('region', { name: 'Receipt' });
    await expect(receipt.getByText('Synced to the server.')).toBeVisible();
    await snap(page, 'offline-synced');

    const known = new Set(earlier.map((sale) => sale.id));
    const all = await serverSales(control, registerId);
    const fresh = all
      .filter((sale) => !known.has(sale.id))
      .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
    expect(fresh).toHaveLength(4);
    expect([...countById(all).values()].every((count) => count === 1)).toBe(true);
    expect(new Set(fresh.map((sale) => sale.id)).size).toBe(4);
    const slack = 3_000;
    fresh.forEach((sale, index) => {
      const seen = noted[index];
      if (!seen) throw new Error(`no noted sale ${index}`);
      expect(sale.status).toBe('completed');
      expect(sale.origin).toBe('offline');
      expect(sale.offlineReference).toMatch(/^OFF-[0-9A-F]{8}$/);
      expect(sale.totalMinor).toBe(seen.totalMinor);
      expect(sale.totalMinor).toBe(expectedTotal(stack, baskets[index] ?? []));
      expect(sale.balanceDueMinor).toBe(0);
      expect(sale.cashierId).toBe(stack.cashier.id);
      const occurred = Date.parse(sale.occurredAt);
      expect(occurred).toBeGreaterThanOrEqual(seen.before - slack);
      expect(occurred).toBeLessThanOrEqual(seen.after + slack);
      expect(occurred).toBeLessThan(backOnlineAt);
    });
    // The server numbers them in the order they were made, without gaps.
    const numbers = fresh.map((sale) => sale.receiptNumber);
    const first = numbers[0];
    if (typeof first !== 'number') throw new Error(`no receipt number: ${String(first)}`);
    expect(numbers).toEqual([first, first + 1, first + 2, first + 3]);
    await expect(receipt.getByText(`Receipt ${first + 3}`, { exact: true })).toBeVisible();

    // Everything synced: now the cashier may sign out.
    await statusBar(page).getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByText(/unsynced sales? reach the server/)).toHaveCount(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    expect(pageErrors).toEqual([]);
  });

  test('queued sales whose first answer is lost on the way back are held once each', async ({
    page,
    context,
    stack,
    control,
  }) => {
    const registerId = stack.backRegister.id;
    const earlier = await serverSales(control, registerId);
    await startOnBackTill(page, stack, (await control.pairingCode(registerId)).code);

    // Two sales wait in the outbox while the store is offline.
    await goOffline(context);
    await expect(connection(page)).toHaveText('Offline');
    const noted = [await cashSale(page, ['Sparkling Water'])];
    await newSale(page);
    noted.push(await cashSale(page, ['Trail Mix']));
    await expectOutbox(page, 2);

    // The server takes the first submission, but its answer never reaches the register: the
    // connection drops just after the sale was committed. (Installed only now: a routed request
    // is fetched by the test runner, which the browser's offline switch does not cover.)
    const answers: { saleId: string; status: number; replayed: boolean; lost: boolean }[] = [];
    await context.route('**/api/v1/sales/submit', async (route) => {
      const sent = route.request().postDataJSON() as { id: string };
      const response = await route.fetch();
      const lost = answers.length === 0;
      answers.push({
        saleId: sent.id,
        status: response.status(),
        replayed: response.headers()['idempotent-replayed'] === 'true',
        lost,
      });
      if (lost) await route.abort('connectionreset');
      else await route.fulfill({ response });
    });

    // Back online: the first answer is lost, the outbox backs off, resends, then goes on.
    await goOnline(context);
    await expect
      .poll(() => answers.filter((answer) => !answer.lost).length, { timeout: 30_000 })
      .toBe(2);
    await expectOutbox(page, 0);
    await context.unrouteAll({ behavior: 'wait' });

    const [first, resent, second] = answers;
    expect(answers).toHaveLength(3);
    expect(first).toMatchObject({ status: 201, replayed: false, lost: true });
    // The resend is the same sale, answered with the stored answer to the first attempt.
    expect(resent).toMatchObject({ saleId: first?.saleId, status: 201, replayed: true });
    expect(second).toMatchObject({ status: 201, replayed: false });
    expect(second?.saleId).not.toBe(first?.saleId);

    const known = new Set(earlier.map((entry) => entry.id));
    const all = await serverSales(control, registerId);
    const fresh = all
      .filter((entry) => !known.has(entry.id))
      .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
    expect([...countById(all).values()].every((count) => count === 1)).toBe(true);
    expect(fresh.map((entry) => entry.id)).toEqual([first?.saleId, second?.saleId]);
    expect(fresh.map((entry) => entry.totalMinor)).toEqual(noted.map((sale) => sale.totalMinor));
    expect(fresh.every((entry) => entry.origin === 'offline' && entry.status === 'completed')).toBe(
      true,
    );
    const [one, two] = fresh.map((entry) => entry.receiptNumber);
    expect(typeof one).toBe('number');
    expect(two).toBe((one ?? 0) + 1);
  });
});

const CASHIER_KEY = 'tillpoint.register.cashier';

/** The PIN-session token the register holds for the signed-in cashier. */
async function cashierToken(page: Page): Promise<string> {
  const token = await page.evaluate(
    (key) => (JSON.parse(localStorage.getItem(key) ?? '{}') as { token?: string }).token,
    CASHIER_KEY,
  );
  if (typeof token !== 'string') throw new Error('no cashier session in the register');
  return token;
}

test.describe('a PIN session that runs out during an outage', () => {
  test.describe.configure({ timeout: 180_000 });

  test('the cashier keeps selling, signs in once the connection is back, and the sales are theirs', async ({
    page,
    context,
    stack,
    control,
  }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const registerId = stack.backRegister.id;
    const earlier = await serverSales(control, registerId);
    await startOnBackTill(page, stack, (await control.pairingCode(registerId)).code);
    await ensureServiceWorkerControls(page);
    await expect(connection(page)).toHaveText('Online');
    const oldToken = await cashierToken(page);

    await goOffline(context);
    await expect(connection(page)).toHaveText('Offline');
    // The session runs out while the store is cut off: the server no longer takes its token, and
    // the register's copy says it has expired (seen at the next start, as after a long night).
    const ended = await fetch(`${stack.platformUrl}/api/v1/device/sessions/current/end`, {
      method: 'POST',
      headers: { authorization: `Bearer ${oldToken}` },
    });
    expect(ended.status).toBe(204);
    await page.evaluate((key) => {
      const session = JSON.parse(localStorage.getItem(key) ?? '{}') as Record<string, unknown>;
      session.expiresAt = new Date(Date.now() - 60_000).toISOString();
      localStorage.setItem(key, JSON.stringify(session));
    }, CASHIER_KEY);
    await page.reload();

    // Still selling, told what happened.
    await expect(
      page.getByText('Your session ran out while offline. Keep selling; sign in again when'),
    ).toBeVisible();
    await expect(statusBar(page).getByText(stack.cashier.name)).toBeVisible();
    await expect(connection(page)).toHaveText('Offline');
    const noted = [await cashSale(page, ['Sparkling Water'])];
    await newSale(page);
    noted.push(await cashSale(page, ['Mint Gum']));
    await expectOutbox(page, 2);
    await snap(page, 'offline-session-ran-out');
    expect((await serverSales(control, registerId)).length).toBe(earlier.length);
    // A third customer is being rung up when the connection returns.
    await newSale(page);
    await scan(page, product('Trail Mix').barcode, product('Trail Mix').name);

    // The connection comes back: the register asks the same cashier to sign in again.
    await goOnline(context);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByText(`${stack.cashier.name}, your session has run out.`)).toBeVisible();
    await page.getByRole('button', { name: new RegExp(stack.cashier.name) }).click();
    await page.getByLabel('PIN', { exact: true }).fill(stack.cashier.pin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(statusBar(page).getByText(stack.cashier.name)).toBeVisible();
    await expect(connection(page)).toHaveText('Online');
    const newToken = await cashierToken(page);
    expect(newToken).not.toBe(oldToken);
    // The open cart came through the sign-in.
    await expect(
      page
        .getByRole('region', { name: 'Sale' })
        .getByRole('button', { name: `Edit ${product('Trail Mix').name}` }),
    ).toBeVisible();

    // The queued sales went out under the new session: none left, none set aside.
    await expectOutbox(page, 0);
    await expect(statusBar(page).getByText(/need attention/)).toHaveCount(0);
    await expect(page.getByText('Your session ran out while offline.')).toHaveCount(0);
    const known = new Set(earlier.map((sale) => sale.id));
    const all = await serverSales(control, registerId);
    const fresh = all
      .filter((sale) => !known.has(sale.id))
      .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
    expect(fresh).toHaveLength(2);
    expect([...countById(all).values()].every((count) => count === 1)).toBe(true);
    expect(fresh.map((sale) => sale.totalMinor)).toEqual(noted.map((sale) => sale.totalMinor));
    for (const sale of fresh) {
      const read = await fetch(`${stack.platformUrl}/api/v1/sales/${sale.id}`, {
        headers: { authorization: `Bearer ${newToken}` },
      });
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({
        id: sale.id,
        status: 'completed',
        origin: 'offline',
        cashierId: stack.cashier.id,
      });
    }
    expect(pageErrors).toEqual([]);
  });
});

/**
 * The shop's internet goes down: the platform stops answering, while the printer bridge on the
 * store PC still does. (The browser's offline switch would cut the bridge too, as it also runs on
 * 127.0.0.1.) The 'offline' event tells the register at once, as the operating system would.
 */
async function internetDown(context: BrowserContext, page: Page): Promise<void> {
  const platform = new URL(page.url()).origin;
  await context.route(
    (url) => url.origin === platform && !url.pathname.startsWith('/register/'),
    (route) => route.abort('internetdisconnected'),
  );
  await page.evaluate(() => window.dispatchEvent(new Event('offline')));
}

async function internetBack(context: BrowserContext, page: Page): Promise<void> {
  await context.unrouteAll({ behavior: 'wait' });
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
}

test.describe('printing through a network outage', () => {
  test.describe.configure({ timeout: 180_000 });

  test.afterAll(async ({ control }) => {
    // This journey paired the bridge with the Back Till; the next journey pairs it again.
    expect((await control.reopenBridgePairing()).code).toMatch(/^\d{6,}$/);
  });

  test('a receipt prints from the register while the platform is unreachable', async ({
    page,
    context,
    stack,
    control,
  }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const registerId = stack.backRegister.id;
    await enableReceiptPrinting();
    const earlier = await serverSales(control, registerId);

    // Pairing and sign-in fetch the register's receipt profile (printer settings included).
    const profileFetched = page.waitForResponse(
      (response) => response.url().includes('/receipt-profile') && response.ok(),
    );
    await startOnBackTill(page, stack, (await control.pairingCode(registerId)).code);
    await profileFetched;
    const offered =
      (await control.bridgePairingCode()).code ?? (await control.reopenBridgePairing()).code;
    await statusBar(page).getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Bridge address').fill(stack.bridge.url);
    await page.getByLabel('Bridge pairing code').fill(offered ?? '');
    await page.getByRole('button', { name: 'Pair bridge' }).click();
    await expect(page.getByText('Printer bridge paired.')).toBeVisible();
    await statusBar(page).getByRole('link', { name: 'Sell' }).click();
    await expect(connection(page)).toHaveText('Online');

    await internetDown(context, page);
    await expect(connection(page)).toHaveText('Offline');
    const printerBefore = await control.printerJobs();
    const sold = await cashSale(page, ['Trail Mix', 'Sparkling Water']);
    expect(sold.totalMinor).toBe(expectedTotal(stack, ['Trail Mix', 'Sparkling Water']));
    await expectOutbox(page, 1);
    // Cash went in: the drawer opened, through the bridge, as online.
    await expect
      .poll(async () => (await control.printerJobs()).drawerKicks)
      .toBe(printerBefore.drawerKicks + 1);

    const receipt = page.getByRole('region', { name: 'Receipt' });
    const beforePrint = await control.printerJobs();
    await receipt.getByRole('button', { name: 'Print receipt' }).click();
    await expect(
      receipt.getByText('Receipt printed from this register; receipt number given when synced.'),
    ).toBeVisible();
    await expect.poll(async () => (await control.printerJobs()).count).toBe(beforePrint.count + 1);
    const printed = (await control.printerJobs()).jobs.at(-1);
    expect(printed?.text).toContain(product('Trail Mix').name);
    expect(printed?.text).toContain((sold.totalMinor / 100).toFixed(2));
    expect(printed?.text).toContain('Sold while the register was offline');
    expect(printed?.text).toMatch(/PENDING-[0-9A-F]{8}/);
    expect(printed?.cut).toBe(true);
    await snap(page, 'offline-receipt-printed');

    // The customer asks for another copy: the button now reprints, and the copy says so.
    const reprint = receipt.getByRole('button', { name: 'Reprint receipt' });
    await reprint.click();
    await expect.poll(async () => (await control.printerJobs()).count).toBe(beforePrint.count + 2);
    const copy = (await control.printerJobs()).jobs.at(-1);
    expect(copy?.text).toContain('REPRINT');
    expect(copy?.text).toMatch(/PENDING-[0-9A-F]{8}/);
    await expect(reprint).toBeEnabled();

    // Nothing reached the server while it was out of reach; once it is back, the sale does, once.
    expect((await serverSales(control, registerId)).length).toBe(earlier.length);
    await internetBack(context, page);
    await expect(connection(page)).toHaveText('Online');
    await expectOutbox(page, 0);
    await expect(receipt.getByText('Synced to the server.')).toBeVisible();
    // Synced: a further copy comes from the server (audited there), with the number it gave.
    await reprint.click();
    await expect.poll(async () => (await control.printerJobs()).count).toBe(beforePrint.count + 3);
    const fromServer = (await control.printerJobs()).jobs.at(-1);
    expect(fromServer?.text).toContain('REPRINT');
    expect(fromServer?.text).not.toMatch(/PENDING-/);
    const known = new Set(earlier.map((sale) => sale.id));
    const all = await serverSales(control, registerId);
    const fresh = all.filter((sale) => !known.has(sale.id));
    expect(fresh).toHaveLength(1);
    expect([...countById(all).values()].every((count) => count === 1)).toBe(true);
    expect(fresh[0]).toMatchObject({
      status: 'completed',
      origin: 'offline',
      totalMinor: sold.totalMinor,
    });
    expect(pageErrors).toEqual([]);
  });
});

test.describe('signing in while the platform is unreachable', () => {
  test.describe.configure({ timeout: 180_000 });

  test('a cashier who signed in online here before signs in offline, sells, and the sales reach the server without a new sign-in', async ({
    page,
    context,
    stack,
    control,
  }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const registerId = stack.backRegister.id;
    const earlier = await serverSales(control, registerId);
    // An online sign-in leaves this cashier's offline credential on the register.
    await startOnBackTill(page, stack, (await control.pairingCode(registerId)).code);
    await ensureServiceWorkerControls(page);
    await expect(connection(page)).toHaveText('Online');
    await expectOutbox(page, 0);
    await statusBar(page).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

    // The shift changes during the outage.
    await goOffline(context);
    await expect(
      page.getByText('The server cannot be reached. Cashiers who signed in'),
    ).toBeVisible();
    await page.getByRole('button', { name: new RegExp(stack.cashier.name) }).click();
    await page.getByLabel('PIN', { exact: true }).fill(stack.cashier.pin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(statusBar(page).getByText(stack.cashier.name)).toBeVisible();
    await expect(
      page.getByText('Signed in offline — sales are kept and sent when the connection returns.'),
    ).toBeVisible();
    const noted = [await cashSale(page, ['Sparkling Water'])];
    await newSale(page);
    noted.push(await cashSale(page, ['Mint Gum']));
    await expectOutbox(page, 2);
    await snap(page, 'offline-sign-in-selling');
    expect((await serverSales(control, registerId)).length).toBe(earlier.length);

    // The connection returns; the cashier has gone home and nobody signs in.
    await goOnline(context);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    const known = new Set(earlier.map((sale) => sale.id));
    await expect
      .poll(async () => (await serverSales(control, registerId)).filter((s) => !known.has(s.id)))
      .toHaveLength(2);
    const all = await serverSales(control, registerId);
    expect([...countById(all).values()].every((count) => count === 1)).toBe(true);
    const fresh = all
      .filter((sale) => !known.has(sale.id))
      .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
    expect(fresh.map((sale) => sale.totalMinor)).toEqual(noted.map((sale) => sale.totalMinor));

    // Read back as the store's manager (a PIN session on this register's device).
    const deviceToken = await page.evaluate(
      () =>
        (
          JSON.parse(localStorage.getItem('tillpoint.register.device') ?? '{}') as {
            deviceToken?: string;
          }
        ).deviceToken ?? '',
    );
    const signedIn = await fetch(`${stack.platformUrl}/api/v1/device/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${deviceToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ userId: stack.manager.id, pin: stack.manager.pin }),
    });
    expect(signedIn.status).toBe(201);
    const { token } = (await signedIn.json()) as { token: string };
    for (const sale of fresh) {
      const read = await fetch(`${stack.platformUrl}/api/v1/sales/${sale.id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(read.status).toBe(200);
      const body = (await read.json()) as { flags: { code: string }[] };
      expect(body).toMatchObject({
        id: sale.id,
        status: 'completed',
        origin: 'offline',
        cashierId: stack.cashier.id,
      });
      expect(body.flags.map((flag) => flag.code)).toContain('offline_sign_in');
    }
    await fetch(`${stack.platformUrl}/api/v1/device/sessions/current/end`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(pageErrors).toEqual([]);
  });
});
