// Every answer the page gets to POST /api/v1/sales/submit, with Node's clock at its arrival:
// the moment the server has committed that sale (it answers after the transaction).
import type { Page } from 'playwright-core';

export interface SubmitAnswer {
  readonly saleId: string;
  readonly status: number;
  /** Epoch ms. */
  readonly at: number;
}

export interface SubmitWatch {
  readonly answers: SubmitAnswer[];
  /** The first answer (2xx) for saleId, waiting up to timeoutMs for it. */
  waitFor(saleId: string, timeoutMs: number): Promise<SubmitAnswer>;
  /** The first 2xx answer for a sale not in `known`, waiting up to timeoutMs. */
  waitForNew(known: ReadonlySet<string>, timeoutMs: number): Promise<SubmitAnswer>;
  stop(): void;
}

function saleIdOf(postData: string | null): string | null {
  if (postData === null) return null;
  try {
    const body: unknown = JSON.parse(postData);
    return typeof body === 'object' && body !== null && 'id' in body && typeof body.id === 'string'
      ? body.id
      : null;
  } catch {
    return null;
  }
}

export function watchSubmits(page: Page): SubmitWatch {
  const answers: SubmitAnswer[] = [];
  const listener = (response: import('playwright-core').Response) => {
    const request = response.request();
    if (request.method() !== 'POST' || !request.url().endsWith('/api/v1/sales/submit')) return;
    const saleId = saleIdOf(request.postData());
    if (saleId !== null) answers.push({ saleId, status: response.status(), at: Date.now() });
  };
  page.on('response', listener);
  const poll = async (find: () => SubmitAnswer | undefined, what: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no 2xx submit answer for ${what} in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const good = (answer: SubmitAnswer) => answer.status >= 200 && answer.status < 300;
  return {
    answers,
    waitFor: (saleId, timeoutMs) =>
      poll(() => answers.find((a) => a.saleId === saleId && good(a)), saleId, timeoutMs),
    waitForNew: (known, timeoutMs) =>
      poll(() => answers.find((a) => !known.has(a.saleId) && good(a)), 'a new sale', timeoutMs),
    stop: () => page.off('response', listener),
  };
}
