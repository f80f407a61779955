// The specs' `test`: baseURL is the register of the running stack, and `stack` / `control` are
// at hand without imports. stack.json is read when a test runs, never while specs are listed
// (that happens before global setup has started the stack).
import { test as base, expect } from '@playwright/test';
import { control } from './control.ts';
import { readStack, type StackInfo } from './stack.ts';

interface StackFixtures {
  readonly stack: StackInfo;
  readonly control: typeof control;
}

export const test = base.extend<Record<never, never>, StackFixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
  baseURL: async ({}, use) => {
    await use(readStack().registerUrl);
  },
  stack: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      await use(readStack());
    },
    { scope: 'worker' },
  ],
  control: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      await use(control);
    },
    { scope: 'worker' },
  ],
});

export { expect };
