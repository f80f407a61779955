import { defineConfig } from 'vitest/config';

// One vitest run for the whole monorepo so the suite prints a single summary line and
// database tests share one freshly migrated test database (see packages/db/src/testing).
export default defineConfig({
  test: {
    include: ['{packages,apps,plugins}/*/src/**/*.test.ts', 'apps/register/app/**/*.test.ts'],
    globalSetup: ['packages/db/src/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
