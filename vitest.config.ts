import { defineConfig } from 'vitest/config';

// Three tiers (see docs/architecture.md#tests):
//  unit         *.test.ts            pure functions, no database
//  integration  *.int.test.ts        services and HTTP on a real PostgreSQL, one database per file
//  e2e          test/e2e/*.e2e.ts    a real browser against the running product
export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'fakes/**/*.test.ts', 'scripts/**/*.test.ts', 'web/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          setupFiles: ['./test/fast-check-setup.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src/**/*.int.test.ts', 'fakes/**/*.int.test.ts', 'test/**/*.int.test.ts'],
          globalSetup: ['./test/global-setup.ts'],
          setupFiles: ['./test/fast-check-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          globalSetup: ['./test/e2e/web-build-setup.ts', './test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          environment: 'node',
        },
      },
    ],
  },
});
