// Steps a store lives through on the register, shared by the journeys: pairing, signing in,
// scanning, counting a drawer, and the owner's view of the server to check the outcome.

import { expect, type Locator, type Page } from '@playwright/test';
import { createTillpointClient, ok, type TillpointClient } from '@tillpoint/api-client';
import { control } from './control.ts';
import { readStack, type StackStaff } from './stack.ts';

/** Cents as the register shows them in USD: 3166 → "$31.66". */
export function usd(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const cents = Math.abs(minor);
  const dollars = Math.floor(cents / 100).toLocaleString('en-US');
  return `${sign}$${dollars}.${String(cents % 100).padStart(2, '0')}`;
}

/** "$1,234.56" or "-$0.25" on screen → minor units. */
export function minorOf(text: string): number {
  const match = /(-?)\$([\d,]+)\.(\d{2})/.exec(text);
  if (!match) throw new Error(`no dollar amount in "${text}"`);
  const [, sign, dollars = '0', cents = '0'] = match;
  const value = Number(dollars.replaceAll(',', '')) * 100 + Number(cents);
  return sign === '-' ? -value : value;
}

let owner: Promise<TillpointClient> | null = null;

/** The retailer's owner signed in to the platform: reads what the back office would show. */
export function ownerClient(): Promise<TillpointClient> {
  owner ??= (async () => {
    const stack = readStack();
    const client = createTillpointClient({ baseUrl: stack.platformUrl, cookies: 'jar' });
    await client.signIn(stack.owner.email, stack.owner.password);
    return client;
  })();
  return owner;
}

/**
 * The owner turns on receipt printing in the back office (Plugins → ESC/POS printer, 80 mm
 * paper), as a retailer does before the first printed receipt; nothing when it is already on.
 */
export async function enableReceiptPrinting(): Promise<void> {
  const { api } = await ownerClient();
  const key = 'printer-escpos';
  const plugin = await ok(api.GET('/api/v1/plugins/{key}', { params: { path: { key } } }));
  if (plugin.installation?.status === 'enabled') return;
  if (!plugin.installation)
    await ok(
      api.PUT('/api/v1/plugins/{key}/installation', {
        params: { path: { key } },
        body: { config: { paperWidthMm: 80 } },
      }),
    );
  await ok(api.POST('/api/v1/plugins/{key}/installation/enable', { params: { path: { key } } }));
}

/** Pairs the register in this browser with a fresh code the owner made (optionally another register). */
export async function pairRegister(page: Page, registerId?: string): Promise<void> {
  const { code } = await control.pairingCode(registerId);
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'Pair this register' })).toBeVisible();
  await page.getByLabel('Pairing code').fill(code);
}

/** Picks the staff member on the sign-in screen and types their PIN. */
export async function signIn(page: Page, staff: StackStaff): Promise<void> {
  await page.getByRole('button', { name: new RegExp(staff.name) }).click();
  await page.getByLabel('PIN', { exact: true }).fill(staff.pin);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** What a USB scanner does: types the code into the focused scan box and presses Enter. */
export async function scan(page: Page, barcode: string): Promise<void> {
  const box = page.getByLabel('Scan or search');
  await expect(box).toBeFocused();
  await box.pressSequentially(barcode);
  await box.press('Enter');
}

/** Fills a denomination count: { '$20.00 notes': 3, '$0.25 coins': 4 }. */
export async function countDrawer(
  scope: Page | Locator,
  counts: Readonly<Record<string, number>>,
): Promise<void> {
  for (const [name, count] of Object.entries(counts))
    await scope.getByLabel(`Count of ${name}`, { exact: true }).fill(String(count));
}

/** The amount shown next to a label in a totals list (<dt>label</dt><dd>amount</dd>). */
export async function figure(scope: Locator, label: string): Promise<number> {
  const row = scope.locator('.totals-row').filter({
    has: scope.page().locator('dt', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }),
  });
  return minorOf(await row.locator('dd').innerText());
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
