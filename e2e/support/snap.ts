// Deliberate screenshots of the main screens, kept in e2e/screenshots/ to show the register.
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../screenshots/', import.meta.url));

export async function snap(page: Page, name: string): Promise<string> {
  if (!/^[a-z0-9-]+$/.test(name))
    throw new Error(`screenshot names are kebab-case (got "${name}")`);
  const path = `${SCREENSHOT_DIR}${name}.png`;
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}
