// The store's internet connection dropping and coming back, for the whole browser context (the
// page and its service worker alike).
import type { BrowserContext } from '@playwright/test';

export async function goOffline(context: BrowserContext): Promise<void> {
  await context.setOffline(true);
}

export async function goOnline(context: BrowserContext): Promise<void> {
  await context.setOffline(false);
}
