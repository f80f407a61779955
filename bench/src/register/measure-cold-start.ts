// 3. Cold start of the installed app: a new page and a reload, with the network cut
// (context.setOffline) and, as the baseline, with it up. Timed inside each document from its
// navigation start (performance.now() is relative to it) to the moment the scan field exists
// and is enabled: the sell screen can take a scan.
import type { BrowserContext, Page } from 'playwright-core';
import { distribution, type MeasureResult } from './results.ts';
import type { Till } from './till.ts';

const ROUNDS = Number(process.env.COLD_ROUNDS ?? 8);
const READY_MS = 30_000;

interface StartProbe {
  interactive: number | null;
  controlled: boolean;
}

type WithProbe = Window & { __tillpointStart?: StartProbe };

async function installStartProbe(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    if (!location.pathname.startsWith('/register')) return;
    const probe: StartProbe = { interactive: null, controlled: false };
    (window as WithProbe).__tillpointStart = probe;
    const ready = (): boolean => {
      for (const input of document.querySelectorAll('input')) {
        const labels = [...(input.labels ?? [])].map((label) => label.textContent ?? '');
        const named = [input.getAttribute('aria-label') ?? '', ...labels].some((text) =>
          text.includes('Scan or search'),
        );
        if (named && !input.disabled) return true;
      }
      return false;
    };
    const observer = new MutationObserver(() => {
      if (probe.interactive !== null || !ready()) return;
      probe.interactive = performance.now();
      probe.controlled = navigator.serviceWorker?.controller != null;
      observer.disconnect();
    });
    observer.observe(document, { childList: true, subtree: true, attributes: true });
  });
}

async function readStart(page: Page): Promise<{ ms: number; controlled: boolean }> {
  await page.waitForFunction(
    () => ((window as WithProbe).__tillpointStart?.interactive ?? null) !== null,
    undefined,
    { timeout: READY_MS, polling: 50 },
  );
  return page.evaluate(() => {
    const probe = (window as WithProbe).__tillpointStart;
    return { ms: probe?.interactive ?? Number.NaN, controlled: probe?.controlled ?? false };
  });
}

async function newPageStart(context: BrowserContext, url: string) {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'commit' });
    return await readStart(page);
  } finally {
    await page.close();
  }
}

async function reloadStart(page: Page) {
  await page.reload({ waitUntil: 'commit' });
  return readStart(page);
}

export async function measureColdStart(till: Till, registerUrl: string): Promise<MeasureResult> {
  const { context, page } = till;
  const controlled = await page.evaluate(async () => {
    const registration = await Promise.race([
      navigator.serviceWorker?.ready,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000)),
    ]);
    return registration != null;
  });
  if (!controlled) throw new Error('no service worker became ready within 20 s');
  await installStartProbe(context);
  const samples = {
    newOnline: [] as number[],
    newOffline: [] as number[],
    reloadOnline: [] as number[],
    reloadOffline: [] as number[],
  };
  let uncontrolled = 0;
  const take = (into: number[], start: { ms: number; controlled: boolean }) => {
    into.push(start.ms);
    if (!start.controlled) uncontrolled += 1;
  };
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      take(samples.newOnline, await newPageStart(context, registerUrl));
      await context.setOffline(true);
      take(samples.newOffline, await newPageStart(context, registerUrl));
      take(samples.reloadOffline, await reloadStart(page));
      await context.setOffline(false);
      take(samples.reloadOnline, await reloadStart(page));
    }
  } finally {
    await context.setOffline(false);
  }
  return {
    id: 'cold-start',
    title: '3. cold start',
    rows: [
      distribution('register', 'new page, network cut -> scan field enabled', samples.newOffline),
      distribution('register', 'reload, network cut -> scan field enabled', samples.reloadOffline),
      distribution('baseline', 'new page, network up -> scan field enabled', samples.newOnline),
      distribution('baseline', 'reload, network up -> scan field enabled', samples.reloadOnline),
    ],
    notes: [
      `${ROUNDS} rounds, interleaved; ${uncontrolled} of ${ROUNDS * 4} starts were not controlled by the service worker`,
    ],
  };
}
