// Test runner settings for mutation testing (stryker.config.mjs): the library's unit tests, without the CLI, MNIST and README suites.
// NABLA_MUTATE_TESTS (set by `npm run mutate -- … --tests test/autodiff,test/ops/gradients.test.ts`) narrows them to some files or folders.

import { defineConfig } from 'vitest/config';

/** A folder becomes every test file under it; a file or glob stays as given. */
const asGlob = (path: string): string => (path.endsWith('.ts') || path.includes('*') ? path : `${path.replace(/\/$/, '')}/**/*.test.ts`);

const narrowed = process.env.NABLA_MUTATE_TESTS?.split(',').map((p) => p.trim()).filter((p) => p !== '');

export default defineConfig({
  test: {
    include: narrowed && narrowed.length > 0 ? narrowed.map(asGlob) : ['test/**/*.test.ts'],
    exclude: ['test/cli/**', 'test/mnist/**', 'test/train/**', 'test/labs/**', 'test/plot/**', 'test/data/**', 'test/io/**', 'test/readme*.test.ts', 'node_modules/**'],
    pool: 'threads',
    testTimeout: 60_000,
  },
});
