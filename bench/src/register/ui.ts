// The register's screens as a cashier goes through them, by their accessible names.
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { StackInfo } from '../../../e2e/stack/stack-file.ts';

const STEP_MS = 30_000;

/** device/preferences.ts: auto-lock off, so a minutes-long sync never ends on the lock screen. */
export async function disableAutoLock(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    try {
      if (!location.pathname.startsWith('/register')) return;
      const key = 'tillpoint.register.preferences';
      if (localStorage.getItem(key) === null)
        localStorage.setItem(key, JSON.stringify({ autoLockMinutes: 0, quickKeys: [] }));
    } catch {
      // about:blank and opaque origins have no localStorage.
    }
  });
}

export function scanField(page: Page): Locator {
  return page.getByLabel('Scan or search', { exact: true });
}

/** Types the code a manager created and submits it; resolves at the moment of submitting. */
export async function submitPairingCode(page: Page, code: string): Promise<number> {
  const field = page.getByLabel('Pairing code', { exact: true });
  await field.waitFor({ state: 'visible', timeout: STEP_MS });
  await field.fill(code);
  const at = Date.now();
  await field.press('Enter');
  return at;
}

/** Picks the cashier from the staff list and enters the PIN. */
export async function signIn(page: Page, stack: StackInfo): Promise<void> {
  const pin = page.getByLabel('PIN', { exact: true });
  const staff = page.getByRole('button', { name: stack.cashier.name });
  await Promise.race([
    pin.waitFor({ state: 'visible', timeout: STEP_MS }),
    staff.first().waitFor({ state: 'visible', timeout: STEP_MS }),
  ]);
  if (await staff.first().isVisible()) await staff.first().click();
  await pin.waitFor({ state: 'visible', timeout: STEP_MS });
  await pin.fill(stack.cashier.pin);
  await pin.press('Enter');
}

/**
 * Pairs a fresh till and signs the cashier in. Does not wait for the sell screen: it shows
 * "Getting the catalog" until the first sync has finished.
 */
export async function pairAndSignIn(
  page: Page,
  stack: StackInfo,
  pairingCode: string,
): Promise<{ pairedAt: number }> {
  await page.goto('./');
  const pairedAt = await submitPairingCode(page, pairingCode);
  await signIn(page, stack);
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'), { timeout: STEP_MS });
  return { pairedAt };
}

/** Scan field focused, as a USB scanner needs it. */
export async function focusScan(page: Page): Promise<void> {
  const field = scanField(page);
  await field.waitFor({ state: 'visible', timeout: STEP_MS });
  await field.click();
}

/** Pays the open cart with exact cash and waits for the receipt; then starts a new sale. */
export async function payExactCash(page: Page): Promise<void> {
  // "Pay $12.34 F12": the amount due is part of the button's name.
  await page.getByRole('button', { name: /^Pay\b/ }).click();
  await page.getByRole('button', { name: 'Cash', exact: true }).click();
  await page.getByRole('button', { name: 'Exact', exact: true }).click();
  await page.getByRole('button', { name: 'Complete sale', exact: true }).click();
  await page.getByRole('button', { name: 'New sale', exact: true }).waitFor({ timeout: STEP_MS });
}

/** Empties the cart without selling ("Clear sale"). */
export async function clearSale(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Clear sale', exact: true }).click();
}

export async function newSale(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'New sale', exact: true }).click();
  await scanField(page).waitFor({ state: 'visible', timeout: STEP_MS });
}
