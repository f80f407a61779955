// Stock is shared by every till of the store. When the last bag of an item goes elsewhere (the
// back till, a write-off in the back office) while it sits in this register's cart, the line
// says "Sold out" at once, with no reload; when a delivery is booked in, it says so too.
import { ok } from '@tillpoint/api-client';
import { expect, goOffline, goOnline, product, test } from '../support/index.ts';
import { ownerClient, pairRegister, scan, signIn } from '../support/journey.ts';

// "At once": the level reaches the register over the stockChanged subscription, not a poll.
const LIVE_WITHIN_MS = 3_000;

test.use({ actionTimeout: 15_000 });

test('a cart line shows "Sold out" the moment the last stock goes elsewhere, and back on delivery', async ({
  page,
  context,
  stack,
}) => {
  test.setTimeout(120_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const beans = product('Espresso Beans');
  if (!beans.barcode) throw new Error(`${beans.name} has no barcode`);
  const { api } = await ownerClient();

  const levelNow = async () => {
    const levels = await ok(
      api.GET('/api/v1/variants/{id}/stock', { params: { path: { id: beans.variantId } } }),
    );
    return levels.find((level) => level.storeId === stack.storeId)?.onHand ?? 0;
  };
  // The owner books stock in or writes it off, as the back office does.
  const adjust = async (quantity: number) => {
    const { levels } = await ok(
      api.POST('/api/v1/stores/{id}/stock-adjustments', {
        params: { path: { id: stack.storeId } },
        body: {
          note: 'Live stock journey',
          lines: [
            {
              variantId: beans.variantId,
              quantity,
              reason: quantity < 0 ? 'correction' : 'received',
            },
          ],
        },
      }),
    );
    return levels.find((level) => level.variantId === beans.variantId)?.onHand;
  };

  const opening = await levelNow();
  expect(opening).toBeGreaterThan(3);
  try {
    await pairRegister(page);
    await page.getByRole('button', { name: 'Pair register' }).click();
    await signIn(page, stack.cashier);
    await page.getByRole('link', { name: 'Sell' }).click();

    const cart = page.getByRole('list', { name: 'Cart' });
    const line = cart.getByRole('listitem').filter({ hasText: beans.name });
    await test.step('the item enters the cart with its level read from the server', async () => {
      // Three left before the register sees the item: only the first read can tell it.
      expect(await adjust(3 - opening)).toBe(3);
      await scan(page, beans.barcode ?? '');
      await expect(line.locator('.qty-value')).toHaveText('1');
      await expect(line.locator('.stock-badge')).toHaveText('3 left', { timeout: LIVE_WITHIN_MS });
    });

    // Anything that reloads the page would drop this mark.
    await page.evaluate(() => {
      document.documentElement.dataset.journeyMark = 'same page';
    });

    await test.step('the rest of the stock goes elsewhere: the line says "Sold out"', async () => {
      expect(await adjust(-(await levelNow()))).toBe(0);
      await expect(line.locator('.stock-badge')).toHaveText('Sold out', {
        timeout: LIVE_WITHIN_MS,
      });
      // Still sellable: the server decides by the tenant's allowNegativeStock setting.
      // The register does not refuse another one.
      await line.getByRole('button', { name: `Increase ${beans.name}` }).click();
      await expect(line.locator('.qty-value')).toHaveText('2');
      await expect(line.locator('.stock-badge')).toHaveText('Sold out');
    });

    await test.step('a search shows the same level on the result', async () => {
      await page.getByLabel('Scan or search').fill('Espresso');
      await page.getByLabel('Scan or search').press('Enter');
      const result = page
        .getByRole('region', { name: 'Search results' })
        .getByRole('button', { name: `Add ${beans.name}` });
      await expect(result.locator('.stock-badge')).toHaveText('Sold out', {
        timeout: LIVE_WITHIN_MS,
      });
      await page.getByRole('button', { name: 'Close results' }).click();
    });

    await test.step('a small delivery shows how many are left', async () => {
      expect(await adjust(2)).toBe(2);
      await expect(line.locator('.stock-badge')).toHaveText('2 left', {
        timeout: LIVE_WITHIN_MS,
      });
    });

    await test.step('offline it keeps the last known level, and catches up on reconnect', async () => {
      await goOffline(context);
      await expect(line.locator('.stock-badge')).toHaveText('2 left (last known)');
      // Sold elsewhere meanwhile: whatever reaches the register now is only "last known".
      expect(await adjust(-2)).toBe(0);
      await expect(line.locator('.stock-badge')).toHaveText(/\(last known\)$/);
      await goOnline(context);
      // Back online the level is read again (and the socket, had it died, reconnects).
      await expect(line.locator('.stock-badge')).toHaveText('Sold out', { timeout: 20_000 });
      expect(await adjust(opening)).toBe(opening);
      await expect(line.locator('.stock-badge')).toHaveCount(0, { timeout: LIVE_WITHIN_MS });
    });

    expect(await page.evaluate(() => document.documentElement.dataset.journeyMark ?? null)).toBe(
      'same page',
    );
    await expect(line.locator('.qty-value')).toHaveText('2');
    expect(pageErrors).toEqual([]);
  } finally {
    // Later journeys sell this item: leave the shelf as it was.
    const now = await levelNow();
    if (now !== opening) await adjust(opening - now);
  }
});
