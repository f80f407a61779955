// Debian's Chromium driven by playwright-core, with the flags of e2e/playwright.config.ts.
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A fresh profile (its own IndexedDB, localStorage and service worker): one new till. */
export function newTill(browser: Browser, registerUrl: string): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: registerUrl,
    serviceWorkers: 'allow',
    viewport: { width: 1280, height: 800 },
  });
}
