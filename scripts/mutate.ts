// `npm run mutate [-- FOLDER… --tests GLOBS --stryker-flags…]`: runs StrykerJS on the given folders (default: all in stryker.config.mjs), then prints the score per folder.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printScores } from './mutation-score.js';
import { typecheckMutants } from './mutation-typecheck.js';

const { mutatedFolders } = (await import(join(process.cwd(), 'stryker.config.mjs'))) as { mutatedFolders: Record<string, string[]> };

const args = process.argv.slice(2);
const folders = args.filter((a) => !a.startsWith('-') && !args[args.indexOf(a) - 1]?.startsWith('--'));
// --tests GLOB[,GLOB…]: run only these test files against the mutants (default: every unit test of vitest.stryker.config.ts)
const testsAt = args.indexOf('--tests');
const tests = testsAt >= 0 ? args[testsAt + 1] : undefined;
if (testsAt >= 0 && (tests === undefined || tests.startsWith('-'))) {
  console.error('nabla mutate: --tests needs a comma-separated list of test files or folders, e.g. --tests test/autodiff');
  process.exit(2);
}
const passThrough = args.filter((a, i) => !folders.includes(a) && (testsAt < 0 || (i !== testsAt && i !== testsAt + 1)));

const globs = folders.flatMap((folder) => {
  const named = mutatedFolders[folder] ?? Object.entries(mutatedFolders).find(([name]) => name.startsWith(folder))?.[1];
  if (named) return named;
  if (existsSync(folder)) return [folder.endsWith('.ts') ? folder : `${folder.replace(/\/$/, '')}/**/*.ts`];
  console.error(`nabla mutate: ${folder} is neither a folder of stryker.config.mjs (${Object.keys(mutatedFolders).join(', ')}) nor a path`);
  process.exit(2);
});

// Stryker's incremental file keeps only the mutants of the run that wrote it, so each set of folders keeps its own:
// a run on src/nn does not discard what a run on src/autodiff remembered.
const slug = folders.length > 0 ? folders.map((f) => f.replace(/\/$/, '').replace(/[^A-Za-z0-9]+/g, '-')).join('+') : 'all';
const incremental = passThrough.includes('--incrementalFile') ? [] : ['--incrementalFile', `reports/mutation/incremental/${slug}.json`];

const stryker = join('node_modules', '.bin', 'stryker');
const mutate = globs.length > 0 ? ['--mutate', [...globs, '!**/index.ts'].join(',')] : [];
const env = tests === undefined ? process.env : { ...process.env, NABLA_MUTATE_TESTS: tests };
const run = spawnSync(stryker, ['run', ...mutate, ...incremental, ...passThrough], { stdio: 'inherit', env });
if (run.status === 0) {
  const reportFile = 'reports/mutation/mutation.json';
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Parameters<typeof typecheckMutants>[0];
  const marked = typecheckMutants(report);
  writeFileSync(reportFile, JSON.stringify(report));
  console.log(`\n${marked} mutant(s) do not type-check: marked CompileError, not counted`);
  printScores(reportFile, mutatedFolders);
}
process.exit(run.status ?? 1);
