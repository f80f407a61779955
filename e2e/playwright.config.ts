// Browser journeys through the register in Debian's Chromium against the real platform, started
// (with its fakes) by global-setup.ts as a separate Node process. Run from the repository root:
//   npx playwright test -c e2e/playwright.config.ts
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

export const CHROMIUM = '/usr/bin/chromium';

// Each run keeps its stack file and results apart, so a benchmark or a second run on the same
// machine never reads another run's stack. Set here, in the runner, before global setup; workers
// inherit it.
process.env.E2E_RUN_TAG ??= `run-${process.pid}`;
const runTag = process.env.E2E_RUN_TAG;
process.env.E2E_STACK_DIR ??= fileURLToPath(new URL(`./.stack/${runTag}/`, import.meta.url));

export default defineConfig({
  testDir: './tests',
  outputDir: `./test-results/${runTag}`,
  // One register, one printer, one database: journeys run one after another.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  use: {
    browserName: 'chromium',
    // Set by global-setup.ts before workers start (they read this file again); the fixtures in
    // support/ set the same URL from stack.json.
    ...(process.env.E2E_REGISTER_URL ? { baseURL: process.env.E2E_REGISTER_URL } : {}),
    serviceWorkers: 'allow',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
