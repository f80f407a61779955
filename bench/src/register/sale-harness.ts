// Timing inside the page for completing one sale: when "Pay" and "Complete sale" are clicked
// (capture listener, before the app's handlers) and when the receipt screen's "New sale"
// button is in the DOM and its frame rendered. Times are epoch milliseconds
// (performance.timeOrigin + performance.now()), comparable with Node's clock for the
// server's answer.
import type { Page } from 'playwright-core';

export interface SaleTiming {
  readonly pay: number;
  readonly complete: number;
  readonly receipt: number;
}

interface Harness {
  arm(): void;
  wait(timeoutMs: number): Promise<SaleTiming | { error: string }>;
}

type WithHarness = Window & { __tillpointSale?: Harness };

export async function installSaleHarness(page: Page): Promise<void> {
  await page.evaluate(() => {
    const win = window as WithHarness;
    if (win.__tillpointSale) return;
    const epoch = () => performance.timeOrigin + performance.now();
    const nameOf = (element: Element): string =>
      (element.getAttribute('aria-label') ?? element.textContent ?? '').trim();
    let pay: number | null = null;
    let complete: number | null = null;
    let result: SaleTiming | null = null;
    let settle: ((value: SaleTiming) => void) | null = null;
    let seen = false;

    document.addEventListener(
      'click',
      (event) => {
        const button = event.target instanceof Element ? event.target.closest('button') : null;
        if (!button) return;
        const name = nameOf(button);
        if (pay === null && /^Pay\b/.test(name)) pay = epoch();
        if (complete === null && name === 'Complete sale') complete = epoch();
      },
      true,
    );

    new MutationObserver(() => {
      if (complete === null || seen) return;
      const receipt = [...document.querySelectorAll('button')].some(
        (button) => nameOf(button) === 'New sale',
      );
      if (!receipt) return;
      seen = true;
      const started = { pay: pay ?? complete, complete };
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          result = { ...started, receipt: epoch() };
          settle?.(result);
        };
        channel.port2.postMessage(null);
      });
    }).observe(document.documentElement, { childList: true, subtree: true });

    win.__tillpointSale = {
      arm() {
        pay = null;
        complete = null;
        result = null;
        settle = null;
        seen = false;
      },
      wait(timeoutMs: number) {
        if (result) return Promise.resolve(result);
        return new Promise((resolve) => {
          const timer = setTimeout(
            () =>
              resolve({
                error: `no receipt after ${timeoutMs} ms (pay ${pay === null ? 'not ' : ''}seen, complete ${complete === null ? 'not ' : ''}seen)`,
              }),
            timeoutMs,
          );
          settle = (value) => {
            clearTimeout(timer);
            resolve(value);
          };
        });
      },
    };
  });
}

export async function armSale(page: Page): Promise<void> {
  await page.evaluate(() => (window as WithHarness).__tillpointSale?.arm());
}

export async function saleTiming(page: Page, timeoutMs = 15_000): Promise<SaleTiming> {
  const outcome = await page.evaluate(
    (timeout: number) =>
      (window as WithHarness).__tillpointSale?.wait(timeout) ??
      Promise.resolve({ error: 'the sale harness is not installed' }),
    timeoutMs,
  );
  if ('error' in outcome) throw new Error(outcome.error);
  return outcome;
}
