// Timing inside the page for one scan: performance.now() when Enter goes down in the scan field
// (a capture listener, so before the app's own handler), when the cart line naming the item is
// in the DOM (MutationObserver), and the frame that shows it (the first task after the next
// requestAnimationFrame, i.e. after that frame's rendering work).
import type { Page } from 'playwright-core';

export interface ScanTiming {
  readonly enter: number;
  /** Enter -> the line is in the DOM. */
  readonly domMs: number;
  /** Enter -> the frame showing the line has been rendered. */
  readonly frameMs: number;
}

interface Harness {
  arm(name: string): void;
  wait(timeoutMs: number): Promise<ScanTiming | { error: string }>;
}

type WithHarness = Window & { __tillpointScan?: Harness };

/** Installs the harness in the current document (again after a navigation). */
export async function installScanHarness(page: Page): Promise<void> {
  await page.evaluate(() => {
    const win = window as WithHarness;
    if (win.__tillpointScan) return;
    let name: string | null = null;
    let pattern: RegExp | null = null;
    let enter: number | null = null;
    let dom: number | null = null;
    let settle: ((value: ScanTiming | { error: string }) => void) | null = null;
    let result: ScanTiming | null = null;

    const isScanField = (target: EventTarget | null): boolean => {
      if (!(target instanceof HTMLInputElement)) return false;
      const labels = [...(target.labels ?? [])].map((label) => label.textContent ?? '');
      return [target.getAttribute('aria-label') ?? '', ...labels].some((text) =>
        text.includes('Scan or search'),
      );
    };

    window.addEventListener(
      'keydown',
      (event) => {
        if (event.key === 'Enter' && name !== null && enter === null && isScanField(event.target))
          enter = performance.now();
      },
      true,
    );

    const mentions = (node: Node | null): boolean =>
      node !== null && pattern?.test(node.textContent ?? '') === true;

    new MutationObserver((records) => {
      if (enter === null || dom !== null || pattern === null) return;
      const found = records.some(
        (record) =>
          (record.type === 'characterData' && mentions(record.target)) ||
          [...record.addedNodes].some(mentions),
      );
      if (!found) return;
      dom = performance.now();
      const started = enter;
      const inDom = dom;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          result = { enter: started, domMs: inDom - started, frameMs: performance.now() - started };
          settle?.(result);
        };
        channel.port2.postMessage(null);
      });
    }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });

    win.__tillpointScan = {
      arm(next: string) {
        name = next;
        // "Bulk item 12" must not match "Bulk item 123".
        pattern = new RegExp(`${next.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\d)`);
        enter = null;
        dom = null;
        result = null;
        settle = null;
      },
      wait(timeoutMs: number) {
        if (result) return Promise.resolve(result);
        return new Promise((resolve) => {
          const timer = setTimeout(
            () =>
              resolve({
                error: `no line for ${name} after ${timeoutMs} ms (enter ${enter === null ? 'not seen' : 'seen'})`,
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

/** Scans one code like a USB scanner (digits, then Enter) and times it inside the page. */
export async function timedScan(
  page: Page,
  code: string,
  name: string,
  timeoutMs = 5_000,
): Promise<ScanTiming> {
  await page.evaluate((item: string) => (window as WithHarness).__tillpointScan?.arm(item), name);
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  const outcome = await page.evaluate(
    (timeout: number) =>
      (window as WithHarness).__tillpointScan?.wait(timeout) ??
      Promise.resolve({ error: 'the scan harness is not installed' }),
    timeoutMs,
  );
  if ('error' in outcome) throw new Error(outcome.error);
  return outcome;
}
