// Unit, importer, scenario, service and worker tests. Playwright end-to-end specs live under
// test/e2e and run through @playwright/test, so vitest leaves them alone.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 20000,
    pool: 'forks',
  },
});
