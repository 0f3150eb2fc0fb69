// StrykerJS mutation testing of the heart and the numerics: `npm run mutate` (all folders) or `npm run mutate -- src/core` (some).
// Equivalent mutants (changes that cannot alter any result) are listed, with the reason, in stryker-equivalent-mutants.md.

/** The folders whose mutation score is tracked; the calculus solvers are the files named here. */
export const mutatedFolders = {
  'src/core': ['src/core/**/*.ts'],
  'src/ops': ['src/ops/**/*.ts'],
  'src/autodiff': ['src/autodiff/**/*.ts'],
  'src/backend/reference': ['src/backend/reference/**/*.ts'],
  'src/nn': ['src/nn/**/*.ts'],
  'src/optim': ['src/optim/**/*.ts'],
  'src/calculus (solvers)': [
    'src/calculus/newton.ts',
    'src/calculus/homotopy-continuation.ts',
    'src/calculus/complex-solve.ts',
    'src/calculus/lu-solve.ts',
    'src/calculus/symmetric-eigen.ts',
    'src/calculus/critical-points.ts',
    'src/calculus/gradient-descent.ts',
  ],
};

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  // the unit tests of the library only: the CLI, MNIST and README suites train networks and spawn processes,
  // which would make every mutant cost minutes; a mutant only they would catch counts as a survivor here
  vitest: { configFile: 'vitest.stryker.config.ts', related: false },
  // no checker during the run: Stryker's TypeScript checker was the bottleneck on two shared cores (a mutant a few seconds);
  // scripts/mutation-typecheck.ts marks the mutants that do not type-check afterwards (the same 114 of 561 in core and optim);
  // `--checkers typescript` brings Stryker's own whole-project checker back (@stryker-mutator/typescript-checker)
  checkers: [],
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  tsconfigFile: 'tsconfig.json',
  coverageAnalysis: 'perTest',
  mutate: Object.values(mutatedFolders).flat().concat('!**/index.ts'),
  // asm/ is AssemblyScript (decorators Babel cannot parse); only src and test run under vitest
  disableTypeChecks: '{src,test}/**/*.{js,ts}',
  ignorePatterns: ['dist', 'runs', 'reports', 'docs', 'examples', '.stryker-tmp'],
  // reruns test only the mutants whose code or covering tests changed since the last run
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['progress', 'clear-text', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  concurrency: 1,
  // added to 1.5 × the covering tests' own time before a mutant counts as timed out (an infinite loop)
  timeoutMS: 5000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
