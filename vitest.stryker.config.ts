// Test runner settings for mutation testing (stryker.config.mjs): the library's unit tests, without the CLI, MNIST and README suites.

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/cli/**', 'test/mnist/**', 'test/train/**', 'test/labs/**', 'test/plot/**', 'test/data/**', 'test/io/**', 'test/readme*.test.ts', 'node_modules/**'],
    pool: 'threads',
    testTimeout: 60_000,
  },
});
