// Test runner settings: every test under test/, two workers for the two cores.

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'threads',
    maxWorkers: 2,
    testTimeout: 60_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
